# ruff: noqa: E501 - message bodies keep their long lines, as people type them
"""Build the corpus of submissions: one .eml per message, as municipalities send them.

    .venv/bin/python submissions/tests/data/corpus/make_corpus.py

Writes ``NN-name.eml`` beside this script (the messages are committed; run it again
only to change them). The bodies are below; the attached DOCX, ODT and PDF files
are made here with python-docx, odfpy and fpdf2 (the ``dev`` extra). What a careful
editor would fill in for each message is in ``NN-name.json``, written by hand:
this script never writes those.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATE = datetime(2026, 10, 5, 9, 30, tzinfo=UTC)

# --------------------------------------------------------------------------------------
# Attachments


def docx_file(blocks: list[tuple[str, object]]) -> bytes:
    """blocks: ("h", text) heading, ("p", text) paragraph, ("li", text) bullet,
    ("table", [[cell, cell], ...])."""
    import docx

    document = docx.Document()
    for kind, value in blocks:
        if kind == "h":
            document.add_heading(value, level=2)
        elif kind == "p":
            document.add_paragraph(value)
        elif kind == "li":
            document.add_paragraph(value, style="List Bullet")
        elif kind == "table":
            table = document.add_table(rows=0, cols=len(value[0]))
            for row in value:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odt_file(blocks: list[tuple[str, object]]) -> bytes:
    """The same blocks as ``docx_file``, as an OpenDocument text."""
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, List, ListItem, P

    document = OpenDocumentText()
    items = None
    for kind, value in blocks:
        if kind != "li":
            items = None
        if kind == "h":
            document.text.addElement(H(outlinelevel=2, text=value))
        elif kind == "p":
            document.text.addElement(P(text=value))
        elif kind == "li":
            if items is None:
                items = List()
                document.text.addElement(items)
            item = ListItem()
            item.addElement(P(text=value))
            items.addElement(item)
        elif kind == "table":
            table = Table(name="Fitxa")
            table.addElement(TableColumn(numbercolumnsrepeated=len(value[0])))
            for row in value:
                table_row = TableRow()
                for text in row:
                    cell = TableCell()
                    for line in text.split("\n"):
                        cell.addElement(P(text=line))
                    table_row.addElement(cell)
                table.addElement(table_row)
            document.text.addElement(table)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_file(blocks: list[tuple[str, object]]) -> bytes:
    """The same blocks as ``docx_file`` (no tables), as a PDF of a few pages."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    for kind, value in blocks:
        if kind == "h":
            pdf.set_font("Helvetica", "B", 12)
            pdf.multi_cell(0, 7, value, new_x="LMARGIN", new_y="NEXT")
        elif kind in ("p", "li"):
            pdf.set_font("Helvetica", "", 11)
            text = f"- {value}" if kind == "li" else value
            pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
PDF = "application/pdf"

# --------------------------------------------------------------------------------------
# Messages


def message(
    name: str,
    *,
    sender: str,
    subject: str,
    text: str | None = None,
    html: str | None = None,
    attachments: list[tuple[str, bytes, str]] = (),
    forwarded: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = "Observatori <observatori@observatori.example>"
    mail["Subject"] = subject
    mail["Date"] = format_datetime(DATE)
    mail["Message-ID"] = f"<{name}@corpus.observatori.example>"
    for key, value in (headers or {}).items():
        mail[key] = value
    if text is not None:
        mail.set_content(text)
        if html is not None:
            mail.add_alternative(html, subtype="html")
    elif html is not None:
        mail.set_content(html, subtype="html")
    for filename, data, content_type in attachments:
        maintype, subtype = content_type.split("/")
        mail.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    if forwarded is not None:
        # A message forwarded as an attachment (message/rfc822), as Outlook does.
        mail.add_attachment(message_from_bytes(forwarded, policy=policy.default))
    (HERE / f"{name}.eml").write_bytes(bytes(mail))


def inner_message(sender: str, subject: str, text: str) -> bytes:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = "tic@olot.cat"
    mail["Subject"] = subject
    mail["Date"] = format_datetime(datetime(2026, 10, 1, 12, 0, tzinfo=UTC))
    mail["Message-ID"] = "<inner-03@olot.cat>"
    mail.set_content(text)
    return bytes(mail)


CA_01 = """Bon dia,

Us envio la fitxa del nostre projecte.

Títol: Cita prèvia per WhatsApp
Entitat (administració): Ajuntament de Vic
Municipi: Vic
Àmbit: Atenció ciutadana
Fase: En producció
Resum: Els veïns demanen cita prèvia per WhatsApp i l'Oficina d'Atenció Ciutadana respon en minuts.
Descripció:
Hem connectat el gestor de cites de l'OAC amb un número de WhatsApp. Un assistent guia la persona fins que tria dia i hora.
Objectius:
Millorar l'atenció de la gent gran
Que el 50 % de les cites es demanin per canals digitals
Reduir les cues a l'oficina
Tecnologies: WhatsApp Business API, Drupal
Obstacles:
Desconfiança inicial; ho vam superar amb sessions de grup.
Protecció de dades: la vam superar amb un informe del delegat de protecció de dades.
Beneficis:
Un 40 % de les cites ja arriben per WhatsApp
Menys trucades a l'OAC
Estalvi: 12.000 € l'any en hores de personal
Persona de contacte: Marta Serra, cap de l'OAC
Correu electrònic: mserra@vic.cat
Telèfon: 938 862 100
Enllaços: https://www.vic.cat/cita-previa
Data d'inici: 01/02/2024

Salutacions,
Marta Serra
Ajuntament de Vic
"""

CA_02 = """Hola,

Des de l'Ajuntament de Manlleu hem posat en marxa una app perquè els veïns avisin d'incidències a la via pública (fanals, voreres, contenidors) amb una foto i la ubicació. Les incidències arriben directament a la brigada.

Ara mateix la fem servir unes 600 persones i responem en menys de 48 hores.

Moltes gràcies,

Jordi Puig
Tècnic de Sistemes
Ajuntament de Manlleu
Tel. 93 850 66 66
"""

CA_03_INNER = """Jordi,

Aquí tens la fitxa per enviar a l'Observatori.

Títol: Padró en línia
Àmbit: Serveis i tràmits
Fase: Pilot
Resum: Els veïns poden consultar i demanar el certificat de padró des de casa.
Objectius:
- Evitar desplaçaments a l'OAC
- Emetre els certificats a l'instant
Tecnologies: Plataforma MUX de l'AOC
Obstacles:
- Les dades antigues del padró tenien errors
  es va superar amb una revisió manual de 3.000 registres
Persona de contacte: Núria Casals
Correu electrònic: ncasals@olot.cat

Núria Casals
Ajuntament d'Olot
"""

CA_03 = """Us reenvio la fitxa que ha preparat la Núria.

Jordi
"""

CA_04 = """Hola de nou,

Aquí teniu la fitxa omplerta.

Títol: Bústia ètica i de bon govern
Àmbit: Participació i govern obert
Fase: En producció
Resum: Una bústia anònima on qualsevol persona pot alertar de males pràctiques a l'Ajuntament.
Descripció: La bústia garanteix l'anonimat de qui alerta i un equip extern revisa cada alerta en 15 dies.
Objectius: Prevenir el frau; complir la directiva europea de protecció dels alertadors
Obstacles: Por a represàlies — solució: anonimat garantit per una plataforma externa
Data d'inici: setembre de 2023

Gràcies!
Pere

El 3/10/2026, Observatori <observatori@observatori.example> va escriure:
> Gràcies per enviar-nos el vostre projecte [OBS-41].
> Títol:
> Un nom curt per al projecte.
> Fase:
> Prototip, pilot o en producció.
"""

CA_05_HTML = """<html><body>
<p>Bona tarda,</p>
<p>Us fem arribar el projecte.</p>
<p><b>Títol:</b> Dades obertes municipals</p>
<p><b>Àmbit:</b> Participació i govern obert</p>
<p><b>Fase:</b> En producció</p>
<p><b>Resum:</b> Publiquem el pressupost, els contractes i la qualitat de l'aire com a dades obertes.</p>
<p><b>Objectius:</b></p>
<ul><li>Retre comptes a la ciutadania</li><li>Afavorir la reutilització de les dades</li></ul>
<p><b>Tecnologies:</b> CKAN, Sentilo</p>
<p><b>Beneficis:</b></p>
<ul><li>45 conjunts de dades publicats</li><li>3 aplicacions fetes per entitats locals</li></ul>
<p><b>Persona de contacte:</b> Laia Ferrer</p>
<p><b>Correu electrònic:</b> lferrer@igualada.cat</p>
<p><b>Enllaços:</b> <a href="https://dades.igualada.cat">https://dades.igualada.cat</a></p>
<p>Salutacions cordials,<br>Laia Ferrer<br>Ajuntament d'Igualada</p>
</body></html>"""

CA_06 = """BON DIA

TITOL: TELEASSISTENCIA AVANÇADA
FASE: PILOT
AMBIT: SERVEIS SOCIALS
RESUM: Sensors a casa de 50 persones grans que viuen soles avisen els serveis socials si hi ha canvis en la rutina.
OBJECTIUS:
Detectar caigudes i situacions de risc abans
Allargar la vida autònoma a casa
TECNOLOGIES: sensors de moviment, plataforma de teleassistència
OBSTACLES:
Reticència de les famílies. La vam superar amb visites a domicili.
BENEFICIS:
12 situacions de risc detectades en sis mesos
PERSONA DE CONTACTE: Anna Vidal
CORREU: avidal@ajtona.cat
"""

DOCX_07 = [
    ("h", "Fitxa de projecte per a l'Observatori"),
    ("h", "Títol"),
    ("p", "Gestor d'expedients electrònic"),
    ("h", "Entitat (administració)"),
    ("p", "Ajuntament de Manresa"),
    ("h", "Àmbit"),
    ("p", "Serveis i tràmits"),
    ("h", "Fase"),
    ("p", "En producció"),
    ("h", "Resum"),
    (
        "p",
        "Tots els expedients de l'Ajuntament es tramiten en format electrònic, sense paper.",
    ),
    ("h", "Objectius"),
    ("li", "Eliminar el paper dels expedients"),
    ("li", "Saber en tot moment en quin estat és cada expedient"),
    ("h", "Tecnologies"),
    ("p", "Gestiona, Portafirmes, Notific@"),
    ("h", "Obstacles"),
    (
        "li",
        "Resistència al canvi dels equips. Es va superar amb formació a cada departament.",
    ),
    ("li", "Integració amb aplicacions antigues"),
    ("h", "Beneficis"),
    ("li", "Un 30 % menys de temps de tramitació"),
    ("h", "Estalvi"),
    ("p", "25.000 € l'any en paper, impressió i missatgeria"),
    ("h", "Persona de contacte"),
    ("p", "Carles Soler, cap d'organització"),
    ("h", "Correu electrònic"),
    ("p", "csoler@manresa.cat"),
    ("h", "Data d'inici"),
    ("p", "03/2022"),
]

ODT_08 = [
    ("p", "Fitxa de projecte per a l'Observatori"),
    (
        "table",
        [
            ["Títol", "Pressupostos participatius"],
            ["Entitat (administració)", "Ajuntament de Sant Feliu de Guíxols"],
            ["Àmbit", "Participació i govern obert"],
            ["Fase", "Pilot"],
            [
                "Resum",
                "Els veïns proposen i voten en línia com es gasten 300.000 € del pressupost.",
            ],
            ["Objectius", "Implicar el jovent\nMillorar la confiança en l'Ajuntament"],
            ["Tecnologies", "Decidim"],
            [
                "Obstacles",
                "Poca participació el primer any; ho vam superar amb punts de votació al carrer.",
            ],
            ["Beneficis", "2.100 vots el segon any"],
            ["Persona de contacte", "Enric Roca"],
            ["Correu electrònic", "enric.roca.regidor@gmail.com"],
            ["Enllaços", "https://decidim.guixols.cat"],
        ],
    ),
]

CA_08 = """Bon dia,

Us adjunto la fitxa del projecte de pressupostos participatius.

Enric Roca
Regidor de Participació
Ajuntament de Sant Feliu de Guíxols
"""

PDF_09 = [
    ("h", "Fitxa de projecte per a l'Observatori"),
    ("h", "Títol:"),
    ("p", "Gestió intel·ligent de l'enllumenat"),
    ("h", "Àmbit:"),
    ("p", "Planificació i gestió pública"),
    ("h", "Fase:"),
    ("p", "Prototip"),
    ("h", "Resum:"),
    (
        "p",
        "Cent punts de llum de la ciutat es regulen segons el pas de persones i vehicles.",
    ),
    ("h", "Objectius:"),
    ("p", "Reduir el consum elèctric"),
    ("p", "Conèixer els fluxos de mobilitat nocturna"),
    ("h", "Tecnologies:"),
    ("p", "LoRaWAN, Sentilo"),
    ("h", "Obstacles:"),
    ("p", "Cobertura de xarxa insuficient; es va superar amb dues antenes noves."),
    ("h", "Estalvi:"),
    ("p", "8.000 EUR l'any en electricitat"),
    ("h", "Persona de contacte:"),
    ("p", "Sílvia Mas"),
    ("h", "Telèfon:"),
    ("p", "972 032 200"),
]

CA_09 = """Bon dia,

Títol: Enllumenat intel·ligent a Figueres
Fase: Pilot

La resta de la fitxa és al PDF adjunt.

Sílvia Mas
smas@figueres.cat
"""

CA_10 = """Entitat: Ajuntament de Tona
Títol: Finestreta única per a les entitats
Àmbit: Serveis i tràmits
Fase: En producció
Resum: Les entitats fan tots els tràmits amb l'Ajuntament des d'un sol lloc web.
Objectius: Simplificar els tràmits; Reduir el paper; Donar un sol punt de contacte
Tecnologies: Sede electrònica, Via Oberta
Obstacles: Manca de personal: es va superar amb un tècnic compartit amb el Consell Comarcal; Formularis massa llargs
Beneficis:
Els tràmits de les entitats es resolen en 5 dies
Un 70 % dels tràmits ja són en línia

Salutacions,
Mireia Font
"""

CA_11 = """Bon dia,

Us explico el projecte de l'Ajuntament de Castellar: una plataforma per reservar els equipaments esportius municipals en línia, amb pagament amb targeta.

Salutacions,
Oriol Bosch
"""

ES_12 = """Buenos días:

Les envío la ficha de nuestro proyecto.

Título: Sede electrónica accesible
Entidad (administración): Ayuntamiento de Teruel
Ámbito: Servicios y trámites
Fase: En producción
Resumen: Rediseño de la sede electrónica para que cumpla las pautas de accesibilidad y se use desde el móvil.
Objetivos:
Cumplir el nivel AA de accesibilidad
Que la mitad de los trámites se hagan desde el móvil
Tecnologías: Drupal, auditoría WCAG 2.1
Obstáculos:
Falta de presupuesto; lo superamos con fondos europeos.
Beneficios:
Un 35 % más de trámites en línea
Persona de contacto: Lucía Martín
Correo electrónico: lmartin@teruel.es
Teléfono: 978 619 900
Fecha de inicio: 15/01/2023

Un saludo,
Lucía Martín
"""

ES_13 = """Hola,

Soy técnico del Ayuntamiento de Alcobendas. Hemos puesto en marcha un asistente virtual que responde las preguntas más frecuentes de los vecinos en la web municipal y por WhatsApp, las 24 horas.

Atiende unas 3.000 consultas al mes.

Saludos,
Raúl Gómez
Ayuntamiento de Alcobendas
"""

DOCX_14 = [
    ("h", "Título"),
    ("p", "Registro electrónico de entrada"),
    ("h", "Entidad"),
    ("p", "Ayuntamiento de Huesca"),
    ("h", "Ámbito"),
    ("p", "Servicios y trámites"),
    ("h", "Fase"),
    ("p", "Piloto"),
    ("h", "Resumen"),
    (
        "p",
        "Todas las solicitudes entran por un único registro electrónico conectado con el resto de administraciones.",
    ),
    ("h", "Objetivos"),
    ("li", "Eliminar el registro en papel"),
    ("li", "Conectar con el sistema estatal de registros"),
    ("h", "Tecnologías"),
    ("p", "GEISER, SIR"),
    ("h", "Obstáculos"),
    ("li", "Formación del personal de las oficinas, se superó con talleres prácticos"),
    ("h", "Beneficios"),
    ("li", "Las solicitudes llegan al departamento el mismo día"),
    ("h", "Persona de contacto"),
    ("p", "Javier Lacasa"),
    ("h", "Correo electrónico"),
    ("p", "jlacasa@huesca.es"),
]

PDF_15 = [
    ("h", "Ficha de proyecto"),
    ("p", "Título: Wifi municipal en los pueblos del valle"),
    ("p", "Entidad (administración): Ayuntamiento de Jaca"),
    ("p", "Ámbito: Transformación integral y cambio cultural"),
    ("p", "Fase: En producción"),
    (
        "p",
        "Resumen: Conexión wifi gratuita en las plazas y edificios municipales de los núcleos de Jaca.",
    ),
    ("p", "Objetivos:"),
    ("p", "Reducir la brecha digital en los núcleos rurales"),
    ("p", "Atraer teletrabajadores"),
    ("p", "Tecnologías: WiFi4EU"),
    ("p", "Obstáculos: La orografía del valle. Se superó con radioenlaces."),
    ("p", "Persona de contacto: Pilar Sanz"),
    ("p", "Correo electrónico: psanz.jaca@gmail.com"),
]

ES_15 = """Buenas tardes,

Adjunto la ficha del proyecto.

Pilar
"""

ES_16_TEXT = """Hola de nuevo,

Título: Carpeta ciudadana
Ámbito: Servicios y trámites
Fase: Piloto
Resumen: Cada vecino ve en un solo sitio sus trámites, recibos y citas con el Ajuntament.
Objetivos:
1. Dar información personalizada
2. Reducir las llamadas para preguntar por el estado de un trámite
Obstáculos:
- Datos repartidos en cinco aplicaciones. Lo resolvimos con una capa de integración.
Beneficios:
- 4.000 personas usuarias en tres meses

Saludos,
Vicent Ortells

> El 2/10/2026, Observatori escribió:
> Gracias por enviarnos su proyecto [OBS-57].
"""

ES_16_HTML = """<html><body><div>Hola de nuevo,</div><div><br></div>
<div><b>Título:</b> Carpeta ciudadana</div>
<div><b>Ámbito:</b> Servicios y trámites</div>
<div><b>Fase:</b> Piloto</div>
<div><b>Resumen:</b> Cada vecino ve en un solo sitio sus trámites, recibos y citas con el Ajuntament.</div>
<div><b>Objetivos:</b></div><ol><li>Dar información personalizada</li><li>Reducir las llamadas para preguntar por el estado de un trámite</li></ol>
<div><b>Obstáculos:</b></div><ul><li>Datos repartidos en cinco aplicaciones. Lo resolvimos con una capa de integración.</li></ul>
<div><b>Beneficios:</b></div><ul><li>4.000 personas usuarias en tres meses</li></ul>
<div>Saludos,<br>Vicent Ortells</div>
<blockquote>El 2/10/2026, Observatori escribió:<br>Gracias por enviarnos su proyecto [OBS-57].</blockquote>
</body></html>"""

ES_17 = """TITULO: APP DE AVISOS A LA CIUDADANIA
AMBITO: ATENCION CIUDADANA
FASE: EN PRODUCCION
RESUMEN: Los vecinos reciben en el móvil avisos de cortes de agua, obras y emergencias.
OBJETIVOS: Informar antes y mejor; llegar a la gente joven
TECNOLOGIAS: app propia, notificaciones push
OBSTACULOS: Pocas descargas al principio, lo superamos con una campaña en las escuelas
BENFICIOS: 9.000 descargas
CONTACTO: Marc Ribas
CORREO: mribas@ajuntament.mataro.cat
"""

EN_18 = """Dear Observatory team,

Please find our project below.

Title: Open budget portal
Entity (administration): Galway City Council
Area: Participation and open government
Phase: In production
Summary: An interactive portal shows residents how every euro of the city budget is spent.
Objectives:
Make the budget understandable
Invite comments before the budget is approved
Technologies: OpenSpending, D3.js
Obstacles:
Data spread across departments; we overcame it by appointing a data steward in each one.
Benefits:
Visits to the budget pages tripled
Contact person: Siobhan Kelly
Email: skelly@galwaycity.ie
Start date: 2024-04-01

Kind regards,
Siobhan Kelly
Galway City Council
"""

EN_19 = """Hello,

Sitges Town Hall would like to share a project: we digitised the municipal archive (12,000 photographs and documents) and published it online with a search engine, so that residents and researchers can consult it from home.

Best regards,
Clara Pons
Archivist
Ajuntament de Sitges
"""

ODT_20 = [
    ("h", "Title"),
    ("p", "Remote work for council staff"),
    ("h", "Entity (administration)"),
    ("p", "Ajuntament de Terrassa"),
    ("h", "Area"),
    ("p", "Integral transformation and cultural change"),
    ("h", "Phase"),
    ("p", "In production"),
    ("h", "Summary"),
    (
        "p",
        "Four hundred council employees work from home two days a week with secure laptops and an online collaboration suite.",
    ),
    ("h", "Objectives"),
    ("li", "Better work-life balance"),
    ("li", "Less commuting"),
    ("h", "Technologies"),
    ("p", "Nextcloud, Jitsi, VPN"),
    ("h", "Obstacles"),
    (
        "li",
        "Managers used to supervising in person. We overcame it by training in management by objectives.",
    ),
    ("li", "Old desktop computers"),
    ("h", "Benefits"),
    ("li", "Sick leave down by 15 %"),
    ("h", "Contact person"),
    ("p", "Miquel Serra"),
    ("h", "Email"),
    ("p", "mserra@terrassa.cat"),
]

EN_20 = """Hello,

Attached is our project sheet, filled in.

Miquel Serra
"""

EN_21 = """Hi,

I am a volunteer with a neighbourhood association and we built a small app that maps broken street lights. Would it fit in the observatory?

Thanks,
Tom
"""

CA_22_HTML = """<html><head><style>p{margin:0}</style></head><body>
<p class=MsoNormal>Benvolguts,</p>
<p class=MsoNormal>&nbsp;</p>
<p class=MsoNormal><b>T&iacute;tol</b>: Sensors de qualitat de l'aire a les escoles</p>
<p class=MsoNormal><b>&Agrave;mbit</b>: Planificaci&oacute; i gesti&oacute; p&uacute;blica</p>
<p class=MsoNormal><b>Fase</b>: Pilot</p>
<p class=MsoNormal><b>Resum</b>: Vint escoles mesuren el CO2 i les part&iacute;cules a les aules i reben un av&iacute;s quan cal ventilar.</p>
<p class=MsoNormal><b>Objectius</b>:</p>
<p class=MsoNormal>&middot; Millorar la qualitat de l'aire a les aules</p>
<p class=MsoNormal>&middot; Implicar l'alumnat en la recollida de dades</p>
<p class=MsoNormal><b>Tecnologies</b>: Arduino, Sentilo, dades obertes</p>
<p class=MsoNormal><b>Obstacles</b>: Connectivitat a les escoles antigues, solucionada amb repetidors</p>
<p class=MsoNormal><b>Estalvi</b>: no l'hem mesurat</p>
<p class=MsoNormal>&nbsp;</p>
<p class=MsoNormal>Atentament,</p>
<p class=MsoNormal>Gemma Vilalta</p>
<p class=MsoNormal>Servei de Medi Ambient</p>
<p class=MsoNormal>Ajuntament de Matar&oacute;</p>
</body></html>"""


def build() -> None:
    message(
        "01-ca-template-body",
        sender="Marta Serra <mserra@vic.cat>",
        subject="Fitxa de projecte: Cita prèvia per WhatsApp",
        text=CA_01,
    )
    message(
        "02-ca-prose-signature",
        sender="Jordi Puig <jpuig@manlleu.cat>",
        subject="Projecte: app d'incidències a la via pública",
        text=CA_02,
    )
    message(
        "03-ca-forwarded",
        sender="Jordi Prat <jprat@olot.cat>",
        subject="Fwd: Fitxa padró en línia",
        text=CA_03,
        forwarded=inner_message(
            "Núria Casals <ncasals@olot.cat>", "Fitxa padró en línia", CA_03_INNER
        ),
    )
    message(
        "04-ca-quoted-reply",
        sender="Pere Camps <pcamps@ajgranollers.cat>",
        subject="Re: [OBS-41] Gràcies per enviar-nos el vostre projecte",
        text=CA_04,
        headers={"In-Reply-To": "<ack-41@observatori.example>"},
    )
    message(
        "05-ca-html-only",
        sender="Laia Ferrer <lferrer@igualada.cat>",
        subject="Projecte de dades obertes",
        html=CA_05_HTML,
    )
    message(
        "06-ca-capitals",
        sender="Anna Vidal <avidal@ajtona.cat>",
        subject="TELEASSISTENCIA",
        text=CA_06,
    )
    message(
        "07-ca-docx",
        sender="Carles Soler <csoler@manresa.cat>",
        subject="Fitxa del gestor d'expedients",
        text="Bon dia,\n\nUs adjunto la fitxa omplerta.\n\nCarles Soler\n",
        attachments=[("fitxa-projecte.docx", docx_file(DOCX_07), DOCX)],
    )
    message(
        "08-ca-odt-gmail",
        sender="Enric Roca <enric.roca.regidor@gmail.com>",
        subject="Pressupostos participatius",
        text=CA_08,
        attachments=[("fitxa.odt", odt_file(ODT_08), ODT)],
    )
    message(
        "09-ca-pdf-and-body",
        sender="Sílvia Mas <smas@figueres.cat>",
        subject="Enllumenat",
        text=CA_09,
        attachments=[("fitxa-enllumenat.pdf", pdf_file(PDF_09), PDF)],
    )
    message(
        "10-ca-semicolons-gencat",
        sender="Mireia Font <mireia.font@gencat.cat>",
        subject="Finestreta única",
        text=CA_10,
    )
    message(
        "11-ca-ambiguous-town",
        sender="Oriol Bosch <obosch.esports@gmail.com>",
        subject="Reserva d'equipaments esportius",
        text=CA_11,
    )
    message(
        "12-es-template",
        sender="Lucía Martín <lmartin@teruel.es>",
        subject="Ficha de proyecto: sede electrónica accesible",
        text=ES_12,
    )
    message(
        "13-es-prose-hotmail",
        sender="Raúl Gómez <raulgomez75@hotmail.com>",
        subject="Asistente virtual municipal",
        text=ES_13,
    )
    message(
        "14-es-docx-headings",
        sender="Javier Lacasa <jlacasa@huesca.es>",
        subject="Ficha registro electrónico",
        text="Buenos días,\n\nAdjunto la ficha.\n\nJavier Lacasa\n",
        attachments=[("ficha-registro.docx", docx_file(DOCX_14), DOCX)],
    )
    message(
        "15-es-pdf-gmail",
        sender="Pilar Sanz <psanz.jaca@gmail.com>",
        subject="Ficha wifi",
        text=ES_15,
        attachments=[("ficha.pdf", pdf_file(PDF_15), PDF)],
    )
    message(
        "16-es-html-reply",
        sender="Vicent Ortells <vortells@vila-real.es>",
        subject="RE: [OBS-57] Gracias por enviarnos su proyecto",
        text=ES_16_TEXT,
        html=ES_16_HTML,
    )
    message(
        "17-es-capitals-typo",
        sender="Marc Ribas <mribas@ajuntament.mataro.cat>",
        subject="APP AVISOS",
        text=ES_17,
    )
    message(
        "18-en-template-abroad",
        sender="Siobhan Kelly <skelly@galwaycity.ie>",
        subject="Project submission: open budget portal",
        text=EN_18,
    )
    message(
        "19-en-prose",
        sender="Clara Pons <cpons@sitges.cat>",
        subject="Digitised municipal archive",
        text=EN_19,
    )
    message(
        "20-en-odt",
        sender="Miquel Serra <mserra@terrassa.cat>",
        subject="Project sheet: remote work",
        text=EN_20,
        attachments=[("project-sheet.odt", odt_file(ODT_20), ODT)],
    )
    message(
        "21-en-gmail-nothing",
        sender="Tom Walsh <tom.walsh.1984@gmail.com>",
        subject="Street lights app",
        text=EN_21,
    )
    message(
        "22-ca-outlook-html",
        sender="Gemma Vilalta <gvilalta@ajmataro.cat>",
        subject="Sensors a les escoles",
        html=CA_22_HTML,
    )


if __name__ == "__main__":
    build()
