"""Submission drafts: the share of the template's fields a draft prefills correctly.

    .venv/bin/python benchmarks/submission_drafts.py --label after
    .venv/bin/python benchmarks/submission_drafts.py --code /tmp/drafts-before \\
        --label before

Each message of ``submissions/tests/data/corpus/`` (NN-name.eml) is ingested into a
throwaway database (a temporary SQLite file, migrated; the whole gazetteer, or
Spain's municipalities only with ``--spain-only``; the site's page tree; three
entities a site already has: Ajuntament de Vic, Ajuntament de Manlleu, Consell
Comarcal d'Osona), a draft project file is made from it as the admin's "create a
draft" button makes it (``submissions.drafts.create_draft``), and the draft's
latest revision is compared field by field with NN-name.json, what a careful
editor would fill in.

The fields are the template's (submissions/template.py ``FIELDS``). Text is
compared normalised (Unicode NFC, lower case, one space, no punctuation at the
ends); lists (objectives, technologies, benefits, links, areas) as sets of
normalised items; barriers as a set of (title, mitigation) pairs; the entity as
the lead entity's name and the municipality as its municipality. A field counts
when the expected file gives it a value: the share is the fields filled exactly as
expected over those fields. A field filled where the editor would leave it empty is
counted apart ("spurious": a wrong value costs deleting); the phase is left out of
that count, since a draft always has one.

``--code DIR`` measures another checkout of the code (a ``git worktree`` of an
earlier commit), with this checkout's corpus. Results: printed, and written to
``benchmarks/results/submission-drafts-<label>.json`` (``--out``).
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "submissions" / "tests" / "data" / "corpus"
RESULTS = ROOT / "benchmarks" / "results"
FIELDS = (
    "title",
    "entity",
    "municipality",
    "areas",
    "phase",
    "summary",
    "description",
    "objectives",
    "technologies",
    "barriers",
    "benefits",
    "savings",
    "contact_name",
    "contact_email",
    "contact_phone",
    "links",
    "start_date",
)
LISTS = {"areas", "objectives", "technologies", "benefits", "links", "barriers"}
# Entities the site has before the corpus arrives: (name, kind, municipality).
SEED_ENTITIES = (
    ("Ajuntament de Vic", "municipality", "Vic"),
    ("Ajuntament de Manlleu", "municipality", "Manlleu"),
    ("Consell Comarcal d'Osona", "county_council", "Vic"),
)


# Comparing ----------------------------------------------------------------------------


def norm(value) -> str:
    text = unicodedata.normalize("NFC", str(value or "")).replace("’", "'")
    text = " ".join(text.lower().split())
    return text.strip(" .;:,-–—•*·\"'")


def _barrier_key(item) -> str:
    if isinstance(item, dict):
        return f"{norm(item.get('title'))} | {norm(item.get('mitigation'))}"
    return f"{norm(item)} | "


def normalised(field: str, value):
    """The comparable form of a field's value; an empty value is None."""
    if field == "barriers":
        items = {_barrier_key(item) for item in value or ()}
        return frozenset(items) or None
    if field == "links":
        items = {norm(url).rstrip("/") for url in value or ()}
        return frozenset(i for i in items if i) or None
    if field in LISTS:
        items = {norm(item) for item in value or ()}
        return frozenset(i for i in items if i) or None
    return norm(value) or None


def draft_fields(page) -> dict:
    """The template's fields as the draft's latest revision has them."""
    revision = page.get_latest_revision_as_object()
    entities = list(revision.project_entities.all())
    lead = entities[0].entity if entities else None
    contacts = list(revision.contacts.all())
    contact = contacts[0] if contacts else None
    analysis = list(revision.analysis)
    return {
        "title": revision.title,
        "entity": lead.name if lead else "",
        "municipality": lead.municipality if lead else "",
        "areas": [area.code for area in revision.areas.all()],
        "phase": revision.phase,
        "summary": revision.summary,
        "description": revision.description,
        "objectives": [b.value for b in revision.objectives],
        "technologies": [
            b.value["name"] for b in analysis if b.block_type == "technology"
        ],
        "barriers": [
            {"title": b.value["title"], "mitigation": b.value["mitigation"]}
            for b in analysis
            if b.block_type == "barrier"
        ],
        "benefits": [b.value["title"] for b in analysis if b.block_type == "benefit"],
        "savings": revision.savings_notes,
        "contact_name": contact.name if contact else "",
        "contact_email": contact.email if contact else "",
        "contact_phone": contact.phone if contact else "",
        "links": [
            b.value["url"] for b in revision.documentation if b.block_type == "link"
        ],
        "start_date": revision.start_date.isoformat() if revision.start_date else "",
    }


def compare(expected: dict, actual: dict) -> dict:
    """Per field: "ok", "wrong" (expected a value, got another or none),
    "spurious" (expected none, got one) or "" (neither has one)."""
    verdicts = {}
    for field in FIELDS:
        want = normalised(field, expected.get(field))
        got = normalised(field, actual.get(field))
        if want is not None:
            verdicts[field] = "ok" if want == got else "wrong"
        elif got is not None and field != "phase":
            verdicts[field] = "spurious"
        else:
            verdicts[field] = ""
    return verdicts


def summary(rows: list[dict]) -> dict:
    per_field = {}
    for field in FIELDS:
        counted = [row["verdicts"][field] for row in rows]
        expected = sum(v in ("ok", "wrong") for v in counted)
        per_field[field] = {
            "correct": sum(v == "ok" for v in counted),
            "expected": expected,
            "spurious": sum(v == "spurious" for v in counted),
        }
    correct = sum(f["correct"] for f in per_field.values())
    expected = sum(f["expected"] for f in per_field.values())
    return {
        "messages": len(rows),
        "correct": correct,
        "expected": expected,
        "share": round(correct / expected, 4) if expected else 0.0,
        "spurious": sum(f["spurious"] for f in per_field.values()),
        "fields": per_field,
    }


# Running ------------------------------------------------------------------------------


def seed_entities() -> None:
    from project_pages.models import Entity

    for name, kind, municipality in SEED_ENTITIES:
        Entity.objects.get_or_create(
            name=name, defaults={"kind": kind, "municipality": municipality}
        )


def run_corpus(corpus: Path = CORPUS, user=None) -> list[dict]:
    """Ingest each message, make its draft, compare it; one row per message."""
    from django.contrib.auth import get_user_model

    from submissions.drafts import create_draft
    from submissions.ingest import ingest
    from submissions.models import Message

    if user is None:
        user, _created = get_user_model().objects.get_or_create(
            username="corpus-editor"
        )
    rows = []
    for path in sorted(corpus.glob("*.eml")):
        expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        result = ingest(path.read_bytes(), source="corpus", ref=path.name)
        message = Message.objects.filter(source_ref=path.name).first()
        if message is None or message.submission is None:
            raise RuntimeError(f"{path.name}: {result.outcome} {result.reason}")
        page = create_draft(message.submission, user)
        actual = draft_fields(page.specific)
        verdicts = compare(expected, actual)
        rows.append(
            {
                "message": path.stem,
                "verdicts": verdicts,
                "failed": {
                    field: {"expected": expected.get(field), "draft": actual[field]}
                    for field, verdict in verdicts.items()
                    if verdict in ("wrong", "spurious")
                },
            }
        )
    return rows


def table(result: dict) -> str:
    lines = [
        f"{'field':14} {'correct':>8} {'of':>4} {'share':>6} {'spurious':>9}",
    ]
    for field, row in result["fields"].items():
        share = f"{row['correct'] / row['expected']:.2f}" if row["expected"] else "-"
        lines.append(
            f"{field:14} {row['correct']:8} {row['expected']:4} {share:>6} "
            f"{row['spurious']:9}"
        )
    lines.append(
        f"{'overall':14} {result['correct']:8} {result['expected']:4} "
        f"{result['share']:6.3f} {result['spurious']:9}"
    )
    return "\n".join(lines)


def _git(code: Path, *args: str) -> str:
    try:
        return subprocess.run(  # noqa: S603 - fixed arguments
            ["git", "-C", str(code), *args],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        return ""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout measured")
    parser.add_argument("--label", default="after")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--spain-only", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="print each failure")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    code = args.code.resolve()
    sys.path.insert(0, str(code))
    workdir = Path(tempfile.mkdtemp(prefix="submission-drafts-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'drafts.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["SUBMISSIONS_RAW_ROOT"] = str(workdir / "private")
    import django

    django.setup()
    warnings.filterwarnings("ignore", message="No directory at")
    import logging

    logging.disable(logging.WARNING)  # hostile-file warnings would drown the table
    from django.core.management import call_command

    import submissions
    from project_pages.gazetteer import load_gazetteer
    from project_pages.site_structure import ensure_site_structure

    try:
        quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
        call_command("migrate", interactive=False, verbosity=0, **quiet)
        load_gazetteer(world=not args.spain_only)
        ensure_site_structure()
        seed_entities()
        rows = run_corpus(args.corpus)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    result = summary(rows)
    result["meta"] = {
        "label": args.label,
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "code": str(Path(submissions.__file__).resolve().parent.parent),
        "commit": _git(code, "rev-parse", "--short", "HEAD"),
        "uncommitted_changes": bool(_git(code, "status", "--porcelain")),
        "gazetteer": "Spain" if args.spain_only else "Spain and the world",
    }
    result["messages_detail"] = rows
    print(table(result))
    for row in rows:
        wrong = ", ".join(row["failed"]) or "-"
        print(f"{row['message']:28} not as expected: {wrong}")
        if args.verbose:
            for field, pair in row["failed"].items():
                print(f"    {field}: expected {pair['expected']!r}")
                print(f"    {'':{len(field)}}  draft    {pair['draft']!r}")
    out = args.out or RESULTS / f"submission-drafts-{args.label}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    print(f"Written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
