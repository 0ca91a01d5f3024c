"""The parser against the messy corpus: whatever arrives, something sensible comes out.

No database: ``parse_message`` is plain Python. Each kind of bad input that parsing
must survive without raising has a message in ``messages.py`` and a test here.
"""

from __future__ import annotations

import hashlib
import io
import json
import random
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest
import tnefparse

from submissions import parsing
from submissions.parsing import (
    FORWARD_LINE,
    Limits,
    ParsedMessage,
    guess_language,
    normalize_message_id,
    parse_message,
    safe_filename,
)
from submissions.tests import messages

ROOT = Path(__file__).resolve().parents[2]
LIMITS = Limits(
    max_attachment_bytes=20 * 1024 * 1024,
    max_message_bytes=60 * 1024 * 1024,
    max_attachments=30,
    max_archive_uncompressed_bytes=200 * 1024 * 1024,
    max_archive_ratio=100,
    max_archive_members=2000,
)
CORPUS = messages.corpus()


def limits(**changes) -> Limits:
    values = {**vars(LIMITS), "max_parse_bytes": None, **changes}
    return Limits(**values)


@pytest.fixture
def parse(tmp_path):
    def run(name_or_bytes, limits: Limits = LIMITS) -> ParsedMessage:
        raw = CORPUS.get(name_or_bytes) if isinstance(name_or_bytes, str) else None
        raw = name_or_bytes if raw is None else raw
        return parse_message(raw, tmp_path / "work", limits)

    return run


def by_name(result: ParsedMessage) -> dict[str, parsing.ParsedAttachment]:
    return {attachment.filename: attachment for attachment in result.attachments}


def db_safe(value: str) -> bool:
    """What PostgreSQL text accepts: no NUL, no lone surrogates."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in value


# --------------------------------------------------------------------------------------
# A normal message and the source kinds


def test_a_normal_message_reads_back_whole(parse):
    result = parse("plain")
    assert result.message_id == "plain-1@ajuntament.example.cat"
    assert (result.from_name, result.from_email) == (
        "Joan Garcia",
        "joan@ajuntament.example.cat",
    )
    assert result.to == ["observatori@example.org"]
    assert result.subject == "Projecte de finestreta única"
    assert result.date == datetime(2025, 2, 3, 9, 0, tzinfo=UTC)
    assert result.text == messages.CATALAN_TEXT.strip()
    assert result.html == ""
    assert result.attachments == []
    assert result.loop == ""
    assert result.language == "ca"
    assert result.problems == []
    assert ("Subject", "Projecte de finestreta única") in result.headers
    raw = CORPUS["plain"]
    assert result.size == len(raw)
    assert result.content_hash == hashlib.sha256(raw).hexdigest()


def test_same_bytes_same_hash_and_any_byte_changes_it(parse):
    first, again = parse("plain"), parse("plain")
    assert first.content_hash == again.content_hash
    assert parse("crlf_plain").content_hash != first.content_hash
    assert parse("crlf_plain").text == first.text


def test_a_file_object_bytes_and_a_path_give_the_same_result(tmp_path):
    raw = CORPUS["nested"]
    path = tmp_path / "message.eml"
    path.write_bytes(raw)
    results = [
        parse_message(raw, tmp_path / "a", LIMITS),
        parse_message(path, tmp_path / "b", LIMITS),
        parse_message(io.BytesIO(raw), tmp_path / "c", LIMITS),
    ]
    for result in results:
        assert result.content_hash == results[0].content_hash
        assert result.text == results[0].text
        assert [a.filename for a in result.attachments] == ["logo.png", "fitxa.pdf"]


def test_limits_default_to_the_settings(settings):
    settings.SUBMISSIONS = {
        **settings.SUBMISSIONS,
        "MAX_ATTACHMENT_BYTES": 123,
        "MAX_ATTACHMENTS": 4,
    }
    found = Limits.from_settings()
    assert (found.max_attachment_bytes, found.max_attachments) == (123, 4)
    assert found.max_parse_bytes == found.max_message_bytes * 3 // 2


def test_a_missing_source_file_is_an_oserror(tmp_path):
    with pytest.raises(OSError):
        parse_message(tmp_path / "gone.eml", tmp_path / "work", LIMITS)


# --------------------------------------------------------------------------------------
# Headers and charsets


def test_encoded_words_in_many_charsets_in_one_header(parse):
    result = parse("header_charsets")
    for piece in (
        "Participació",
        "“ciutadana”",
        "Проект",
        "プロジェクト",
        "项目",
        "€uros",
        "café i més",
    ):
        assert piece in result.subject
    assert result.from_name == "Иван"
    assert result.from_email == "ivan@example.ru"
    # The encoded comma in the name does not split the address in two.
    assert result.to == ["García, Joan <joan@example.cat>", "anna@example.cat"]


def test_malformed_encoded_words_are_kept_readable(parse):
    result = parse("malformed_encoded_words")
    assert result.subject.startswith("=?utf-8?Q?Sense_final abc")
    assert "=?utf-8?B?!!!*?=" in result.subject  # undecodable: left as it came
    assert result.subject.endswith("malé")  # padding repaired, split bytes re-read
    assert any("x-bogus-charset" in problem for problem in result.problems)


def test_an_unknown_body_charset_falls_back_with_a_note(parse):
    result = parse("unknown_charset_body")
    assert result.text == "Projecte de participació ciutadana"
    assert any("x-no-such-charset" in problem for problem in result.problems)


def test_lying_charsets_are_read_as_what_they_are(parse):
    result = parse("lying_charsets")
    assert "Primer: participació" in result.text  # us-ascii label on UTF-8
    assert "Segon: atenció" in result.text  # utf-8 label on Latin-1
    assert any("us-ascii" in problem for problem in result.problems)


def test_rfc2231_and_encoded_word_file_names(parse):
    names = [a.filename for a in parse("rfc2231_filenames").attachments]
    assert names == [
        "Memòria tècnica.pdf",
        "Pressupost execució.pdf",
        "Pressupost 2025.pdf",
    ]


def test_missing_from_date_and_message_id(parse):
    result = parse("missing_headers")
    assert (result.from_email, result.from_name) == ("", "")
    assert result.date is None
    assert result.message_id == ""
    assert result.text == "Cos sense capçaleres."
    assert {"No Message-ID.", "No Date.", "No usable sender address (From)."} <= set(
        result.problems
    )


def test_garbage_date_and_message_id(parse):
    result = parse("garbage_date")
    assert result.date is None
    assert result.message_id == ""
    assert "The Date is unreadable." in result.problems
    assert result.text  # the rest is still read


def test_a_date_without_zone_is_taken_as_utc(parse):
    assert parse("date_without_zone").date == datetime(2025, 2, 3, 10, 0, tzinfo=UTC)


def test_huge_header_lines_and_8bit_headers(parse):
    result = parse("long_headers")
    assert len(result.subject) <= 300
    assert result.subject.startswith("Projecte molt molt")
    assert all(len(value) <= 2000 for _, value in result.headers)
    headers = dict(result.headers)
    assert headers["Comments"] == "Capçalera amb bytes 8-bit en Latin-1"
    assert headers["Keywords"] == "Capçalera amb UTF-8 sense codificar"
    assert result.from_name == "Joàn García"
    assert result.from_email == "joan@ajuntament.example.cat"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("<abc@example.org>", "abc@example.org"),
        ("  < abc@example.org >  ", "abc@example.org"),
        ("<first@x> <second@y>", "first@x"),
        ("bare@example.org", "bare@example.org"),
        ("just some words", ""),
        ("<>", ""),
        ("", ""),
        ("<" + "x" * 600 + "@x>", ""),
    ],
)
def test_message_ids_are_normalised(value, expected):
    assert normalize_message_id(value) == expected


def test_message_id_reply_and_references(parse):
    result = parse("message_ids")
    assert result.message_id == "first@x.cat"
    assert result.in_reply_to == ["ack-1@observatori.example.org"]
    assert result.references == ["a@x", "b@y", "ack-1@observatori.example.org"]


# --------------------------------------------------------------------------------------
# Broken structure and encodings


def test_missing_closing_boundary_keeps_every_part(parse):
    result = parse("missing_closing_boundary")
    assert result.text == messages.CATALAN_TEXT.strip()
    assert [a.filename for a in result.attachments] == ["fitxa.pdf"]
    assert result.attachments[0].path.read_bytes() == messages.PDF
    assert "A closing MIME boundary is missing." in result.problems


def test_a_boundary_that_never_appears_leaves_the_body_as_text(parse):
    result = parse("boundary_never_appears")
    assert result.text == messages.CATALAN_TEXT.strip()
    assert any("boundary never appears" in problem for problem in result.problems)


def test_bad_base64_is_repaired_with_a_note(parse):
    result = parse("bad_base64")
    (attachment,) = result.attachments
    assert attachment.path.read_bytes().startswith(b"%PDF-1.4\n1 0 obj")
    assert any("base64" in problem for problem in result.problems)


def test_bad_quoted_printable_escapes_are_kept(parse):
    result = parse("bad_quoted_printable")
    assert result.text == "Participació ciutadana =ZZ i 100=% fet, linia softa =4"
    assert any("quoted-printable" in problem for problem in result.problems)


def test_nul_bytes_are_stripped_everywhere(parse):
    result = parse("nul_bytes")
    assert result.text == "Text amb un NUL al mig."
    assert result.html == "<p>HTML amb NUL</p>"
    assert result.subject == "AmbNUL"


def test_thousands_of_nested_parts_still_give_headers_and_text(parse):
    result = parse("deep_nesting")
    assert result.message_id == "deep@x.cat"
    assert result.from_email == "joan@ajuntament.example.cat"
    assert "fi" in result.text or "--b0" in result.text
    assert any("could not be parsed" in problem for problem in result.problems)


@pytest.mark.parametrize("name", ["empty", "binary_junk"])
def test_no_message_at_all(parse, name):
    result = parse(name)
    assert result.message_id == "" and result.from_email == ""
    assert result.content_hash == hashlib.sha256(CORPUS[name]).hexdigest()


def test_a_message_over_the_parse_limit_is_read_up_to_it(parse):
    raw = CORPUS["plain"] + b"\n" + b"x" * 5000
    result = parse(raw, limits(max_parse_bytes=len(CORPUS["plain"]) + 100))
    assert result.subject == "Projecte de finestreta única"
    assert result.size == len(raw)
    assert result.content_hash == hashlib.sha256(raw).hexdigest()
    assert len(result.text) < 1000
    assert any("only its first" in problem for problem in result.problems)


def test_an_attachment_cut_off_by_the_parse_limit_is_dropped(parse):
    raw = messages.sized_attachments([3000, 3000])
    result = parse(raw, limits(max_parse_bytes=len(raw) - 1500))
    first, second = result.attachments
    assert not first.dropped and first.size == 3000
    assert second.dropped.startswith("Incomplete") and second.path is None


# --------------------------------------------------------------------------------------
# Bodies: HTML, alternatives, nesting, forwards, TNEF


def test_html_only_body_gives_text_and_sanitised_html(parse):
    result = parse("html_only")
    assert result.text.splitlines()[:5] == [
        "Finestreta única",
        "",
        "Primer paràgraf amb negreta.",
        "",
        "Segon paràgraf",
    ]
    assert "- Primer punt" in result.text and "- Segon punt" in result.text
    assert "alert" not in result.text and "background" not in result.text
    html = result.html
    for gone in ("<script", "<style", "onclick", "track.example", "javascript:"):
        assert gone not in html
    assert "<p>Primer paràgraf amb <b>negreta</b>.</p>" in html
    assert 'rel="nofollow noopener noreferrer"' in html
    assert '<img src="cid:logo@x" alt="logo">' in html
    assert result.language == "ca"


def test_alternative_prefers_plain_text_and_keeps_the_html(parse):
    result = parse("alternative")
    assert result.text == "Versió en text pla del projecte."
    assert result.html == "<p>Versió <b>HTML</b> del projecte.</p>"


def test_nested_multiparts(parse):
    result = parse("nested")
    assert result.text == "Text pla anidat."
    assert "Text HTML" in result.html
    logo, pdf = result.attachments
    assert (logo.filename, logo.content_type, logo.is_image) == (
        "logo.png",
        "image/png",
        True,
    )
    assert logo.inline and logo.content_id == "logo@x"
    assert (pdf.filename, pdf.inline, pdf.is_image) == ("fitxa.pdf", False, False)


def test_a_forward_keeps_its_text_and_attachments(parse):
    result = parse("forward")
    assert result.text.startswith("Text del nivell 0.\n\n" + FORWARD_LINE)
    assert "From: Persona 1 <persona1@example.cat>" in result.text
    assert "Subject: Nivell 1" in result.text
    assert "Date: Tue, 02 Jan 2025 09:00:00 +0100" in result.text
    assert result.text.endswith("Text del nivell 1.")
    (attachment,) = result.attachments
    assert (attachment.filename, attachment.origin) == ("nivell1.pdf", "forwarded")
    assert attachment.path.read_bytes() == messages.PDF


def test_forwards_of_forwards_stop_at_five_levels(parse):
    result = parse("forward_chain")
    for level in range(6):
        assert f"Text del nivell {level}." in result.text
    assert "Text del nivell 6." not in result.text
    assert result.text.count(FORWARD_LINE) == 5
    assert any("deeper than 5" in problem for problem in result.problems)
    assert result.language == ""  # forwarded header lines are not English prose


def test_winmail_dat_gives_its_files_and_goes(parse):
    result = parse("tnef")
    assert [(a.filename, a.origin) for a in result.attachments] == [
        ("AUTHORS", "tnef"),
        ("README", "tnef"),
    ]
    expected = tnefparse.TNEF((messages.DATA / "two-files.tnef").read_bytes())
    for attachment, original in zip(
        result.attachments, expected.attachments, strict=True
    ):
        assert attachment.path.read_bytes() == original.data
    assert result.text == messages.CATALAN_TEXT.strip()


def test_winmail_dat_body_becomes_the_text(parse):
    result = parse("tnef_body")
    assert result.attachments == []
    assert result.text.startswith("THE BILL OF RIGHTS\nAmendments 1-10 of the")
    assert "<div>" in result.html and "<meta" not in result.html.lower()


def test_a_broken_winmail_dat_is_kept_with_a_note(parse):
    result = parse("tnef_broken")
    (attachment,) = result.attachments
    assert attachment.filename == "winmail.dat" and not attachment.dropped
    assert attachment.path.exists()
    assert any("TNEF" in problem for problem in result.problems)


# --------------------------------------------------------------------------------------
# Attachments


def test_hostile_file_names_become_safe(parse, tmp_path):
    result = parse("hostile_filenames")
    names = [a.filename for a in result.attachments]
    # Without an extension of its own a name takes its declared type's.
    assert names[:4] == ["passwd.pdf", "y.pdf", "evil.exe", "htaccess.pdf"]
    assert names[4] == "a" * 116 + ".pdf"
    assert names[5] == "attachment-6.pdf"
    assert names[6] == "_con.txt"
    for attachment in result.attachments:
        assert attachment.path.parent == tmp_path / "work"
        assert attachment.path.read_bytes() == messages.PDF


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("../../etc/passwd", "", "passwd"),
        ("../../etc/passwd", "application/pdf", "passwd.pdf"),
        ("AUTHORS", "application/octet-stream", "AUTHORS"),
        ("crowd", "application/x-zip-compressed", "crowd.zip"),
        ("C:\\x\\y.pdf", "", "y.pdf"),
        ("\x00evil.exe", "", "evil.exe"),
        (".htaccess", "", "htaccess"),
        ("...", "application/pdf", "attachment-1.pdf"),
        ("", "image/jpeg", "attachment-1.jpg"),
        (None, "application/x-unknown-thing", "attachment-1.bin"),
        ("a\u202egnp.exe", "", "agnp.exe"),  # no right-to-left override tricks
        ("  informe   final .pdf ", "", "informe final.pdf"),
        ('qu"e?<>|*.pdf', "", "qu_e_____.pdf"),
        ("x" * 300 + ".tar", "", "x" * 116 + ".tar"),
    ],
)
def test_safe_filename(name, content_type, expected):
    assert safe_filename(name, content_type, 1) == expected


def test_lying_types_are_corrected_for_images(parse):
    result = parse("lying_types")
    found = [(a.filename, a.content_type, a.is_image) for a in result.attachments]
    assert found == [
        ("grafic.png", "application/octet-stream", False),  # a PDF calling itself PNG
        ("foto.jpg", "image/jpeg", True),  # a JPEG calling itself PDF
        ("esquema.png", "image/png", True),  # octet-stream, really a PNG
    ]
    assert any("not an image" in problem for problem in result.problems)


def test_inline_images_are_attachments(parse):
    result = parse("inline_images")
    found = [
        (a.filename, a.is_image, a.inline, a.content_id) for a in result.attachments
    ]
    assert found == [
        ("captura.png", True, True, ""),
        ("attachment-2.jpg", True, True, "foto@x"),
    ]


def test_too_many_attachments(parse):
    result = parse("many_attachments", limits(max_attachments=3))
    kept = [a for a in result.attachments if not a.dropped]
    dropped = [a for a in result.attachments if a.dropped]
    assert [a.filename for a in kept] == ["doc0.pdf", "doc1.pdf", "doc2.pdf"]
    assert len(dropped) == 5
    assert all("Too many attachments" in a.dropped and a.path is None for a in dropped)
    assert sorted(p.name for p in (kept[0].path.parent).iterdir()) == [
        a.path.name for a in kept
    ]


def test_size_limits_per_attachment_and_per_message(parse, tmp_path):
    raw = messages.sized_attachments([3000, 3000, 3000, 9000, 500])
    result = parse(
        raw,
        limits(
            max_attachment_bytes=5000, max_message_bytes=7000, max_parse_bytes=10**6
        ),
    )
    first, second, third, fourth, fifth = result.attachments
    assert not first.dropped and not second.dropped and not fifth.dropped
    assert third.dropped.startswith("Beyond the message total")
    assert fourth.dropped.startswith("Too large")
    assert (third.size, fourth.size) == (3000, 9000)
    assert third.path is None and fourth.path is None
    assert len(list((tmp_path / "work").iterdir())) == 3


def test_archive_bombs_are_refused(parse):
    result = by_name(parse("archives", limits(max_archive_members=50)))
    assert not result["fine.zip"].dropped
    assert result["bomb.zip"].dropped.startswith("Archive bomb")
    assert "expands more than 100 times" in result["bomb.zip"].dropped
    assert result["crowd.zip"].dropped == "Archive bomb: more than 50 files inside."
    assert result["nested.zip"].dropped.startswith("Archive bomb")
    assert not result["corrupt.zip"].dropped
    assert not result["fine.txt.gz"].dropped
    assert result["bomb.gz"].dropped.startswith("Archive bomb")
    for name in ("bomb.zip", "crowd.zip", "nested.zip", "bomb.gz"):
        assert result[name].path is None


def test_archive_total_uncompressed_limit(parse):
    result = by_name(parse("archives", limits(max_archive_uncompressed_bytes=1000)))
    assert result["fine.zip"].dropped.startswith("Archive bomb: more than")


def test_a_corrupt_zip_is_kept_with_a_note(parse):
    result = parse("archives")
    assert by_name(result)["corrupt.zip"].path.exists()
    assert any(p.startswith("corrupt.zip: corrupt archive") for p in result.problems)


# --------------------------------------------------------------------------------------
# Loops (RFC 3834)


@pytest.mark.parametrize("name", sorted(messages.LOOPS))
def test_loop_rules(parse, name):
    _, expected = messages.LOOPS[name]
    assert expected in parse(f"loop_{name}").loop


def test_delivery_status_notifications_are_loops(parse):
    result = parse("dsn")
    assert "delivery status notification" in result.loop
    assert "sender MAILER-DAEMON" in result.loop
    assert result.text == "This is the mail system. The message could not be delivered."


@pytest.mark.parametrize(
    "name", ["plain", "nested", "forward", "tnef", "header_charsets", "html_only"]
)
def test_ordinary_messages_are_no_loop(parse, name):
    assert parse(name).loop == ""


def test_auto_submitted_no_is_not_a_loop(parse):
    raw = messages.loop_message(Auto_Submitted="no")
    assert parse(raw).loop == ""


def test_a_human_reply_to_rescues_a_noreply_from(parse):
    raw = messages.loop_message(
        From="Seu electrònica <noreply@seu.example.cat>",
        Reply_To="Anna <anna@ajuntament.example.cat>",
    )
    result = parse(raw)
    assert result.reply_to == "anna@ajuntament.example.cat"
    assert result.loop == ""


# --------------------------------------------------------------------------------------
# Language


@pytest.mark.parametrize(
    ("name", "language"), [("catalan", "ca"), ("spanish", "es"), ("english", "en")]
)
def test_language(parse, name, language):
    assert parse(name).language == language


@pytest.mark.parametrize("text", ["", "Ok", "Adjunt la fitxa. Gràcies", "12345"])
def test_language_is_empty_when_unsure(text):
    assert guess_language("", text) == ""


def test_quoted_lines_do_not_decide_the_language():
    quoted = "\n".join("> " + line for line in messages.ENGLISH_TEXT.splitlines())
    assert (
        guess_language(
            "", "Hem rebut la fitxa i la revisem amb els tècnics.\n" + quoted
        )
        == "ca"
    )


# --------------------------------------------------------------------------------------
# Never raises


def corrupt(raw: bytes, rng: random.Random) -> bytes:
    if not raw:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200)))
    point = rng.randrange(len(raw))
    kind = rng.randrange(5)
    if kind == 0:  # truncated
        return raw[:point]
    if kind == 1:  # a run of random bytes overwritten
        length = rng.randrange(1, 64)
        return raw[:point] + rng.randbytes(length) + raw[point + length :]
    if kind == 2:  # random bytes inserted
        return raw[:point] + rng.randbytes(rng.randrange(1, 64)) + raw[point:]
    if kind == 3:  # a slice removed
        return raw[:point] + raw[point + rng.randrange(1, 400) :]
    # a line repeated: duplicate boundaries and headers
    start = raw.rfind(b"\n", 0, point) + 1
    end = raw.find(b"\n", point)
    end = len(raw) if end < 0 else end + 1
    return raw[:end] + raw[start:end] * rng.randrange(2, 5) + raw[end:]


def test_never_raises_on_corrupted_messages(tmp_path):
    rng = random.Random(20250203)
    count = 0
    for name, raw in CORPUS.items():
        for attempt in range(30):
            damaged = corrupt(raw, rng)
            workdir = tmp_path / f"{name}-{attempt}"
            result = parse_message(damaged, workdir, LIMITS)
            assert isinstance(result, ParsedMessage), name
            assert result.content_hash == hashlib.sha256(damaged).hexdigest()
            strings = [
                result.text,
                result.html,
                result.subject,
                result.from_name,
                result.from_email,
                result.message_id,
                *result.problems,
                *(value for header in result.headers for value in header),
                *(a.filename for a in result.attachments),
            ]
            assert all(db_safe(value) for value in strings), name
            for attachment in result.attachments:
                assert "/" not in attachment.filename
                assert (attachment.path is None) == bool(attachment.dropped)
                if attachment.path:
                    assert attachment.path.parent == workdir
            count += 1
    assert count == 30 * len(CORPUS)


# --------------------------------------------------------------------------------------
# Memory


MEASURE = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from submissions.parsing import Limits, parse_message

    limits = Limits(40 << 20, 60 << 20, 30, 200 << 20, 100, 2000)
    with open(sys.argv[1], "rb") as source:
        result = parse_message(source, Path(sys.argv[2]), limits)
    # VmHWM, not ru_maxrss: Linux carries the forking process' peak into
    # ru_maxrss across exec, and the test process may have grown past 300 MB.
    status = Path("/proc/self/status").read_text()
    peak_kb = int(next(
        line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")
    ))
    print(json.dumps({
        "peak_mb": peak_kb / 1024,
        "size": result.size,
        "text": result.text,
        "problems": result.problems,
        "files": [[a.size, str(a.path), a.dropped] for a in result.attachments],
    }))
    """
)


def test_a_50_mb_message_parses_in_under_300_mb(tmp_path):
    """Peak resident memory of a fresh interpreter parsing a 50 MB message."""
    path = tmp_path / "big.eml"
    size, expected = messages.write_big_message(path)
    assert size > 50 * 1000 * 1000
    completed = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", MEASURE, str(path), str(tmp_path / "work")],
        capture_output=True,
        check=True,
        cwd=ROOT,
        text=True,
        timeout=300,
    )
    report = json.loads(completed.stdout)
    print(f"50 MB message: peak {report['peak_mb']:.0f} MB")  # noqa: T201
    assert report["peak_mb"] < 300
    assert report["size"] == size
    assert report["problems"] == []
    assert report["text"] == messages.CATALAN_TEXT.strip()
    assert len(report["files"]) == len(expected)
    for (found_size, found_path, dropped), (raw_size, digest) in zip(
        report["files"], expected, strict=True
    ):
        assert not dropped and found_size == raw_size
        assert hashlib.sha256(Path(found_path).read_bytes()).hexdigest() == digest
