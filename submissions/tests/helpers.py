"""Messages as municipalities send them, for the pipeline's tests."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from PIL import Image

CATALAN = (
    "Bon dia,\n\nUs enviem el projecte de l'Ajuntament de Manlleu: hem posat en marxa "
    "una finestra única digital per als tràmits de les entitats. Amb aquest projecte "
    "els tràmits són més ràpids i les entitats no han de venir a l'oficina.\n\n"
    "Salutacions cordials,\nMarta Vila"
)
SPANISH = (
    "Buenos días,\n\nLes enviamos el proyecto del Ayuntamiento de Teruel: hemos "
    "puesto en marcha una ventanilla única para los trámites de las asociaciones. "
    "Con este proyecto los trámites son más rápidos y las entidades no tienen que "
    "venir a la oficina.\n\nUn saludo,\nLuis Gómez"
)
ENGLISH = (
    "Hello,\n\nWe are sending the project of the town of Galway: we have launched "
    "a one-stop shop for the paperwork of local associations, and this project "
    "made the procedures faster for them and for our staff.\n\nBest regards,\nAnn"
)


def message(
    body: str = CATALAN,
    *,
    subject: str = "Projecte: finestra única digital",
    sender: str = "Marta Vila <marta.vila@manlleu.cat>",
    message_id: str | None = "auto",
    headers: dict | None = None,
    attachments: list[tuple[str, bytes, str]] = (),
) -> bytes:
    mail = EmailMessage()
    if sender:
        mail["From"] = sender
    mail["To"] = "observatori@localhost"
    mail["Subject"] = subject
    mail["Date"] = format_datetime(datetime(2026, 11, 2, 9, 30, tzinfo=UTC))
    if message_id == "auto":
        message_id = make_msgid(domain="manlleu.cat")
    if message_id:
        mail["Message-ID"] = message_id
    for name, value in (headers or {}).items():
        mail[name] = value
    mail.set_content(body)
    for filename, data, content_type in attachments:
        maintype, subtype = content_type.split("/")
        mail.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return mail.as_bytes()


def png_bytes(size=(40, 30), color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
