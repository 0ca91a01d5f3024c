"""The words of the demo content, read from the JSON files in ``demo_data/``.

The texts live as data so that a writer can change them without reading Python;
this module turns them into the shapes the builders in ``demo.py`` use. Themes come
from the observatory's areas and the fields the caravan's visits cover; articles
echo the observatory's news and opinion posts. Catalan first; every theme and
every shared text also exists in Spanish and English, written for those readers
(not machine-translated), so a project file in (or translated into) those
languages has no Catalan block left in it.

The files:

* ``themes.json``: one entry per kind of project (areas, transformation types,
  tags, tools, its own barrier, benefit and objectives, in Catalan), and
  ``themes-LANG.json``: the title, summary, description and value of each theme
  in that language (for ``es`` and ``en`` also its barrier, benefit, objectives
  and tags);
* ``analysis.json``: tools, barriers, benefits and methodologies any project may
  list; ``project-fields.json``: plans, scopes, milestones, contact people and
  the extras of the rich files; ``media.json``: videos, links and the media
  library. ``shared-LANG.json`` holds the same texts in Spanish and English,
  item for item in the same order (a project draws the same items in every
  language; ``texts_in(language)`` gives them);
* ``articles.json`` and ``standard-pages.json``: the editorial pages, their bodies
  as a list of parts (``paragraphs``, ``heading``, ``list``, ``quote``);
* ``entities.json`` and ``places.json``: read by ``demo.py`` and ``factories.py``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
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


def _analysis_texts(entry: dict) -> dict:
    """A theme's barrier, benefit and objectives as the builders use them."""
    barrier, benefit = entry["barrier"], entry["benefit"]
    objectives = entry["objectives"]
    return {
        "barrier": (barrier["title"], barrier["description"], barrier["mitigation"]),
        "benefit": (benefit["title"], benefit["description"], benefit["indicator"]),
        "objectives": (objectives["general"], objectives["operational"]),
        "tags": list(entry["tags"]),
    }


def _themes() -> list[dict]:
    """Each theme with its texts under its languages' codes: theme["es"] holds the
    title, summary, description, value, barrier, benefit, objectives and tags."""
    texts = {language: read(f"themes-{language}.json") for language in LANGUAGES}
    themes = []
    for entry in read("themes.json"):
        theme = {name: entry[name] for name in ("key", "areas", "types")}
        theme["tech"] = entry["tech"]
        for language in LANGUAGES:
            if entry["key"] not in texts[language]:
                continue
            own = texts[language][entry["key"]]
            source = entry if language == "ca" else own
            theme[language] = {
                name: own[name] for name in ("title", "summary", "description", "value")
            } | _analysis_texts(source)
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


@dataclass(frozen=True)
class LanguageTexts:
    """The texts a project file draws from, in one language, item for item in
    the same order in every language (a file picks items by position)."""

    barriers: list[tuple[str, str, str]]
    benefits: list[tuple[str, str, str]]
    methodologies: list[str]
    plans: list[str]
    scopes: list[str]
    milestones: list[str]
    # (role, department) of each of CONTACT_PEOPLE.
    contact_roles: list[tuple[str, str]]
    savings_notes: str
    rich_file: dict
    video_titles: list[str]
    link_titles: list[str]
    document_titles: list[str]
    image_titles: list[str]


def _catalan_texts() -> LanguageTexts:
    return LanguageTexts(
        barriers=COMMON_BARRIERS,
        benefits=COMMON_BENEFITS,
        methodologies=METHODOLOGIES,
        plans=PLANS,
        scopes=SCOPES,
        milestones=MILESTONES,
        contact_roles=[(role, department) for _n, role, department in CONTACT_PEOPLE],
        savings_notes=_fields["savings_notes"],
        rich_file=_fields["rich_file"],
        video_titles=[title for title, _url in VIDEOS],
        link_titles=[title for _kind, title, _url in LINKS],
        document_titles=[title for title, _f, _c in LIBRARY_DOCUMENTS],
        image_titles=[title for title, _colour in LIBRARY_IMAGES],
    )


def _shared_texts(language: str) -> LanguageTexts:
    data = read(f"shared-{language}.json")
    return LanguageTexts(
        barriers=[
            (b["title"], b["description"], b["mitigation"]) for b in data["barriers"]
        ],
        benefits=[
            (b["title"], b["description"], b["indicator"]) for b in data["benefits"]
        ],
        methodologies=data["methodologies"],
        plans=data["plans"],
        scopes=data["scopes"],
        milestones=data["milestones"],
        contact_roles=[(c["role"], c["department"]) for c in data["contact_roles"]],
        savings_notes=data["savings_notes"],
        rich_file=data["rich_file"],
        video_titles=data["videos"],
        link_titles=data["links"],
        document_titles=data["library_documents"],
        image_titles=data["library_images"],
    )


@cache
def texts_in(language: str) -> LanguageTexts:
    """The shared texts of project files in ``language`` (ca, es or en)."""
    return _catalan_texts() if language == "ca" else _shared_texts(language)


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
# Linked translations of the Catalan articles: slug -> language -> (slug, title,
# intro, body).
ARTICLE_TRANSLATIONS: dict[str, dict[str, tuple]] = {
    a["slug"]: {
        language: (t["slug"], t["title"], t["intro"], body_stream(t["body"]))
        for language, t in a.get("translations", {}).items()
    }
    for a in read("articles.json")
}

# Editorial pages: key -> language -> (slug, title, intro, body).
STANDARD_PAGES: dict[str, dict[str, tuple]] = {
    key: {
        language: (v["slug"], v["title"], v["intro"], body_stream(v["body"]))
        for language, v in versions.items()
    }
    for key, versions in read("standard-pages.json").items()
}
