"""Members' text renders as the Markdown-lite subset and never as active HTML."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from community.rendering import ALLOWED_TAGS, render_text
from community.tests.xss_payloads import PAYLOADS


class Inspector(HTMLParser):
    """Every tag and attribute of a fragment, as a browser's tokenizer sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))


def inspect(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = Inspector()
    parser.feed(html)
    parser.close()
    return parser.tags


def problems(html: str) -> list[str]:
    found = []
    if "<script" in html.lower():
        found.append("<script")
    for tag, attrs in inspect(html):
        if tag not in ALLOWED_TAGS:
            found.append(f"tag {tag}")
        for name, value in attrs:
            if name.startswith("on"):
                found.append(f"{tag}[{name}]")
            if name not in ({"href", "rel"} if tag == "a" else set()):
                found.append(f"attribute {tag}[{name}]")
            if name == "href":
                scheme = urlsplit((value or "").strip()).scheme.lower()
                if scheme not in {"http", "https", "mailto"}:
                    found.append(f"href {value!r}")
            if name == "rel" and value != "nofollow ugc noopener":
                found.append(f"rel {value!r}")
    return found


def test_the_corpus_is_large_and_varied():
    assert len(PAYLOADS) >= 60
    assert len(set(PAYLOADS)) == len(PAYLOADS)
    joined = "\n".join(PAYLOADS).lower()
    for kind in (
        "<script",
        "onerror",
        "javascript:",
        "data:",
        "vbscript:",
        "<svg",
        "<math",
        "<iframe",
        "<object",
        "<embed",
        "expression(",
        "\uff1c",
        "\u200b",
        "\u202e",
        "&#",
    ):
        assert kind in joined, kind


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_survives(payload):
    html = str(render_text(payload))
    assert problems(html) == [], html
    # Also when the payload sits inside ordinary Markdown.
    wrapped = str(render_text(f"Hola **món**\n\n- {payload}\n\n> {payload}"))
    assert problems(wrapped) == [], wrapped


def test_the_inspector_catches_what_it_must():
    """The checks above would see an unsafe fragment (a test that cannot fail is
    a defect)."""
    assert problems('<a href="javascript:alert(1)">x</a>')
    assert problems("<img src=x onerror=alert(1)>")
    assert problems('<p onclick="x">x</p>')
    assert problems("<script>x</script>")
    assert problems('<a href="https://ok.example" title="t">x</a>')
    assert not problems(
        '<p><a href="https://ok.example" rel="nofollow ugc noopener">x</a></p>'
    )


def test_dangerous_text_stays_readable_as_text():
    html = str(render_text("<script>alert(1)</script>"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_markdown_lite_subset():
    html = str(
        render_text(
            "Hola *món* i **fort**, `codi`\nlínia nova\n\n"
            "- u\n- dos\n\n1. primer\n2. segon\n\n> una cita"
        )
    )
    assert "<em>món</em>" in html
    assert "<strong>fort</strong>" in html
    assert "<code>codi</code>" in html
    assert "<br>" in html
    assert "<ul>\n<li>u</li>" in html
    assert "<ol>\n<li>primer</li>" in html
    assert "<blockquote>\n<p>una cita</p>\n</blockquote>" in html
    assert str(render_text("    codi\n    en bloc")).startswith("<pre><code>codi")


def test_no_headings_images_or_rules():
    html = str(
        render_text("# Títol\n\nText\n\n---\n\n![foto](https://ok.example/a.png)")
    )
    tags = {tag for tag, _ in inspect(html)}
    assert not tags & {"h1", "h2", "hr", "img"}
    assert "# Títol" in html


def test_links_are_nofollow_ugc_and_bare_urls_become_links():
    html = str(
        render_text("Vegeu [la fitxa](https://ok.example/a) o https://ok.example/b.")
    )
    links = [dict(attrs) for tag, attrs in inspect(html) if tag == "a"]
    assert links == [
        {"href": "https://ok.example/a", "rel": "nofollow ugc noopener"},
        {"href": "https://ok.example/b", "rel": "nofollow ugc noopener"},
    ]
    assert "https://ok.example/b</a>." in html  # the full stop is not in the link
    mail = str(render_text("<anna@ajuntament.example>"))
    assert 'href="mailto:anna@ajuntament.example"' in mail


def test_urls_in_code_and_link_text_are_not_linked_twice():
    html = str(
        render_text("[https://a.example](https://b.example) `https://c.example`")
    )
    assert html.count("<a ") == 1
    assert "<code>https://c.example</code>" in html


def test_relative_and_foreign_scheme_links_lose_their_href():
    for text in ("[x](/ca/projectes/)", "[x](ftp://ok.example/)", "[x](tel:+34)"):
        html = str(render_text(text))
        assert "href" not in html, html
        assert ">x</a>" in html


def test_empty_text_and_pure_function():
    assert render_text("") == ""
    assert render_text(None) == ""
    assert render_text("a\r\nb") == render_text("a\nb")
