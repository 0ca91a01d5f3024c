"""Cross-field rules of the analysis blocks, as an editor meets them."""

import pytest
from wagtail.blocks.struct_block import StructBlockValidationError

from project_pages.blocks.analysis import BenefitBlock, score_beyond_scale


@pytest.mark.parametrize(
    ("indicator", "beyond"),
    [
        ("Valoració del servei: 20 sobre 10", ("20", "10")),
        ("Valoración: 11 de 10", ("11", "10")),
        ("Rated 5.5 out of 5", ("5.5", "5")),
        ("Valoració del servei: 8,4 sobre 10", None),
        ("10 de 10", None),
        ("4 of 5 departments", None),
        ("Temps mitjà de resolució: de 21 a 9 dies", None),
        ("2023/24: 70 % dels tràmits en línia", None),
        ("", None),
    ],
)
def test_score_beyond_scale(indicator, beyond):
    assert score_beyond_scale(indicator) == beyond


def test_a_benefits_rating_above_its_scale_is_an_error_on_the_indicator():
    block = BenefitBlock()
    value = block.to_python(
        {"title": "Satisfacció", "description": "", "indicator": "20 sobre 10"}
    )
    with pytest.raises(StructBlockValidationError) as caught:
        block.clean(value)
    assert set(caught.value.block_errors) == {"indicator"}
    good = block.to_python(
        {"title": "Satisfacció", "description": "", "indicator": "8 sobre 10"}
    )
    assert block.clean(good)["indicator"] == "8 sobre 10"
