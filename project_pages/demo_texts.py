"""The words of the demo content, read from the JSON files in ``demo_data/``.

The texts live as data so that a writer can change them without reading Python;
this module turns them into the shapes the builders in ``demo.py`` use. Themes come
from the observatory's areas and the fields the caravan's visits cover; articles
echo the observatory's news and opinion posts. Catalan first; a subset of themes
carries Spanish and English texts (``themes-es.json``, ``themes-en.json``) for the
pages written in (or translated into) those languages.

The files:

* ``themes.json``: one entry per kind of project (areas, transformation types,
  tags, tools, its own barrier, benefit and objectives), and ``themes-LANG.json``:
  the title, summary, description and value of each theme in that language;
* ``analysis.json``: tools, barriers, benefits and methodologies any project may
  list; ``project-fields.json``: plans, scopes, milestones, contact people and
  the extras of the rich files; ``media.json``: videos, links and the media
  library;
* ``articles.json`` and ``standard-pages.json``: the editorial pages, their bodies
  as a list of parts (``paragraphs``, ``heading``, ``list``, ``quote``);
* ``entities.json`` and ``places.json``: read by ``demo.py`` and ``factories.py``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "demo_data"
LANGUAGES = ("ca", "es", "en")


@cache
def read(name: str) -> Any:
    """The parsed content of ``demo_data/<name>``."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def body_stream(parts: list[dict]) -> list[dict]:
    """A StreamField value (paragraph and quote blocks) from a body in the data."""
    blocks = []
    for part in parts:
        if "paragraphs" in part:
            html = "".join(f"<p>{text}</p>" for text in part["paragraphs"])
        elif "heading" in part:
            html = f"<h2>{part['heading']}</h2>"
        elif "list" in part:
            html = "<ul>" + "".join(f"<li>{item}</li>" for item in part["list"])
            html += "</ul>"
        else:
            value = {"text": part["quote"], "attribution": part["attribution"]}
            blocks.append({"type": "quote", "value": value})
            continue
        blocks.append({"type": "paragraph", "value": html})
    return blocks


def _themes() -> list[dict]:
    """Each theme with its texts under its languages' codes, e.g. theme["es"]."""
    texts = {language: read(f"themes-{language}.json") for language in LANGUAGES}
    themes = []
    for entry in read("themes.json"):
        theme = {name: entry[name] for name in ("key", "areas", "types", "tags")}
        theme["tech"] = entry["tech"]
        for language in LANGUAGES:
            if entry["key"] in texts[language]:
                theme[language] = texts[language][entry["key"]]
        barrier, benefit = entry["barrier"], entry["benefit"]
        theme["barrier"] = (
            barrier["title"],
            barrier["description"],
            barrier["mitigation"],
        )
        theme["benefit"] = (
            benefit["title"],
            benefit["description"],
            benefit["indicator"],
        )
        objectives = entry["objectives"]
        theme["objectives"] = (objectives["general"], objectives["operational"])
        themes.append(theme)
    return themes


_analysis = read("analysis.json")
_fields = read("project-fields.json")
_media = read("media.json")

# (kind, open source, link) by name: the tools a project lists in its analysis.
TECHNOLOGIES: dict[str, tuple[str, bool, str]] = {
    name: (tool["kind"], tool["open_source"], tool["url"])
    for name, tool in _analysis["technologies"].items()
}
THEMES: list[dict] = _themes()
COMMON_BARRIERS: list[tuple[str, str, str]] = [
    (b["title"], b["description"], b["mitigation"]) for b in _analysis["barriers"]
]
COMMON_BENEFITS: list[tuple[str, str, str]] = [
    (b["title"], b["description"], b["indicator"]) for b in _analysis["benefits"]
]
METHODOLOGIES: list[str] = _analysis["methodologies"]

PLANS: list[str] = _fields["plans"]
SCOPES: list[str] = _fields["scopes"]
MILESTONES: list[str] = _fields["milestones"]
# (name, role, department) of the people to contact; personal data, demo only.
CONTACT_PEOPLE: list[tuple[str, str, str]] = [
    (p["name"], p["role"], p["department"]) for p in _fields["contact_people"]
]

# Real, long-lived public videos (Blender's open films, Vimeo's staff picks) used
# as stand-ins: the demo must not point at random people's channels.
VIDEOS: list[tuple[str, str]] = [(v["title"], v["url"]) for v in _media["videos"]]
LINKS: list[tuple[str, str, str]] = [
    (link["kind"], link["title"], link["url"]) for link in _media["links"]
]
# Documents and images of the demo media library (made once, reused).
LIBRARY_DOCUMENTS: list[tuple[str, str, str]] = [
    (d["title"], d["filename"], d["content"]) for d in _media["library_documents"]
]
LIBRARY_IMAGES: list[tuple[str, str]] = [
    (i["title"], i["colour"]) for i in _media["library_images"]
]

# Articles: (language, slug, title, author, days ago, intro, body).
ARTICLES: list[tuple] = [
    (
        a["language"],
        a["slug"],
        a["title"],
        a["author"],
        a["days_ago"],
        a["intro"],
        body_stream(a["body"]),
    )
    for a in read("articles.json")
]

# Editorial pages: key -> language -> (slug, title, intro, body).
STANDARD_PAGES: dict[str, dict[str, tuple]] = {
    key: {
        language: (v["slug"], v["title"], v["intro"], body_stream(v["body"]))
        for language, v in versions.items()
    }
    for key, versions in read("standard-pages.json").items()
}
