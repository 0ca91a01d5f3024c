"""A corpus of messy messages, built as raw bytes the way real mailers get them wrong.

Messages are written by hand (not with ``email.message``), because the standard
library only produces well-formed MIME, and the point is what arrives when it is not.
``corpus()`` returns every message by name; the parsing tests pick them by name and
the fuzz test corrupts all of them.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import os
import zipfile
from pathlib import Path

from PIL import Image

DATA = Path(__file__).parent / "data"
CRLF = b"\r\n"


def message(headers: list[tuple[str, bytes | str]], body: bytes | str = b"") -> bytes:
    """Headers in the given order (values verbatim), a blank line, the body."""
    lines = []
    for name, value in headers:
        if isinstance(value, str):
            value = value.encode("utf-8")
        lines.append(name.encode("ascii") + b": " + value)
    if isinstance(body, str):
        body = body.encode("utf-8")
    return b"\n".join(lines) + b"\n\n" + body


def b64(data: bytes) -> bytes:
    return base64.encodebytes(data)


def basic_headers(**extra: str) -> list[tuple[str, str]]:
    headers = [
        ("From", "Joan Garcia <joan@ajuntament.example.cat>"),
        ("To", "observatori@example.org"),
        ("Subject", "Projecte de finestreta única"),
        ("Date", "Mon, 03 Feb 2025 10:00:00 +0100"),
        ("Message-ID", "<plain-1@ajuntament.example.cat>"),
        ("MIME-Version", "1.0"),
    ]
    for name, value in extra.items():
        name = name.replace("_", "-")
        headers = [(n, v) for n, v in headers if n.lower() != name.lower()]
        headers.append((name, value))
    return headers


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (3, 2), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (3, 2), (30, 30, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

CATALAN_TEXT = (
    "Bon dia,\n\nUs enviem la fitxa del projecte de finestreta única que hem fet "
    "amb els veïns i les entitats del municipi. Aquest projecte és per a tothom i "
    "també l'hem presentat als altres ajuntaments de la comarca.\n\nSalutacions,\n"
    "Joan\n"
)
SPANISH_TEXT = (
    "Buenos días,\n\nLes enviamos la ficha del proyecto que hemos hecho con los "
    "vecinos y las entidades del municipio. Este proyecto es para todos y también "
    "lo hemos presentado a otros ayuntamientos de la comarca.\n\nSaludos,\nMaría\n"
)
ENGLISH_TEXT = (
    "Hello,\n\nWe are sending the file of the project that our council carried out "
    "with the residents and the local associations. This is the first project of "
    "its kind and we have shared it with other councils.\n\nRegards,\nAnn\n"
)


def multipart(
    headers: list[tuple[str, str]],
    parts: list[bytes],
    subtype: str = "mixed",
    boundary: str = "BOUNDARY",
    close: bool = True,
    extra_params: str = "",
) -> bytes:
    headers = [(n, v) for n, v in headers if n.lower() != "content-type"]
    headers.append(
        ("Content-Type", f'multipart/{subtype}; boundary="{boundary}"{extra_params}')
    )
    body = b"This is a multi-part message in MIME format.\n"
    for part in parts:
        body += f"\n--{boundary}\n".encode() + part
    if close:
        body += f"\n--{boundary}--\n".encode()
    return message(headers, body)


def part(headers: list[tuple[str, bytes | str]], body: bytes | str) -> bytes:
    """A MIME part: its headers, a blank line, its body (no boundary)."""
    return message(headers, body)


def attachment_part(
    filename_header: str, data: bytes, content_type: str = "application/pdf"
) -> bytes:
    return part(
        [
            ("Content-Type", content_type),
            ("Content-Disposition", f"attachment; {filename_header}"),
            ("Content-Transfer-Encoding", "base64"),
        ],
        b64(data),
    )


def text_part(text: str, charset: str = "utf-8", subtype: str = "plain") -> bytes:
    return part(
        [
            ("Content-Type", f"text/{subtype}; charset={charset}"),
            ("Content-Transfer-Encoding", "8bit"),
        ],
        text.encode(charset),
    )


# --------------------------------------------------------------------------------------
# The corpus


def plain() -> bytes:
    return message(
        [*basic_headers(), ("Content-Type", "text/plain; charset=utf-8")],
        CATALAN_TEXT,
    )


def crlf_plain() -> bytes:
    return plain().replace(b"\n", CRLF)


def header_charsets() -> bytes:
    """Encoded words in many charsets, Q and B, several in one header."""
    subject = (
        "=?iso-8859-1?Q?Participaci=F3?= "
        "=?windows-1252?B?k2NpdXRhZGFuYZQ=?= "  # “ciutadana” in cp1252
        "=?koi8-r?B?8NLPxcvU?= "  # Проект
        "=?shift_jis?B?g3aDjYNXg0aDToNn?= "  # プロジェクト
        "=?gb2312?B?z+7Evw==?= "  # 项目
        "=?iso-8859-15?Q?=A4uros?= "  # €uros
        "=?UTF-8?q?caf=C3=A9_i_m=C3=A9s?="
    )
    headers = basic_headers(
        Subject=subject,
        From="=?koi8-r?B?6dfBzg==?= <ivan@example.ru>",  # Иван
        To='"=?utf-8?Q?Garc=C3=ADa=2C_Joan?=" <joan@example.cat>, anna@example.cat',
    )
    return message(
        [*headers, ("Content-Type", "text/plain; charset=utf-8")], CATALAN_TEXT
    )


def malformed_encoded_words() -> bytes:
    subject = (
        "=?utf-8?Q?Sense_final "
        "=?x-bogus-charset?Q?abc?= "
        "=?utf-8?B?!!!*?= "
        "=?utf-8?Q?=FF=FEmal?= "
        "=?utf-8?B?w6k?="  # "é" with its padding missing
    )
    return message(
        [
            *basic_headers(Subject=subject, Message_ID="<malformed@x.cat>"),
            ("Content-Type", "text/plain; charset=utf-8"),
        ],
        CATALAN_TEXT,
    )


def unknown_charset_body() -> bytes:
    return message(
        [
            *basic_headers(Message_ID="<unknown-charset@x.cat>"),
            ("Content-Type", "text/plain; charset=x-no-such-charset"),
            ("Content-Transfer-Encoding", "8bit"),
        ],
        "Projecte de participació ciutadana".encode("latin-1"),
    )


def lying_charsets() -> bytes:
    ascii_but_utf8 = part(
        [
            ("Content-Type", "text/plain; charset=us-ascii"),
            ("Content-Transfer-Encoding", "8bit"),
        ],
        "Primer: participació".encode(),
    )
    utf8_but_latin1 = part(
        [
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Transfer-Encoding", "8bit"),
        ],
        "Segon: atenció".encode("latin-1"),
    )
    return multipart(
        basic_headers(Message_ID="<lying@x.cat>"), [ascii_but_utf8, utf8_but_latin1]
    )


def rfc2231_filenames() -> bytes:
    return multipart(
        basic_headers(Message_ID="<rfc2231@x.cat>"),
        [
            text_part(CATALAN_TEXT),
            attachment_part("filename*=utf-8''Mem%C3%B2ria%20t%C3%A8cnica.pdf", PDF),
            attachment_part(
                "filename*0*=iso-8859-1''Pressupost%20; filename*1*=execuci%F3.pdf",
                PDF,
            ),
            attachment_part('filename="=?utf-8?B?UHJlc3N1cG9zdCAyMDI1LnBkZg==?="', PDF),
        ],
    )


def missing_headers() -> bytes:
    return message(
        [("Subject", "Sense remitent"), ("Content-Type", "text/plain")],
        "Cos sense capçaleres.\n",
    )


def garbage_date() -> bytes:
    return message(
        [
            *basic_headers(
                Date="dimarts que ve, a les tantes",
                Message_ID="just some words",
            ),
            ("Content-Type", "text/plain; charset=utf-8"),
        ],
        CATALAN_TEXT,
    )


def long_headers() -> bytes:
    subject = "Projecte " + "molt " * 10_000  # ~50 KB on one line
    return message(
        [
            *basic_headers(Subject=subject, Message_ID="<long@x.cat>"),
            ("X-Long", "x" * 50_000),
            ("Comments", "Cap\xe7alera amb bytes 8-bit en Latin-1".encode("latin-1")),
            ("Keywords", "Capçalera amb UTF-8 sense codificar".encode()),
            ("Content-Type", "text/plain; charset=utf-8"),
        ],
        CATALAN_TEXT,
    ).replace(b"From: Joan Garcia", "From: Jo\xe0n Garc\xeda".encode("latin-1"))


def missing_closing_boundary() -> bytes:
    return multipart(
        basic_headers(Message_ID="<noclose@x.cat>"),
        [text_part(CATALAN_TEXT), attachment_part('filename="fitxa.pdf"', PDF)],
        close=False,
    )


def boundary_never_appears() -> bytes:
    headers = [
        *basic_headers(Message_ID="<noboundary@x.cat>"),
        ("Content-Type", 'multipart/mixed; boundary="NEVER-THERE"'),
    ]
    return message(headers, CATALAN_TEXT)


def bad_base64() -> bytes:
    broken = b64(PDF).replace(b"=", b"")[:-1] + b"!!\x7f@@\n"  # garbage, no padding
    return multipart(
        basic_headers(Message_ID="<badb64@x.cat>"),
        [
            text_part(CATALAN_TEXT),
            part(
                [
                    ("Content-Type", "application/pdf"),
                    ("Content-Disposition", 'attachment; filename="trencat.pdf"'),
                    ("Content-Transfer-Encoding", "base64"),
                ],
                broken[:20] + b"#$%" + broken[20:],
            ),
        ],
    )


def bad_quoted_printable() -> bytes:
    return message(
        [
            *basic_headers(Message_ID="<badqp@x.cat>"),
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Transfer-Encoding", "quoted-printable"),
        ],
        b"Participaci=C3=B3 ciutadana =ZZ i 100=% fet, linia so=\nfta =4",
    )


def nul_bytes() -> bytes:
    return multipart(
        basic_headers(Message_ID="<nul@x.cat>", Subject="Amb\x00NUL"),
        [
            text_part("Text amb un\x00 NUL al mig."),
            text_part("<p>HTML amb\x00 NUL</p>", subtype="html"),
        ],
        subtype="alternative",
    )


HOSTILE_HTML = (
    "<html><head><style>body{background:url(http://track.example/x)}</style>"
    "<script>alert('x')</script></head><body>"
    '<h1>Finestreta única</h1><p onclick="steal()">Primer paràgraf amb '
    "<b>negreta</b>.</p><p>Segon paràgraf<br>amb salt de línia.</p>"
    "<ul><li>Primer punt</li><li>Segon punt</li></ul>"
    '<img src="https://track.example/pixel.gif" alt="pixel">'
    '<img src="cid:logo@x" alt="logo">'
    '<a href="https://example.cat/projecte">enllaç</a>'
    '<a href="javascript:alert(1)">mal</a></body></html>'
)


def html_only() -> bytes:
    return message(
        [
            *basic_headers(Message_ID="<htmlonly@x.cat>"),
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Transfer-Encoding", "8bit"),
        ],
        HOSTILE_HTML,
    )


def alternative() -> bytes:
    return multipart(
        basic_headers(Message_ID="<alt@x.cat>"),
        [
            text_part("Versió en text pla del projecte."),
            text_part("<p>Versió <b>HTML</b> del projecte.</p>", subtype="html"),
        ],
        subtype="alternative",
        boundary="ALT",
    )


def nested() -> bytes:
    """mixed > (alternative > (plain, related > (html, inline image)), pdf)."""
    image = part(
        [
            ("Content-Type", 'image/png; name="logo.png"'),
            ("Content-Transfer-Encoding", "base64"),
            ("Content-ID", "<logo@x>"),
            ("Content-Disposition", 'inline; filename="logo.png"'),
        ],
        b64(png_bytes()),
    )
    related = part(
        [("Content-Type", 'multipart/related; boundary="REL"')],
        b"\n--REL\n"
        + text_part('<p>Text HTML <img src="cid:logo@x"></p>', subtype="html")
        + b"\n--REL\n"
        + image
        + b"\n--REL--\n",
    )
    alt = part(
        [("Content-Type", 'multipart/alternative; boundary="ALT"')],
        b"\n--ALT\n"
        + text_part("Text pla anidat.")
        + b"\n--ALT\n"
        + related
        + b"\n--ALT--\n",
    )
    return multipart(
        basic_headers(Message_ID="<nested@x.cat>"),
        [alt, attachment_part('filename="fitxa.pdf"', PDF)],
        boundary="MIX",
    )


def _forwardable(level: int, inner: bytes | None = None) -> bytes:
    """A message at ``level`` of a forward chain, forwarding ``inner`` if given."""
    headers = [
        ("From", f"Persona {level} <persona{level}@example.cat>"),
        ("Date", f"Tue, {level + 1:02d} Jan 2025 09:00:00 +0100"),
        ("Subject", f"Nivell {level}"),
        ("Message-ID", f"<level{level}@example.cat>"),
        ("MIME-Version", "1.0"),
    ]
    text = text_part(f"Text del nivell {level}.")
    if inner is None:
        return multipart(
            headers,
            [text, attachment_part(f'filename="nivell{level}.pdf"', PDF)],
            boundary=f"L{level}",
        )
    forwarded = part(
        [
            ("Content-Type", "message/rfc822"),
            ("Content-Disposition", "inline"),
        ],
        inner,
    )
    return multipart(headers, [text, forwarded], boundary=f"L{level}")


def forward() -> bytes:
    return _forwardable(0, _forwardable(1))


def forward_chain() -> bytes:
    inner = _forwardable(8)
    for level in range(7, -1, -1):
        inner = _forwardable(level, inner)
    return inner


def tnef(name: str = "two-files.tnef", filename: str = "winmail.dat") -> bytes:
    return multipart(
        basic_headers(Message_ID=f"<tnef-{name}@x.cat>"),
        [
            text_part(CATALAN_TEXT),
            part(
                [
                    ("Content-Type", f'application/ms-tnef; name="{filename}"'),
                    ("Content-Disposition", f'attachment; filename="{filename}"'),
                    ("Content-Transfer-Encoding", "base64"),
                ],
                b64((DATA / name).read_bytes()),
            ),
        ],
    )


def tnef_body() -> bytes:
    """Outlook sent everything inside winmail.dat: no text part at all."""
    return multipart(
        basic_headers(Message_ID="<tnef-body@x.cat>"),
        [
            part(
                [
                    ("Content-Type", "application/octet-stream"),
                    ("Content-Disposition", 'attachment; filename="WINMAIL.DAT"'),
                    ("Content-Transfer-Encoding", "base64"),
                ],
                b64((DATA / "body.tnef").read_bytes()),
            ),
        ],
    )


def tnef_broken() -> bytes:
    data = (DATA / "two-files.tnef").read_bytes()
    return multipart(
        basic_headers(Message_ID="<tnef-broken@x.cat>"),
        [
            text_part(CATALAN_TEXT),
            part(
                [
                    ("Content-Type", "application/ms-tnef"),
                    ("Content-Disposition", 'attachment; filename="winmail.dat"'),
                    ("Content-Transfer-Encoding", "base64"),
                ],
                b64(b"\x00\x01\x02\x03" + data[4:60]),
            ),
        ],
    )


HOSTILE_NAMES = [
    'filename="../../etc/passwd"',
    'filename="C:\\\\x\\\\y.pdf"',
    "filename*=utf-8''%00evil.exe",
    'filename=".htaccess"',
    'filename="' + "a" * 496 + '.pdf"',
    'filename=""',
    'filename="con.txt"',
]


def hostile_filenames() -> bytes:
    return multipart(
        basic_headers(Message_ID="<names@x.cat>"),
        [text_part(CATALAN_TEXT)]
        + [attachment_part(header, PDF) for header in HOSTILE_NAMES],
    )


def lying_types() -> bytes:
    return multipart(
        basic_headers(Message_ID="<lying-types@x.cat>"),
        [
            text_part(CATALAN_TEXT),
            attachment_part('filename="grafic.png"', PDF, "image/png"),
            attachment_part('filename="foto.pdf"', jpeg_bytes(), "application/pdf"),
            attachment_part(
                'filename="esquema"', png_bytes(), "application/octet-stream"
            ),
        ],
    )


def many_attachments(count: int = 8) -> bytes:
    return multipart(
        basic_headers(Message_ID="<many@x.cat>"),
        [text_part(CATALAN_TEXT)]
        + [
            attachment_part(f'filename="doc{n}.pdf"', PDF + b"%" * n)
            for n in range(count)
        ],
    )


def sized_attachments(sizes: list[int]) -> bytes:
    return multipart(
        basic_headers(Message_ID="<sized@x.cat>"),
        [text_part(CATALAN_TEXT)]
        + [
            attachment_part(
                f'filename="file{n}.bin"', os.urandom(size), "application/octet-stream"
            )
            for n, size in enumerate(sizes)
        ],
    )


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def archives() -> bytes:
    """A fine zip, a ratio bomb, a many-members zip, a nested bomb, a corrupt zip,
    a fine gzip and a gzip bomb."""
    zeros = b"\x00" * (3 * 1024 * 1024)
    fine = zip_bytes({"memoria.txt": CATALAN_TEXT.encode() * 10})
    ratio_bomb = zip_bytes({"zeros.bin": zeros})
    crowd = zip_bytes({f"f{n}.txt": b"x" for n in range(60)})
    nested_bomb = zip_bytes({"inner.zip": zip_bytes({"zeros.bin": zeros})})
    corrupt = fine[:40] + b"\xff" * 30
    return multipart(
        basic_headers(Message_ID="<archives@x.cat>"),
        [
            text_part(CATALAN_TEXT),
            attachment_part('filename="fine.zip"', fine, "application/zip"),
            attachment_part('filename="bomb.zip"', ratio_bomb, "application/zip"),
            attachment_part('filename="crowd"', crowd, "application/x-zip-compressed"),
            attachment_part('filename="nested.zip"', nested_bomb, "application/zip"),
            attachment_part('filename="corrupt.zip"', corrupt, "application/zip"),
            attachment_part(
                'filename="fine.txt.gz"',
                gzip.compress(CATALAN_TEXT.encode()),
                "application/gzip",
            ),
            attachment_part(
                'filename="bomb.gz"', gzip.compress(zeros), "application/gzip"
            ),
        ],
    )


def inline_images() -> bytes:
    return multipart(
        basic_headers(Message_ID="<inline@x.cat>"),
        [
            text_part(CATALAN_TEXT),
            part(
                [
                    ("Content-Type", "image/png"),
                    ("Content-Disposition", 'inline; filename="captura.png"'),
                    ("Content-Transfer-Encoding", "base64"),
                ],
                b64(png_bytes()),
            ),
            part(
                [
                    ("Content-Type", "image/jpeg"),
                    ("Content-ID", "<foto@x>"),
                    ("Content-Transfer-Encoding", "base64"),
                ],
                b64(jpeg_bytes()),
            ),
        ],
        subtype="related",
    )


def dsn() -> bytes:
    status = (
        b"Reporting-MTA: dns; mx.example.org\n\n"
        b"Final-Recipient: rfc822; nobody@example.cat\nAction: failed\nStatus: 5.1.1\n"
    )
    return multipart(
        [
            ("From", "Mail Delivery System <MAILER-DAEMON@mx.example.org>"),
            ("To", "observatori@example.org"),
            ("Subject", "Undelivered Mail Returned to Sender"),
            ("Date", "Mon, 03 Feb 2025 10:00:00 +0100"),
            ("Message-ID", "<dsn@mx.example.org>"),
        ],
        [
            text_part("This is the mail system. The message could not be delivered."),
            part([("Content-Type", "message/delivery-status")], status),
        ],
        subtype="report",
        extra_params="; report-type=delivery-status",
    )


def loop_message(**headers: str) -> bytes:
    return message(
        [*basic_headers(**headers), ("Content-Type", "text/plain; charset=utf-8")],
        CATALAN_TEXT,
    )


LOOPS = {
    "auto_submitted": ({"Auto_Submitted": "auto-replied"}, "Auto-Submitted"),
    "precedence_bulk": ({"Precedence": "bulk"}, "Precedence: bulk"),
    "list_id": ({"List_Id": "<news.example.org>"}, "List-Id"),
    "empty_return_path": ({"Return_Path": "<>"}, "empty return path"),
    "mailer_daemon": ({"From": "MAILER-DAEMON"}, "sender MAILER-DAEMON"),
    "noreply": ({"From": "Portal <No-Reply@seu.example.cat>"}, "no-reply sender"),
    "donotreply": ({"From": "<DoNotReply@example.cat>"}, "no-reply sender"),
    "x_autoreply": ({"X_Autoreply": "yes"}, "X-Autoreply"),
    "x_autorespond": ({"X_Autorespond": "yes"}, "X-Autorespond"),
    "subject_ca": (
        {"Subject": "Resposta automàtica: Projecte"},
        "auto-reply subject",
    ),
    "subject_es": ({"Subject": "Fuera de la oficina"}, "auto-reply subject"),
    "subject_en": ({"Subject": "Automatic reply: your project"}, "auto-reply subject"),
}


def deep_nesting(depth: int = 3000) -> bytes:
    """Thousands of nested multiparts: a parser recursing on them would crash."""
    nested = b"".join(
        f'Content-Type: multipart/mixed; boundary="b{n}"\n\n--b{n}\n'.encode()
        for n in range(1, depth)
    )
    headers = [
        *basic_headers(Message_ID="<deep@x.cat>"),
        ("Content-Type", 'multipart/mixed; boundary="b0"'),
    ]
    return message(headers, b"--b0\n" + nested + b"\nfi\n")


def date_without_zone() -> bytes:
    return message(
        [
            *basic_headers(Date="Mon, 03 Feb 2025 10:00:00", Message_ID="<nozone@x>"),
            ("Content-Type", "text/plain; charset=utf-8"),
        ],
        CATALAN_TEXT,
    )


def message_ids() -> bytes:
    return message(
        [
            *basic_headers(Message_ID="  < first@x.cat >  <second@x.cat>"),
            ("In-Reply-To", "<ack-1@observatori.example.org>"),
            ("References", "<a@x>\n <b@y> garbage <ack-1@observatori.example.org>"),
            ("Content-Type", "text/plain; charset=utf-8"),
        ],
        CATALAN_TEXT,
    )


def language(text: str, subject: str) -> bytes:
    return message(
        [
            *basic_headers(Subject=subject),
            ("Content-Type", "text/plain; charset=utf-8"),
        ],
        text,
    )


def corpus() -> dict[str, bytes]:
    """Every message of the corpus, by name."""
    messages = {
        "plain": plain(),
        "crlf_plain": crlf_plain(),
        "header_charsets": header_charsets(),
        "malformed_encoded_words": malformed_encoded_words(),
        "unknown_charset_body": unknown_charset_body(),
        "lying_charsets": lying_charsets(),
        "rfc2231_filenames": rfc2231_filenames(),
        "missing_headers": missing_headers(),
        "garbage_date": garbage_date(),
        "date_without_zone": date_without_zone(),
        "long_headers": long_headers(),
        "missing_closing_boundary": missing_closing_boundary(),
        "boundary_never_appears": boundary_never_appears(),
        "bad_base64": bad_base64(),
        "bad_quoted_printable": bad_quoted_printable(),
        "nul_bytes": nul_bytes(),
        "html_only": html_only(),
        "alternative": alternative(),
        "nested": nested(),
        "forward": forward(),
        "forward_chain": forward_chain(),
        "tnef": tnef(),
        "tnef_body": tnef_body(),
        "tnef_broken": tnef_broken(),
        "hostile_filenames": hostile_filenames(),
        "lying_types": lying_types(),
        "many_attachments": many_attachments(),
        "archives": archives(),
        "inline_images": inline_images(),
        "dsn": dsn(),
        "deep_nesting": deep_nesting(),
        "message_ids": message_ids(),
        "catalan": language(CATALAN_TEXT, "Projecte"),
        "spanish": language(SPANISH_TEXT, "Proyecto"),
        "english": language(ENGLISH_TEXT, "Project"),
        "empty": b"",
        "binary_junk": bytes(range(256)) * 8,
    }
    for name, (headers, _) in LOOPS.items():
        messages[f"loop_{name}"] = loop_message(**headers)
    return messages


def write_big_message(
    path: Path, sizes: tuple[int, ...] = (37, 12)
) -> tuple[int, list[tuple[int, str]]]:
    """A message of about 50 MB: base64 attachments of ``sizes`` MB each (encoded),
    written in slices so that building it costs no memory. Returns the message size
    and each attachment's decoded size and sha256."""
    mb = 1024 * 1024
    expected = []
    with open(path, "wb") as handle:
        handle.write(
            multipart(
                basic_headers(Message_ID="<big@x.cat>"),
                [text_part(CATALAN_TEXT)],
                close=False,
            )
        )
        for number, encoded_mb in enumerate(sizes):
            disposition = f'attachment; filename="big{number}.bin"'
            handle.write(
                b"\n--BOUNDARY\nContent-Type: application/octet-stream\n"
                + f"Content-Disposition: {disposition}\n".encode()
                + b"Content-Transfer-Encoding: base64\n\n"
            )
            raw_total = encoded_mb * mb * 57 // 77  # 57 raw bytes per 77-byte line
            digest = hashlib.sha256()
            written = 0
            while written < raw_total:
                chunk = os.urandom(min(57 * 1024, raw_total - written))
                digest.update(chunk)
                handle.write(base64.encodebytes(chunk))
                written += len(chunk)
            expected.append((raw_total, digest.hexdigest()))
        handle.write(b"\n--BOUNDARY--\n")
        return handle.tell(), expected
