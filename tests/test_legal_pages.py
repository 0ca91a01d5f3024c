"""The privacy notice and the terms of use: in every language, linked from every
page's footer and from the sign-up form; and the favicon every browser asks for."""

import re

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

PAGES = {
    "ca": (
        "/ca/privacitat/",
        "Avís de privacitat",
        "/ca/condicions/",
        "Condicions d'ús",
    ),
    "es": (
        "/es/privacidad/",
        "Aviso de privacidad",
        "/es/condiciones/",
        "Condiciones de uso",
    ),
    "en": ("/en/privacy/", "Privacy notice", "/en/terms/", "Terms of use"),
}


def html_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("language", ["ca", "es", "en"])
@override_settings(OBSERVATORY_PRIVACY_CONTACT="dades@observatori.example")
def test_the_legal_pages_exist_in_every_language(client, site_pages, language):
    privacy_url, privacy_title, terms_url, terms_title = PAGES[language]
    privacy = html_of(client, privacy_url)
    assert f'<html lang="{language}">' in privacy
    assert f"<h1>{privacy_title}</h1>" in privacy
    # True to docs/data-protection.md: the contact, the retention of submissions,
    # the member's own tools for their rights.
    assert 'href="mailto:dades@observatori.example"' in privacy
    assert "365" in privacy
    for section in ("contact", "visitors", "members", "submissions", "rights"):
        assert f'id="{section}"' in privacy
    assert f'href="{terms_url}"' in privacy
    terms = html_of(client, terms_url)
    assert f"<h1>{terms_title}</h1>" in terms
    assert f'href="{privacy_url}"' in terms


@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_every_footer_links_to_them(client, site_pages, language):
    privacy_url, privacy_title, terms_url, terms_title = PAGES[language]
    for url in (f"/{language}/", site_pages["projects"][language].url, privacy_url):
        html = html_of(client, url)
        footer = html.split('<footer class="site-footer">')[1]
        assert f'<a href="{privacy_url}">{privacy_title}</a>' in footer, url
        assert f'<a href="{terms_url}">{terms_title}</a>' in footer.replace(
            "&#x27;", "'"
        ), url


def test_the_sign_up_form_says_what_joining_accepts(client, site_pages):
    html = html_of(client, "/ca/comptes/signup/")
    consent = re.search(r'<p class="account-form__consent">(.*?)</p>', html, re.S)
    assert consent, "no consent line on the sign-up form"
    assert consent.group(1) == (
        'En registrar-vos accepteu les <a href="/ca/condicions/">condicions '
        "d'ús</a> i declareu que heu llegit l'<a href=\"/ca/privacitat/\">"
        "avís de privacitat</a>."
    )
    # Before the button: read before signing up.
    assert html.index("account-form__consent") < html.index(
        'type="submit"', html.index("account-form")
    )


def test_the_sign_up_honeypot_is_labelled_and_hidden_from_assistive_technology(
    client, site_pages
):
    html = html_of(client, "/en/accounts/signup/")
    wrapper = re.search(
        r'<div class="hp-field" aria-hidden="true">(.*?)</div>', html, re.S
    )
    assert wrapper, "the honeypot is not in its aria-hidden wrapper"
    field = wrapper.group(1)
    assert '<label for="id_website">Leave this field empty</label>' in field
    tag = re.search(r"<input[^>]*>", field).group(0)
    assert 'autocomplete="off"' in tag and 'tabindex="-1"' in tag
    assert 'name="website"' in tag and "style=" not in tag
    assert "nope" not in html


def test_favicon_ico_leads_to_the_svg_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert re.fullmatch(r"/static/favicon(\.[0-9a-f]+)?\.svg", response["Location"])
    html = client.get("/en/privacy/").content.decode()
    assert re.search(r'<link rel="icon" href="/static/favicon[^"]*\.svg"', html)
