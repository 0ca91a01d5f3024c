"""The observatory in numbers in a real Chromium: charts that read well on a desktop
and on a 390 px phone, each beside (or above) the table of its numbers."""

import datetime

import pytest
from django.utils import timezone

from project_pages.factories import EntityFactory, ProjectPageFactory, analysis_value
from project_pages.vocabularies import AreaCode, Phase

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def projects(site_pages):
    index = site_pages["projects"]["ca"]
    areas = list(AreaCode)
    phases = list(Phase)
    for i in range(9):
        ProjectPageFactory(
            parent=index,
            title=f"Projecte {i}",
            entities=[EntityFactory()],
            areas=[areas[i % len(areas)], areas[(i + 2) % len(areas)]],
            phase=phases[i % len(phases)],
            analysis=analysis_value(),
            first_published_at=timezone.now() - datetime.timedelta(days=200 * i),
            start_date=datetime.date(2016 + i, 1, 1),
        )


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_figures_page_looks_right(
    live_server, open_page, projects, viewport, screenshots_dir
):
    page, watcher = open_page(viewport)
    response = page.goto(live_server.url + "/ca/xifres/")
    assert response.status == 200
    page.screenshot(
        path=str(screenshots_dir / f"figures-{viewport}.png"), full_page=True
    )

    assert not watcher.problems()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"scrolls sideways by {overflow}px"
    layout = page.evaluate(
        """() => [...document.querySelectorAll('.figures-pair')].map(pair => {
            const drawing = pair.querySelector('svg');
            const svg = drawing.getBoundingClientRect();
            const box = drawing.viewBox.baseVal;
            const table = pair.querySelector('table').getBoundingClientRect();
            const label = pair.querySelector('svg text').getBoundingClientRect();
            return {svgRight: svg.right, svgBottom: svg.bottom, svgHeight: svg.height,
                    expectedHeight: svg.width * box.height / box.width,
                    tableLeft: table.left, tableTop: table.top,
                    labelHeight: label.height};
        })"""
    )
    assert len(layout) == 7
    for chart in layout:
        assert chart["svgHeight"] == pytest.approx(chart["expectedHeight"], abs=1)
        # Text in the drawing at least as tall as 12 px text on the page.
        assert chart["labelHeight"] >= 12
        if viewport == "desktop":
            assert chart["tableLeft"] >= chart["svgRight"], "table beside the chart"
        else:
            assert chart["tableTop"] >= chart["svgBottom"], "table below the chart"
