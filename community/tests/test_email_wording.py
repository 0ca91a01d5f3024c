"""The emails of the contact and visit forms read right in every language: the
site's name in the reader's language, and no "de Ajuntament" in a Catalan
subject when the administration's name starts with a vowel."""

import pytest
from django.core import mail

from community.tests import test_requests
from community.tests.test_requests import (
    CONTACT,
    VISIT,
    contact_url,
    csrf_client,
    submit,
    visit_url,
)

# The same project file (two contacts) and members (Marta) as test_requests.py.
project = test_requests.project
make_member = test_requests.make_member

CATALAN_NAME = "Observatori de la transformació digital local"
ENGLISH_NAME = "Observatory of local digital transformation"


def signature(body: str) -> str:
    """The line under the "-- " separator."""
    return body.split("\n-- \n", 1)[1].strip().splitlines()[0]


@pytest.mark.django_db
def test_an_english_members_visit_receipt_is_signed_with_the_english_name(
    project, make_member
):
    member = make_member(language="en")
    # The form is the Catalan page's: the request is processed in Catalan.
    response = submit(csrf_client(member.user), visit_url(project), VISIT)
    assert response.status_code == 302
    relay, receipt = mail.outbox
    assert receipt.to == ["marta@example.org"]
    assert "We have relayed your request" in receipt.body
    assert signature(receipt.body) == ENGLISH_NAME
    assert CATALAN_NAME not in receipt.body
    # The project's team reads Catalan, signed with the Catalan name.
    assert signature(relay.body) == CATALAN_NAME


@pytest.mark.django_db
def test_a_spanish_members_contact_receipt_is_signed_with_the_spanish_name(
    project, make_member
):
    member = make_member(language="es")
    submit(csrf_client(member.user), contact_url(project), CONTACT)
    _relay, receipt = mail.outbox
    assert signature(receipt.body) == "Observatorio de la transformación digital local"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "organisation", ["Ajuntament d'Olot", "Ajuntament de Manlleu", "Institut Obert"]
)
def test_catalan_visit_subject_never_puts_de_before_the_entity(project, organisation):
    submit(csrf_client(), visit_url(project), {**VISIT, "organisation": organisation})
    relay, _receipt = mail.outbox
    assert relay.subject.endswith(
        f"Sol·licitud de visita a «Padró en línia» ({organisation})"
    )
    assert f"de {organisation}" not in relay.subject


@pytest.mark.django_db
def test_catalan_contact_subject_reads_right_with_a_name_starting_with_a_vowel(
    project,
):
    submit(csrf_client(), contact_url(project), {**CONTACT, "name": "Anna Oms"})
    relay, _receipt = mail.outbox
    assert relay.subject.endswith("Anna Oms us escriu sobre «Padró en línia»")
