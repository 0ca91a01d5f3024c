"""The words of the demo content: project themes, articles and editorial pages.

Kept apart from the builders in ``demo.py`` so that the code stays readable. Themes
come from the areas of seed 003 and the caravan's fields of seed 002; articles echo
the blog posts of seeds 000 and 001. Catalan first; a subset of themes carries
Spanish and English texts for the pages written in (or translated into) those
languages.
"""

from project_pages.vocabularies import AreaCode as A
from project_pages.vocabularies import TransformationTypeCode as T

# (name, kind, open source, link): the tools a project lists in its analysis.
TECHNOLOGIES: dict[str, tuple[str, bool, str]] = {
    "Decidim": ("platform", True, "https://decidim.org"),
    "Consul Democracy": ("platform", True, "https://consuldemocracy.org"),
    "CKAN": ("platform", True, "https://ckan.org"),
    "Socrata": ("platform", False, "https://www.tylertech.com/products/data-insights"),
    "Rasa": ("software", True, "https://rasa.com"),
    "Dialogflow": ("software", False, "https://cloud.google.com/dialogflow"),
    "UiPath": ("tool", False, "https://www.uipath.com"),
    "Robocorp": ("tool", True, "https://robocorp.com"),
    "Power BI": (
        "tool",
        False,
        "https://www.microsoft.com/power-platform/products/power-bi",
    ),
    "Apache Superset": ("tool", True, "https://superset.apache.org"),
    "Grafana": ("tool", True, "https://grafana.com"),
    "QGIS": ("software", True, "https://qgis.org"),
    "PostGIS": ("software", True, "https://postgis.net"),
    "Sentilo": ("platform", True, "https://www.sentilo.io"),
    "FIWARE": ("platform", True, "https://www.fiware.org"),
    "LoRaWAN": ("standard", True, "https://lora-alliance.org"),
    "scikit-learn": ("software", True, "https://scikit-learn.org"),
    "Moodle": ("platform", True, "https://moodle.org"),
    "Nextcloud": ("software", True, "https://nextcloud.com"),
    "Jitsi Meet": ("software", True, "https://jitsi.org"),
    "Microsoft Teams": ("tool", False, "https://www.microsoft.com/microsoft-teams"),
    "e-TRAM (AOC)": ("platform", False, "https://www.aoc.cat"),
    "Sede electrònica": ("platform", False, ""),
    "Helios Voting": ("software", True, "https://heliosvoting.org"),
    "WhatsApp Business": ("tool", False, "https://business.whatsapp.com"),
    "Design thinking": ("method", True, ""),
    "Lean": ("method", True, ""),
    "Scrum": ("method", True, ""),
    "DCAT-AP": ("standard", True, "https://semiceu.github.io/DCAT-AP/"),
    "Odoo": ("software", True, "https://www.odoo.com"),
}

# Each theme: classification, tools, and the texts of a project file. Page titles
# add the place ("... a Manlleu"). "barrier" and "benefit" are the theme's own; the
# builders add common ones. "{n}" in an indicator is replaced by a number.
THEMES: list[dict] = [
    {
        "key": "assistent-padro",
        "areas": [A.CITIZEN_ATTENTION, A.SERVICES_PROCEDURES],
        "types": [T.SERVICE_JOURNEY],
        "tags": ["chatbot", "intel·ligència artificial", "padró"],
        "tech": ["Rasa", "Dialogflow"],
        "ca": {
            "title": "Assistent virtual per al padró municipal",
            "summary": "Un xatbot al web i a WhatsApp respon les preguntes sobre "
            "altes, canvis de domicili i volants de padró, i deriva els casos "
            "complexos a l'oficina d'atenció ciutadana.",
            "description": "Les consultes sobre el padró eren la primera causa de "
            "trucades a l'OAC. L'ajuntament va entrenar un assistent virtual amb les "
            "200 preguntes més freqüents i el va connectar amb la seu electrònica "
            "per emetre volants sense esperes.\n\nL'assistent funciona les 24 hores "
            "i, quan no sap la resposta, obre una cita amb el personal.",
            "value": "Resposta immediata a qualsevol hora i personal de l'OAC "
            "alliberat per als casos que necessiten una persona.",
        },
        "es": {
            "title": "Asistente virtual para el padrón municipal",
            "summary": "Un chatbot en la web y en WhatsApp responde las preguntas "
            "sobre altas, cambios de domicilio y volantes de empadronamiento, y "
            "deriva los casos complejos a la oficina de atención ciudadana.",
            "description": "Las consultas sobre el padrón eran la primera causa de "
            "llamadas. El ayuntamiento entrenó un asistente con las 200 preguntas "
            "más frecuentes y lo conectó con la sede electrónica.\n\nFunciona las "
            "24 horas y, cuando no sabe la respuesta, pide cita con el personal.",
            "value": "Respuesta inmediata a cualquier hora y personal liberado "
            "para los casos que necesitan a una persona.",
        },
        "en": {
            "title": "Virtual assistant for the municipal register",
            "summary": "A chatbot on the website and on WhatsApp answers questions "
            "about registering, changes of address and register certificates, and "
            "hands complex cases to the citizen service desk.",
            "description": "Register questions were the first reason people called "
            "the town hall. The council trained an assistant on the 200 most "
            "frequent questions and linked it to the e-office.\n\nIt works around "
            "the clock and books an appointment when it cannot answer.",
            "value": "Instant answers at any hour; staff freed for the cases that "
            "need a person.",
        },
        "barrier": (
            "Respostes poc precises al principi",
            "El primer mes l'assistent només entenia la meitat de les preguntes.",
            "Revisió setmanal de les converses fallides i ampliació del "
            "corpus amb el personal de l'OAC.",
        ),
        "benefit": (
            "Menys trucades a l'OAC",
            "Les consultes repetitives ja no ocupen la línia telefònica.",
            "{n} % menys trucades sobre el padró",
        ),
        "objectives": (
            "Millorar l'atenció ciutadana fora de l'horari d'oficina.",
            "Resoldre sense intervenció humana el 60 % de les consultes de padró.",
        ),
    },
    {
        "key": "bustia-queixes",
        "areas": [A.CITIZEN_ATTENTION],
        "types": [T.PROCESSES_PROCEDURES],
        "tags": ["queixes i suggeriments", "CRM", "atenció ciutadana"],
        "tech": ["Odoo", "Power BI"],
        "ca": {
            "title": "Bústia única de queixes, incidències i suggeriments",
            "summary": "Un sol canal (web, app i presencial) recull les queixes i "
            "incidències de la via pública, les assigna al servei responsable i "
            "informa el veí de l'estat fins que es resolen.",
            "description": "Abans hi havia set bústies diferents i cap no sabia què "
            "feien les altres. Ara cada entrada té un número, un servei responsable "
            "i un termini.\n\nEl veí rep avisos quan l'incidència canvia d'estat i "
            "pot adjuntar una foto geolocalitzada.",
            "value": "Traçabilitat de cada queixa i dades per decidir on cal "
            "reforçar els serveis.",
        },
        "es": {
            "title": "Buzón único de quejas, incidencias y sugerencias",
            "summary": "Un solo canal (web, app y presencial) recoge las quejas e "
            "incidencias de la vía pública, las asigna al servicio responsable e "
            "informa al vecino hasta que se resuelven.",
            "description": "Antes había siete buzones distintos. Ahora cada entrada "
            "tiene número, servicio responsable y plazo.\n\nEl vecino recibe avisos "
            "cuando la incidencia cambia de estado.",
            "value": "Trazabilidad de cada queja y datos para decidir dónde "
            "reforzar los servicios.",
        },
        "barrier": (
            "Serveis que no tancaven les incidències",
            "Moltes incidències resoltes quedaven obertes al sistema.",
            "Un indicador mensual per servei presentat a la junta de govern.",
        ),
        "benefit": (
            "Resposta més ràpida",
            "Les incidències arriben directament a qui les ha de resoldre.",
            "Temps mitjà de resolució: de 21 a {n} dies",
        ),
        "objectives": (
            "Donar una resposta única i traçable a la ciutadania.",
            "Respondre totes les queixes en menys de 15 dies.",
        ),
    },
    {
        "key": "cita-previa",
        "areas": [A.CITIZEN_ATTENTION, A.SERVICES_PROCEDURES],
        "types": [T.SERVICE_JOURNEY, T.ORGANISATION],
        "tags": ["cita prèvia", "atenció ciutadana"],
        "tech": ["Sede electrònica", "Lean"],
        "ca": {
            "title": "Cita prèvia en línia per a l'oficina d'atenció ciutadana",
            "summary": "Els veïns reserven hora per a qualsevol tràmit presencial "
            "des del mòbil i reben un recordatori; l'oficina planifica el personal "
            "segons la demanda real.",
            "description": "Les cues dels dilluns i l'època de matrícules "
            "col·lapsaven l'oficina. Amb la cita prèvia cada tràmit té una durada "
            "estimada i un taulell assignat.\n\nEs manté una franja sense cita per a "
            "les persones que no fan servir el mòbil.",
            "value": "Menys esperes i una oficina que sap quanta gent vindrà.",
        },
        "barrier": (
            "Bretxa digital de la gent gran",
            "Part dels usuaris habituals no podia reservar en línia.",
            "Reserva per telèfon i una franja diària sense cita.",
        ),
        "benefit": (
            "Esperes més curtes",
            "La gent arriba a l'hora i és atesa de seguida.",
            "Espera mitjana a l'OAC: {n} minuts",
        ),
        "objectives": (
            "Ordenar l'atenció presencial.",
            "Que el 70 % de les visites arribin amb cita.",
        ),
    },
    {
        "key": "tramits-24h",
        "areas": [A.SERVICES_PROCEDURES],
        "types": [T.PROCESSES_PROCEDURES, T.SERVICE_JOURNEY],
        "tags": ["tràmits en línia", "administració electrònica", "24h"],
        "tech": ["e-TRAM (AOC)", "Sede electrònica"],
        "ca": {
            "title": "Tràmits 24 hores: catàleg de tràmits simplificats",
            "summary": "Els 40 tràmits més demanats es poden fer en línia en menys "
            "de cinc minuts, amb formularis curts, dades ja conegudes emplenades i "
            "resposta automàtica quan no cal valoració tècnica.",
            "description": "L'equip va revisar cada tràmit amb els serveis: quins "
            "documents es demanaven que l'administració ja tenia, quins passos "
            "sobraven.\n\nEls formularis es van reescriure en llenguatge planer i es "
            "van provar amb veïns abans de publicar-los.",
            "value": "Tràmits disponibles 24 hores, sense desplaçaments ni "
            "paperassa repetida.",
        },
        "es": {
            "title": "Trámites 24 horas: catálogo de trámites simplificados",
            "summary": "Los 40 trámites más pedidos se hacen en línea en menos de "
            "cinco minutos, con formularios cortos y respuesta automática cuando no "
            "hace falta valoración técnica.",
            "description": "El equipo revisó cada trámite con los servicios para "
            "eliminar documentos que la administración ya tenía.\n\nLos formularios "
            "se reescribieron en lenguaje claro y se probaron con vecinos.",
            "value": "Trámites disponibles 24 horas, sin desplazamientos.",
        },
        "en": {
            "title": "24-hour procedures: a catalogue of simplified online forms",
            "summary": "The 40 most requested procedures can be done online in "
            "under five minutes, with short forms, known data filled in and an "
            "automatic answer when no assessment is needed.",
            "description": "The team reviewed every procedure with the departments "
            "and dropped the documents the council already held.\n\nForms were "
            "rewritten in plain language and tested with residents.",
            "value": "Procedures available around the clock, with no trips to the "
            "town hall.",
        },
        "barrier": (
            "Normatives que exigien paper",
            "Algunes ordenances demanaven documents originals.",
            "Modificació de les ordenances i declaració responsable.",
        ),
        "benefit": (
            "Tràmits en línia",
            "La majoria de sol·licituds arriben ja per via electrònica.",
            "{n} % dels tràmits iniciats en línia",
        ),
        "objectives": (
            "Fer que cap veí hagi de venir a l'ajuntament per a un tràmit simple.",
            "Publicar 40 tràmits simplificats en un any.",
        ),
    },
    {
        "key": "rpa-factures",
        "areas": [A.SERVICES_PROCEDURES, A.PLANNING_MANAGEMENT],
        "types": [T.PROCESSES_PROCEDURES],
        "tags": ["RPA", "automatització", "factura electrònica"],
        "tech": ["UiPath", "Robocorp"],
        "ca": {
            "title": "Robots de programari (RPA) per a la tramitació de factures",
            "summary": "Un robot descarrega les factures electròniques, les "
            "comprova amb les comandes i prepara la proposta d'aprovació; el "
            "personal d'intervenció només revisa les excepcions.",
            "description": "La intervenció rebia 9.000 factures l'any i en "
            "teclejava les dades a mà al programa de comptabilitat.\n\nEl robot fa "
            "les mateixes passes que feia una persona, de nit, i deixa un registre "
            "de cada factura tractada.",
            "value": "Factures pagades abans i personal dedicat al control, no a la "
            "picada de dades.",
        },
        "es": {
            "title": "Robots de software (RPA) para la tramitación de facturas",
            "summary": "Un robot descarga las facturas electrónicas, las coteja "
            "con los pedidos y prepara la propuesta de aprobación; el personal de "
            "intervención solo revisa las excepciones.",
            "description": "Intervención recibía 9.000 facturas al año y tecleaba "
            "los datos a mano.\n\nEl robot repite los pasos de una persona, de noche, "
            "y deja un registro de cada factura.",
            "value": "Facturas pagadas antes y personal dedicado al control.",
        },
        "en": {
            "title": "Software robots (RPA) for processing invoices",
            "summary": "A robot downloads e-invoices, matches them with purchase "
            "orders and drafts the approval; finance staff only review the "
            "exceptions.",
            "description": "The finance office received 9,000 invoices a year and "
            "typed them into the accounting system by hand.\n\nThe robot repeats "
            "those steps overnight and logs every invoice it handles.",
            "value": "Suppliers paid sooner; staff spend their time on control, "
            "not data entry.",
        },
        "barrier": (
            "Canvis a la pantalla del programa comptable",
            "Cada actualització del programa trencava el robot.",
            "Acord amb el proveïdor per avisar dels canvis i proves automàtiques.",
        ),
        "benefit": (
            "Termini de pagament més curt",
            "Les factures correctes s'aproven el mateix dia.",
            "Període mitjà de pagament: {n} dies",
        ),
        "objectives": (
            "Reduir el treball repetitiu a intervenció.",
            "Automatitzar el 80 % de les factures.",
        ),
    },
    {
        "key": "inscripcions-activitats",
        "areas": [A.SERVICES_PROCEDURES],
        "types": [T.SERVICE_JOURNEY],
        "tags": ["inscripcions", "pagament en línia", "esports"],
        "tech": ["Odoo", "Sede electrònica"],
        "ca": {
            "title": "Inscripció i pagament en línia a casals i activitats esportives",
            "summary": "Les famílies s'inscriuen als casals d'estiu i a les "
            "activitats esportives des del mòbil, paguen amb targeta i reben la "
            "plaça assignada per sorteig transparent.",
            "description": "Les inscripcions presencials provocaven cues de matinada "
            "davant del pavelló.\n\nAra el període d'inscripció dura una setmana i "
            "les places s'assignen per sorteig públic, amb llista d'espera "
            "automàtica.",
            "value": "Igualtat d'oportunitats per accedir a les places i menys "
            "feina administrativa.",
        },
        "barrier": (
            "Famílies sense certificat digital",
            "Moltes famílies no tenien identificació electrònica.",
            "Accés amb idCAT Mòbil i punts d'ajuda a les biblioteques.",
        ),
        "benefit": (
            "Fi de les cues",
            "Ningú ha de fer cua per aconseguir una plaça.",
            "{n} % de les inscripcions fetes en línia",
        ),
        "objectives": (
            "Fer més justa l'assignació de places.",
            "Obrir totes les inscripcions en línia.",
        ),
    },
    {
        "key": "contractacio-electronica",
        "areas": [A.SERVICES_PROCEDURES],
        "types": [T.PROCESSES_PROCEDURES],
        "tags": ["contractació pública", "licitació electrònica"],
        "tech": ["Sede electrònica", "e-TRAM (AOC)"],
        "ca": {
            "title": "Licitació electrònica i sobre digital",
            "summary": "Tots els contractes es liciten per la Plataforma de "
            "Serveis de Contractació Pública amb sobre digital, i les meses de "
            "contractació es fan per videoconferència.",
            "description": "El projecte va formar els serveis gestors i va "
            "preparar plecs tipus per als contractes menors i oberts "
            "simplificats.\n\nLes empreses locals van rebre sessions per aprendre a "
            "presentar ofertes electròniques.",
            "value": "Més concurrència, menys paper i tot l'expedient a la vista.",
        },
        "barrier": (
            "Empreses locals poc preparades",
            "Petits proveïdors no sabien presentar ofertes digitals.",
            "Tallers amb la cambra de comerç i un telèfon d'ajuda.",
        ),
        "benefit": (
            "Més ofertes per licitació",
            "Més empreses es presenten als concursos.",
            "{n} ofertes de mitjana per licitació",
        ),
        "objectives": (
            "Contractació transparent i sense paper.",
            "Licitar el 100 % dels contractes amb sobre digital.",
        ),
    },
    {
        "key": "teleassistencia",
        "areas": [A.SOCIAL_SERVICES],
        "types": [T.SERVICE_JOURNEY],
        "tags": ["teleassistència", "gent gran", "IoT"],
        "tech": ["Sentilo", "LoRaWAN"],
        "ca": {
            "title": "Teleassistència avançada per a la gent gran que viu sola",
            "summary": "Sensors de moviment, de porta i de temperatura a casa de "
            "persones grans avisen el servei de teleassistència quan alguna cosa "
            "no va bé, sense que hagin de prémer cap botó.",
            "description": "El servei social va triar 120 persones grans que viuen "
            "soles. Els sensors aprenen la rutina de cada casa i avisen si no hi ha "
            "moviment al matí o si fa massa calor.\n\nLes famílies poden rebre els "
            "avisos al mòbil si la persona hi està d'acord.",
            "value": "Més seguretat per viure a casa i detecció precoç de caigudes "
            "i onades de calor.",
        },
        "es": {
            "title": "Teleasistencia avanzada para personas mayores que viven solas",
            "summary": "Sensores de movimiento, de puerta y de temperatura avisan "
            "al servicio de teleasistencia cuando algo no va bien, sin que la "
            "persona tenga que pulsar ningún botón.",
            "description": "Servicios sociales eligió 120 personas mayores que viven "
            "solas. Los sensores aprenden la rutina de cada casa.\n\nLas familias "
            "pueden recibir los avisos si la persona está de acuerdo.",
            "value": "Más seguridad para vivir en casa y detección precoz de "
            "caídas y olas de calor.",
        },
        "en": {
            "title": "Advanced telecare for older people living alone",
            "summary": "Motion, door and temperature sensors alert the telecare "
            "service when something is wrong, without the person having to press "
            "a button.",
            "description": "Social services chose 120 older people living alone. "
            "The sensors learn each home's routine.\n\nRelatives can receive the "
            "alerts when the person agrees.",
            "value": "Safer ageing at home and early warning of falls and heatwaves.",
        },
        "barrier": (
            "Por a ser vigilat",
            "Algunes persones temien perdre intimitat.",
            "Sensors sense càmeres i un document de consentiment en llenguatge planer.",
        ),
        "benefit": (
            "Caigudes ateses abans",
            "El servei arriba abans que la família se n'adoni.",
            "Temps d'actuació després d'una caiguda: {n} minuts",
        ),
        "objectives": (
            "Allargar la vida autònoma a casa.",
            "Instal·lar sensors a 120 domicilis.",
        ),
    },
    {
        "key": "assessor-ajuts",
        "areas": [A.SOCIAL_SERVICES, A.CITIZEN_ATTENTION],
        "types": [T.SERVICE_JOURNEY],
        "tags": ["ajuts socials", "chatbot", "simplificació"],
        "tech": ["Rasa", "Design thinking"],
        "ca": {
            "title": "Assessor digital d'ajuts socials",
            "summary": "Amb cinc preguntes senzilles, l'assessor indica a quins "
            "ajuts municipals, comarcals i de la Generalitat pot optar una família "
            "i quins documents necessita.",
            "description": "Molta gent no demanava ajuts a què tenia dret perquè no "
            "els coneixia. L'assessor creua renda, edat i situació familiar amb els "
            "requisits de cada convocatòria.\n\nNo desa dades personals: el resultat "
            "es pot imprimir o enviar al treballador social.",
            "value": "Més famílies arriben als ajuts que els corresponen.",
        },
        "barrier": (
            "Requisits canviants",
            "Cada convocatòria canviava els llindars de renda.",
            "Una taula de requisits mantinguda pels serveis socials, sense "
            "tocar el codi.",
        ),
        "benefit": (
            "Més sol·licituds ben presentades",
            "Les sol·licituds arriben amb la documentació completa.",
            "{n} % menys requeriments de documentació",
        ),
        "objectives": (
            "Reduir el no-accés als ajuts.",
            "Incloure totes les convocatòries municipals.",
        ),
    },
    {
        "key": "expedient-social",
        "areas": [A.SOCIAL_SERVICES],
        "types": [T.PROCESSES_PROCEDURES, T.ORGANISATION],
        "tags": ["expedient electrònic", "serveis socials", "interoperabilitat"],
        "tech": ["Nextcloud", "Scrum"],
        "ca": {
            "title": "Expedient social electrònic compartit entre serveis",
            "summary": "Els serveis socials bàsics, el servei d'atenció domiciliària "
            "i el d'habitatge treballen sobre un expedient únic de cada família, "
            "amb permisos segons el perfil professional.",
            "description": "Cada servei guardava la seva carpeta i les famílies "
            "havien d'explicar la seva història tres vegades.\n\nL'expedient únic "
            "registra qui ha consultat què, com exigeix la normativa de protecció "
            "de dades.",
            "value": "Atenció coordinada i famílies que no repeteixen la seva "
            "història.",
        },
        "barrier": (
            "Protecció de dades",
            "Dubtes sobre qui podia veure cada informació.",
            "Avaluació d'impacte amb el delegat de protecció de dades i "
            "permisos per perfil.",
        ),
        "benefit": (
            "Coordinació entre serveis",
            "Les derivacions entre serveis es fan en hores, no en setmanes.",
            "Temps de derivació: {n} dies",
        ),
        "objectives": (
            "Una atenció social centrada en la persona.",
            "Migrar tots els expedients actius en sis mesos.",
        ),
    },
    {
        "key": "soledat-no-volguda",
        "areas": [A.SOCIAL_SERVICES, A.PLANNING_MANAGEMENT],
        "types": [T.SERVICE_JOURNEY],
        "tags": ["soledat", "gent gran", "dades"],
        "tech": ["PostGIS", "QGIS"],
        "ca": {
            "title": "Mapa de la soledat no volguda",
            "summary": "El creuament de dades del padró, de la teleassistència i "
            "dels serveis socials identifica els carrers on viuen més persones "
            "grans soles, per orientar-hi les visites dels voluntaris.",
            "description": "El mapa es calcula cada trimestre amb dades agregades "
            "per secció censal, mai individuals.\n\nLes entitats de voluntariat hi "
            "planifiquen les seves rutes de visites.",
            "value": "Recursos de voluntariat on més es necessiten.",
        },
        "barrier": (
            "Dades disperses",
            "Les dades eren en tres sistemes diferents.",
            "Un procés nocturn que les agrega i anonimitza.",
        ),
        "benefit": (
            "Persones detectades",
            "Es troben persones que no demanaven ajuda.",
            "{n} persones noves ateses",
        ),
        "objectives": (
            "Reduir la soledat no volguda.",
            "Cobrir tots els barris amb visites.",
        ),
    },
    {
        "key": "pressupostos-participatius",
        "areas": [A.PARTICIPATION_OPEN_GOVERNMENT],
        "types": [T.SERVICE_JOURNEY],
        "tags": ["Decidim", "participació", "pressupostos participatius"],
        "tech": ["Decidim", "Design thinking"],
        "ca": {
            "title": "Pressupostos participatius amb Decidim",
            "summary": "Els veïns proposen, debaten i voten en línia com es "
            "gasten 500.000 euros d'inversió, amb punts de votació presencial per "
            "a qui no fa servir internet.",
            "description": "El procés té quatre fases: propostes, valoració "
            "tècnica, votació i seguiment. Tot queda publicat a la plataforma, "
            "també el grau d'execució de cada projecte guanyador.\n\nEs va fer "
            "amb el programari lliure Decidim, que l'ajuntament comparteix amb "
            "altres municipis.",
            "value": "Decisions d'inversió més properes al que demana el veïnat, i "
            "més confiança en la institució.",
        },
        "es": {
            "title": "Presupuestos participativos con Decidim",
            "summary": "Los vecinos proponen, debaten y votan en línea cómo se "
            "gastan 500.000 euros de inversión, con puntos de votación presencial.",
            "description": "El proceso tiene cuatro fases: propuestas, valoración "
            "técnica, votación y seguimiento.\n\nSe hizo con el software libre "
            "Decidim, compartido con otros municipios.",
            "value": "Inversiones más cercanas a lo que pide el vecindario.",
        },
        "en": {
            "title": "Participatory budgeting with Decidim",
            "summary": "Residents propose, debate and vote online on how to spend "
            "500,000 euros of investment, with polling points for those who do "
            "not use the internet.",
            "description": "The process has four phases: proposals, technical "
            "review, vote and follow-up.\n\nIt runs on Decidim, free software the "
            "council shares with other towns.",
            "value": "Investment closer to what residents ask for, and more trust "
            "in the institution.",
        },
        "barrier": (
            "Poca participació del jovent",
            "Els menors de 30 anys gairebé no votaven.",
            "Votació a partir de 14 anys i campanya als instituts.",
        ),
        "benefit": (
            "Més participació",
            "Cada edició vota més gent.",
            "{n} persones participants",
        ),
        "objectives": (
            "Obrir les decisions d'inversió a la ciutadania.",
            "Arribar al 5 % de la població votant.",
        ),
    },
    {
        "key": "dades-obertes",
        "areas": [A.PARTICIPATION_OPEN_GOVERNMENT, A.PLANNING_MANAGEMENT],
        "types": [T.PROCESSES_PROCEDURES],
        "tags": ["dades obertes", "transparència", "reutilització"],
        "tech": ["CKAN", "DCAT-AP", "Socrata"],
        "ca": {
            "title": "Portal de dades obertes municipal",
            "summary": "Més de 150 conjunts de dades (pressupost, padró agregat, "
            "qualitat de l'aire, contractes) es publiquen en formats oberts i "
            "s'actualitzen automàticament des dels sistemes de gestió.",
            "description": "Cada servei té una persona responsable de les seves "
            "dades. Els conjunts es descriuen amb l'estàndard DCAT-AP i es "
            "federen amb el catàleg de dades obertes de Catalunya.\n\nUn hackató "
            "anual convida estudiants i empreses a reutilitzar-les.",
            "value": "Transparència, reutilització per part d'empreses i "
            "periodistes, i dades més netes per a la pròpia gestió.",
        },
        "es": {
            "title": "Portal de datos abiertos municipal",
            "summary": "Más de 150 conjuntos de datos se publican en formatos "
            "abiertos y se actualizan automáticamente desde los sistemas de "
            "gestión.",
            "description": "Cada servicio tiene una persona responsable de sus "
            "datos, descritos con DCAT-AP.\n\nUn hackatón anual invita a "
            "reutilizarlos.",
            "value": "Transparencia y reutilización por empresas y periodistas.",
        },
        "en": {
            "title": "Municipal open data portal",
            "summary": "Over 150 datasets (budget, aggregated register, air "
            "quality, contracts) are published in open formats and refreshed "
            "automatically from the management systems.",
            "description": "Each department has a data steward. Datasets are "
            "described with DCAT-AP and harvested by the national catalogue.\n\nA "
            "yearly hackathon invites students and companies to reuse them.",
            "value": "Transparency, reuse by companies and journalists, and cleaner "
            "data for the council itself.",
        },
        "barrier": (
            "Dades de qualitat desigual",
            "Alguns fitxers tenien errors i formats diferents cada any.",
            "Un validador automàtic abans de publicar i una guia d'estil de dades.",
        ),
        "benefit": (
            "Reutilització",
            "Empreses i mitjans fan servir les dades.",
            "{n} descàrregues al mes",
        ),
        "objectives": (
            "Obrir les dades públiques a la societat.",
            "Publicar 150 conjunts de dades actualitzats.",
        ),
    },
    {
        "key": "vot-electronic",
        "areas": [A.PARTICIPATION_OPEN_GOVERNMENT],
        "types": [T.SERVICE_JOURNEY],
        "tags": ["vot electrònic", "consultes ciutadanes", "participació"],
        "tech": ["Helios Voting", "Decidim"],
        "ca": {
            "title": "Vot electrònic en consultes ciutadanes",
            "summary": "Les consultes no referendàries es voten en línia amb "
            "verificació del padró i un sistema de vot xifrat que permet a cada "
            "votant comprovar que el seu vot s'ha comptat.",
            "description": "La primera consulta va decidir el nom d'una nova "
            "plaça; la segona, la peatonalització del centre.\n\nUna comissió amb "
            "representants dels grups municipals supervisa el recompte.",
            "value": "Consultes més barates i més freqüents, amb garanties.",
        },
        "barrier": (
            "Desconfiança en el vot per internet",
            "Alguns grups municipals dubtaven de les garanties.",
            "Auditoria externa i codi obert del sistema de vot.",
        ),
        "benefit": (
            "Cost per consulta",
            "Fer una consulta ja no requereix meses ni paperetes.",
            "Cost per vot emès: {n} cèntims",
        ),
        "objectives": (
            "Fer habituals les consultes ciutadanes.",
            "Dues consultes l'any.",
        ),
    },
    {
        "key": "portal-transparencia",
        "areas": [A.PARTICIPATION_OPEN_GOVERNMENT],
        "types": [T.PROCESSES_PROCEDURES],
        "tags": ["transparència", "govern obert", "indicadors"],
        "tech": ["Apache Superset", "CKAN"],
        "ca": {
            "title": "Portal de transparència amb indicadors en temps real",
            "summary": "El pressupost executat, els contractes, les agendes dels "
            "càrrecs electes i els terminis de pagament es mostren en gràfics "
            "actualitzats cada dia, no en PDF anuals.",
            "description": "La informació es llegeix directament dels sistemes de "
            "gestió; ningú no ha de preparar informes a mà.\n\nCada gràfic té la "
            "seva taula de dades descarregable.",
            "value": "Transparència efectiva i a l'abast de la ciutadania.",
        },
        "barrier": (
            "Sistemes antics sense API",
            "El programa de comptabilitat no exportava dades.",
            "Una còpia nocturna de la base de dades en mode lectura.",
        ),
        "benefit": (
            "Consultes de transparència resoltes al portal",
            "Menys sol·licituds d'accés a la informació.",
            "{n} % menys sol·licituds d'informació pública",
        ),
        "objectives": (
            "Transparència útil per a la ciutadania.",
            "Publicar 30 indicadors actualitzats diàriament.",
        ),
    },
    {
        "key": "quadre-comandament",
        "areas": [A.PLANNING_MANAGEMENT],
        "types": [T.PROCESSES_PROCEDURES, T.ORGANISATION],
        "tags": ["quadre de comandament", "business intelligence", "dades"],
        "tech": ["Power BI", "Apache Superset", "Grafana"],
        "ca": {
            "title": "Quadre de comandament municipal per a la presa de decisions",
            "summary": "L'equip de govern i les gerències consulten en un sol lloc "
            "els indicadors clau dels serveis: demanda, temps de resposta, cost i "
            "satisfacció.",
            "description": "Es van definir 60 indicadors amb cada àrea i es van "
            "connectar les fonts de dades.\n\nEl quadre es revisa cada mes a la "
            "junta de govern.",
            "value": "Decisions basades en dades i mesura de l'impacte dels plans.",
        },
        "barrier": (
            "Indicadors mal definits",
            "Cada servei comptava les coses de manera diferent.",
            "Fitxa de cada indicador amb fórmula, font i responsable.",
        ),
        "benefit": (
            "Reunions més curtes",
            "Les dades ja són a sobre la taula.",
            "{n} informes manuals eliminats",
        ),
        "objectives": (
            "Governar amb dades.",
            "60 indicadors actualitzats automàticament.",
        ),
    },
    {
        "key": "mobilitat-predictiva",
        "areas": [A.PLANNING_MANAGEMENT],
        "types": [T.SERVICE_JOURNEY, T.PROCESSES_PROCEDURES],
        "tags": ["big data", "mobilitat", "analítica predictiva", "IA"],
        "tech": ["scikit-learn", "FIWARE", "PostGIS"],
        "ca": {
            "title": "Analítica predictiva de la mobilitat urbana",
            "summary": "Un model d'aprenentatge automàtic preveu la congestió i "
            "l'ocupació dels aparcaments a partir d'aforaments, dades de telefonia "
            "agregades i el calendari d'esdeveniments.",
            "description": "Les prediccions alimenten els panells d'informació "
            "viària i l'app municipal.\n\nEl model es reentrena cada setmana i se'n "
            "publica l'error.",
            "value": "Menys temps buscant aparcament i decisions de mobilitat "
            "basades en dades.",
        },
        "es": {
            "title": "Analítica predictiva de la movilidad urbana",
            "summary": "Un modelo de aprendizaje automático prevé la congestión y "
            "la ocupación de los aparcamientos a partir de aforos y datos "
            "agregados.",
            "description": "Las predicciones alimentan los paneles viarios y la "
            "app municipal.\n\nEl modelo se reentrena cada semana.",
            "value": "Menos tiempo buscando aparcamiento.",
        },
        "en": {
            "title": "Predictive analytics for urban mobility",
            "summary": "A machine-learning model forecasts congestion and car park "
            "occupancy from traffic counts, aggregated phone data and the events "
            "calendar.",
            "description": "Forecasts feed the road signs and the council's app.\n\n"
            "The model is retrained weekly and its error is published.",
            "value": "Less time looking for parking and mobility decisions based "
            "on data.",
        },
        "barrier": (
            "Biaix de les dades de telefonia",
            "Les dades infravaloraven els barris amb més gent gran.",
            "Correcció amb aforaments manuals i enquestes.",
        ),
        "benefit": (
            "Prediccions fiables",
            "L'error del model baixa cada trimestre.",
            "Error mitjà de la predicció: {n} %",
        ),
        "objectives": (
            "Planificar la mobilitat amb dades.",
            "Predir l'ocupació dels aparcaments amb un error < 10 %.",
        ),
    },
    {
        "key": "incidencies-predictives",
        "areas": [A.PLANNING_MANAGEMENT],
        "types": [T.PROCESSES_PROCEDURES],
        "tags": ["seguretat", "IA", "via pública"],
        "tech": ["scikit-learn", "QGIS"],
        "ca": {
            "title": "Mapa predictiu d'incidències a la via pública",
            "summary": "La policia local i la brigada planifiquen les rutes amb un "
            "mapa que preveu on hi haurà incidències (enllumenat, voreres, "
            "sorolls) segons l'històric i la meteorologia.",
            "description": "El model fa servir deu anys d'incidències registrades "
            "i no utilitza dades personals.\n\nUn comitè ètic revisa cada any els "
            "criteris per evitar biaixos entre barris.",
            "value": "Prevenció en lloc de reacció i millor ús dels equips.",
        },
        "barrier": (
            "Risc de biaix entre barris",
            "El model podia concentrar la vigilància sempre als mateixos llocs.",
            "Comitè ètic i auditoria anual de l'algorisme.",
        ),
        "benefit": (
            "Incidències previngudes",
            "Es reparen desperfectes abans que algú es faci mal.",
            "{n} % d'incidències detectades abans de l'avís veïnal",
        ),
        "objectives": (
            "Prevenir incidències a l'espai públic.",
            "Planificar el 50 % de les rutes amb el mapa.",
        ),
    },
    {
        "key": "residus-sensors",
        "areas": [A.PLANNING_MANAGEMENT, A.SERVICES_PROCEDURES],
        "types": [T.PROCESSES_PROCEDURES],
        "tags": ["IoT", "residus", "sensorització"],
        "tech": ["Sentilo", "LoRaWAN", "Grafana"],
        "ca": {
            "title": "Sensorització de contenidors i rutes de recollida intel·ligents",
            "summary": "Sensors d'ompliment als contenidors permeten planificar "
            "cada dia la ruta dels camions: només es recullen els que són plens.",
            "description": "Es van instal·lar 800 sensors amb xarxa LoRaWAN "
            "municipal. Les dades es publiquen a la plataforma Sentilo.\n\nL'empresa "
            "concessionària rep la ruta optimitzada cada matí.",
            "value": "Menys quilòmetres, menys emissions i carrers més nets.",
        },
        "en": {
            "title": "Sensors in waste containers and smart collection routes",
            "summary": "Fill-level sensors let the council plan the trucks' route "
            "every day: only full containers are emptied.",
            "description": "800 sensors run on a municipal LoRaWAN network; data are "
            "published on the Sentilo platform.\n\nThe contractor receives the "
            "optimised route every morning.",
            "value": "Fewer kilometres, lower emissions and cleaner streets.",
        },
        "barrier": (
            "Bateries que duraven poc",
            "Els primers sensors s'esgotaven en mig any.",
            "Lectures menys freqüents a la nit i canvi de model.",
        ),
        "benefit": (
            "Quilòmetres estalviats",
            "Els camions fan rutes més curtes.",
            "{n} % menys quilòmetres recorreguts",
        ),
        "objectives": (
            "Una recollida de residus eficient.",
            "Sensoritzar tots els contenidors de rebuig.",
        ),
    },
    {
        "key": "teletreball-paper-zero",
        "areas": [A.INTEGRAL_TRANSFORMATION],
        "types": [T.ORGANISATION, T.PROCESSES_PROCEDURES],
        "tags": ["teletreball", "paper zero", "gestió documental"],
        "tech": ["Nextcloud", "Jitsi Meet", "Microsoft Teams"],
        "ca": {
            "title": "Teletreball i oficina sense paper",
            "summary": "Tot el personal administratiu pot teletreballar dos dies "
            "per setmana gràcies a l'expedient electrònic, la signatura al núvol "
            "i eines de treball col·laboratiu.",
            "description": "El projecte va començar amb la digitalització de "
            "l'arxiu de gestió i va continuar amb un reglament de teletreball "
            "negociat amb la representació sindical.\n\nEls equips treballen per "
            "objectius i es reuneixen en línia.",
            "value": "Conciliació, menys desplaçaments i continuïtat del servei en "
            "situacions d'emergència.",
        },
        "barrier": (
            "Cultura del presencialisme",
            "Part dels comandaments mesurava la feina per hores a l'oficina.",
            "Formació en direcció per objectius i pilot amb tres serveis.",
        ),
        "benefit": (
            "Paper estalviat",
            "Els expedients ja no s'imprimeixen.",
            "{n} % menys fulls impresos",
        ),
        "objectives": (
            "Una organització flexible i sense paper.",
            "Que el 90 % dels expedients siguin electrònics.",
        ),
    },
    {
        "key": "comunitat-practica",
        "areas": [A.INTEGRAL_TRANSFORMATION],
        "types": [T.ORGANISATION],
        "tags": ["comunitats de pràctica", "treball en xarxa", "aprenentatge"],
        "tech": ["Moodle", "Decidim", "Jitsi Meet"],
        "ca": {
            "title": "Comunitat de pràctica de tècnics municipals",
            "summary": "Secretaris, tècnics informàtics i d'atenció ciutadana de "
            "municipis petits comparteixen plantilles, dubtes i solucions en una "
            "comunitat en línia amb trobades trimestrals.",
            "description": "Inspirada en comunitats com e-Catalunya, la comunitat "
            "s'organitza en grups d'interès (contractació, protecció de dades, "
            "administració electrònica).\n\nCada grup té una persona dinamitzadora "
            "i publica el que aprèn.",
            "value": "Els municipis petits no estan sols davant dels canvis.",
        },
        "es": {
            "title": "Comunidad de práctica de técnicos municipales",
            "summary": "Secretarios, informáticos y personal de atención ciudadana "
            "de municipios pequeños comparten plantillas, dudas y soluciones en "
            "una comunidad en línea.",
            "description": "Inspirada en e-Catalunya, se organiza en grupos de "
            "interés.\n\nCada grupo tiene una persona dinamizadora.",
            "value": "Los municipios pequeños no están solos ante los cambios.",
        },
        "barrier": (
            "Participació desigual",
            "Pocs membres publicaven; la majoria només llegia.",
            "Dinamització activa i reconeixement de les aportacions com a formació.",
        ),
        "benefit": (
            "Solucions compartides",
            "Els problemes es resolen preguntant a qui ja els ha tingut.",
            "{n} membres actius",
        ),
        "objectives": (
            "Promoure l'aprenentatge compartit i el treball en xarxa.",
            "Crear cinc grups d'interès actius.",
        ),
    },
    {
        "key": "capacitacio-digital",
        "areas": [A.INTEGRAL_TRANSFORMATION],
        "types": [T.ORGANISATION],
        "tags": ["formació", "competències digitals", "xarxes socials"],
        "tech": ["Moodle"],
        "ca": {
            "title": "Pla de capacitació digital del personal",
            "summary": "Tot el personal fa un autodiagnòstic de competències "
            "digitals i segueix un itinerari formatiu a mida, inclòs un curs de "
            "gestió de xarxes socials per a la informació ciutadana.",
            "description": "El pla combina formació en línia, tallers presencials "
            "i mentoria entre companys.\n\nEls mòduls de xarxes socials es van "
            "dissenyar amb els serveis de joventut, cultura i biblioteques.",
            "value": "Personal preparat per als nous canals i serveis digitals.",
        },
        "barrier": (
            "Manca de temps per formar-se",
            "La càrrega de feina no deixava hores per a la formació.",
            "Formació dins la jornada i en càpsules de 30 minuts.",
        ),
        "benefit": (
            "Competències digitals",
            "El personal se sent més segur amb les eines.",
            "{n} % del personal amb el nivell bàsic acreditat",
        ),
        "objectives": (
            "Un personal amb competències digitals.",
            "Formar tota la plantilla en dos anys.",
        ),
    },
    {
        "key": "oficina-comarcal",
        "areas": [A.INTEGRAL_TRANSFORMATION, A.SERVICES_PROCEDURES],
        "types": [T.ORGANISATION, T.PROCESSES_PROCEDURES],
        "tags": ["serveis compartits", "municipis petits", "administració electrònica"],
        "tech": ["e-TRAM (AOC)", "Sede electrònica", "Lean"],
        "ca": {
            "title": "Oficina comarcal de transformació digital per a municipis petits",
            "summary": "El consell comarcal presta als ajuntaments de menys de "
            "5.000 habitants un equip compartit que implanta l'expedient "
            "electrònic, la seu i els tràmits en línia.",
            "description": "Els municipis petits no poden tenir un informàtic "
            "propi. L'oficina comarcal els ofereix un catàleg de serveis i una "
            "persona de referència.\n\nLa implantació segueix sempre els mateixos "
            "passos, documentats i millorats a cada municipi.",
            "value": "Els municipis petits accedeixen als mateixos serveis digitals "
            "que els grans.",
        },
        "barrier": (
            "Secretaries sobrecarregades",
            "El canvi requeria temps que les secretaries no tenien.",
            "L'equip comarcal fa la configuració i acompanya els primers expedients.",
        ),
        "benefit": (
            "Municipis connectats",
            "Cada any s'hi sumen més municipis.",
            "{n} municipis amb expedient electrònic",
        ),
        "objectives": (
            "Que cap municipi quedi enrere en la transformació digital.",
            "Implantar l'expedient electrònic a tots els municipis de la comarca.",
        ),
    },
    {
        "key": "arxiu-electronic",
        "areas": [A.SERVICES_PROCEDURES, A.INTEGRAL_TRANSFORMATION],
        "types": [T.PROCESSES_PROCEDURES],
        "tags": ["arxiu electrònic", "gestió documental", "interoperabilitat"],
        "tech": ["Nextcloud", "e-TRAM (AOC)"],
        "ca": {
            "title": "Gestió documental i arxiu electrònic únic",
            "summary": "Tots els documents electrònics es classifiquen amb el "
            "quadre de classificació comú i es conserven a l'arxiu electrònic amb "
            "garanties d'autenticitat a llarg termini.",
            "description": "L'arxiver municipal va liderar el projecte amb els "
            "serveis informàtics.\n\nLes sèries documentals tenen calendari de "
            "conservació i es transfereixen automàticament.",
            "value": "Documents fiables, trobables i conservats el temps que cal.",
        },
        "barrier": (
            "Documents sense classificar",
            "Milers de documents antics no tenien metadades.",
            "Classificació assistida per regles i revisió per mostreig.",
        ),
        "benefit": (
            "Cerca de documents",
            "Trobar un expedient antic porta minuts, no dies.",
            "{n} minuts per localitzar un expedient",
        ),
        "objectives": (
            "Preservar la memòria administrativa digital.",
            "Classificar el 100 % dels documents nous.",
        ),
    },
    {
        "key": "whatsapp-informacio",
        "areas": [A.CITIZEN_ATTENTION, A.PARTICIPATION_OPEN_GOVERNMENT],
        "types": [T.SERVICE_JOURNEY],
        "tags": ["WhatsApp", "xarxes socials", "comunicació"],
        "tech": ["WhatsApp Business"],
        "ca": {
            "title": "Canal municipal d'informació per WhatsApp i xarxes socials",
            "summary": "Els veïns reben avisos de talls de carrer, activitats i "
            "emergències al mòbil i poden fer consultes curtes, ateses pel "
            "personal de comunicació.",
            "description": "El canal es va obrir durant una emergència per "
            "inundacions i es va mantenir per l'èxit que va tenir.\n\nUna guia "
            "d'estil fixa el to, els horaris i què es respon per aquest canal.",
            "value": "Informació al moment on la gent ja és.",
        },
        "barrier": (
            "Consultes fora d'horari",
            "La gent esperava resposta immediata a qualsevol hora.",
            "Missatge automàtic amb horaris i enllaç als tràmits en línia.",
        ),
        "benefit": (
            "Abast",
            "Els avisos arriben a molta més gent que el web.",
            "{n} persones subscrites",
        ),
        "objectives": (
            "Informar la ciutadania pels canals que fa servir.",
            "Arribar al 20 % de les llars.",
        ),
    },
]

COMMON_BARRIERS: list[tuple[str, str, str]] = [
    (
        "Resistència al canvi",
        "Part del personal desconfiava de l'eina nova.",
        "Formació en petits grups i una persona referent a cada servei.",
    ),
    (
        "Pressupost limitat",
        "El projecte no tenia partida pròpia el primer any.",
        "Finançament europeu Next Generation i reutilització d'eines lliures.",
    ),
    (
        "Dependència d'un proveïdor",
        "Cada canvi depenia d'una sola empresa.",
        "Clàusules d'accés al codi i a les dades en el nou contracte.",
    ),
    (
        "Manca de perfils tècnics",
        "L'ajuntament no tenia personal expert en dades.",
        "Suport del consell comarcal i de la Diputació.",
    ),
    (
        "Interoperabilitat amb altres administracions",
        "Les dades d'altres administracions no arribaven en format útil.",
        "Ús de la plataforma d'intercanvi de dades del Consorci AOC.",
    ),
    (
        "Bretxa digital",
        "Una part de la població no podia fer servir el servei nou.",
        "Punts d'ajuda presencials i acompanyament a les biblioteques.",
    ),
]

COMMON_BENEFITS: list[tuple[str, str, str]] = [
    (
        "Hores de personal alliberades",
        "El personal dedica el temps a feina de més valor.",
        "{n} hores l'any",
    ),
    (
        "Satisfacció ciutadana",
        "Les enquestes mostren una millora clara.",
        "Valoració del servei: {n} sobre 10",
    ),
    (
        "Projecte replicable",
        "Altres municipis l'han adaptat amb poc esforç.",
        "{n} municipis l'han replicat",
    ),
    (
        "Menys desplaçaments",
        "Els veïns resolen el tràmit des de casa.",
        "{n} visites presencials menys a l'any",
    ),
]

METHODOLOGIES = [
    "Cocreació amb el veïnat en tres tallers i un pilot de tres mesos en un barri "
    "abans d'estendre'l a tot el municipi.",
    "Metodologia àgil (Scrum) amb iteracions de dues setmanes i una persona del "
    "servei com a propietària del producte.",
    "Disseny de serveis: mapa del recorregut de l'usuari, prototips en paper i "
    "proves amb usuaris reals.",
    "Lean: anàlisi del procés actual, eliminació de passos que no aporten valor i "
    "mesura abans i després.",
    "Compra pública d'innovació amb consulta preliminar al mercat i un pilot "
    "avaluat per un comitè tècnic.",
    "Implantació per fases, servei a servei, amb una persona referent formada a "
    "cada equip.",
]

PLANS = [
    "Pla de Govern Digital 2024-2027",
    "Agenda Digital Municipal",
    "Pla d'Acció de Govern Obert",
    "Estratègia de Dades i Intel·ligència Artificial",
    "Pla de Recuperació, Transformació i Resiliència (fons Next Generation EU)",
    "Pla director de sistemes d'informació",
    "Pla de mandat 2023-2027",
]

SCOPES = [
    "Tots els serveis municipals i la ciutadania empadronada.",
    "Oficina d'atenció ciutadana i seu electrònica.",
    "Serveis socials bàsics i entitats col·laboradores.",
    "Àrea de serveis interns (intervenció, tresoreria i secretaria).",
    "Tot el terme municipal, inclosos els nuclis disseminats.",
    "Municipis de la comarca de menys de 5.000 habitants.",
]

MILESTONES = [
    "Diagnosi i disseny",
    "Contractació",
    "Prototip",
    "Pilot en un servei",
    "Formació del personal",
    "Desplegament",
    "Avaluació",
]

# (name, role, department) of the people to contact; personal data, demo only.
CONTACT_PEOPLE = [
    ("Marta Puig", "Cap de servei", "Atenció ciutadana"),
    ("Jordi Serra", "Tècnic de sistemes", "Informàtica"),
    ("Núria Vidal", "Secretària municipal", "Secretaria"),
    ("Pere Soler", "Coordinador de transformació digital", "Alcaldia"),
    ("Laia Ferrer", "Tècnica de participació", "Participació ciutadana"),
    ("Oriol Martí", "Cap de serveis socials", "Serveis socials"),
    ("Montse Roca", "Arxivera", "Arxiu municipal"),
    ("Xavier Costa", "Responsable de dades", "Organització"),
]

# Real, long-lived public videos (Blender's open films, Vimeo's staff picks) used
# as stand-ins: the demo must not point at random people's channels.
VIDEOS = [
    ("Presentació del projecte", "https://www.youtube.com/watch?v=aqz-KE-bpKQ"),
    ("Entrevista a l'equip", "https://vimeo.com/76979871"),
    ("Demostració del servei", "https://youtu.be/eRsGyueVLvQ"),
    ("Jornada de presentació", "https://vimeo.com/22439234"),
]

LINKS = [
    ("article", "Article a la revista municipal", "https://example.org/revista"),
    ("demo", "Demostració en línia", "https://demo.example.org"),
    ("presentation", "Diapositives de la jornada", "https://example.org/diapositives"),
    ("website", "Web del projecte", "https://example.org/projecte"),
    ("document", "Memòria del projecte", "https://example.org/memoria.pdf"),
]

# Documents and images of the demo media library (made once, reused).
LIBRARY_DOCUMENTS = [
    (
        "Memòria tècnica del projecte",
        "memoria-tecnica.txt",
        "Memòria tècnica\n\nObjectius, abast, calendari i pressupost del projecte.\n",
    ),
    (
        "Indicadors d'impacte",
        "indicadors.csv",
        "indicador,valor_inicial,valor_final\ntramits_en_linia,18,72\n"
        "temps_resposta_dies,21,4\n",
    ),
    (
        "Guia per a altres municipis",
        "guia-replicacio.txt",
        "Guia de replicació\n\n1. Diagnosi\n2. Pilot\n3. Desplegament\n",
    ),
    (
        "Plec de prescripcions tècniques",
        "plec-tecnic.txt",
        "Plec de prescripcions tècniques\n\nRequisits funcionals i de seguretat.\n",
    ),
]
LIBRARY_IMAGES = [
    ("Equip del projecte a l'oficina d'atenció ciutadana", "#1f6f8b"),
    ("Captura de la plataforma", "#99a8b2"),
    ("Sessió de cocreació amb el veïnat", "#e6a400"),
    ("Mapa d'indicadors", "#2e7d32"),
]


def _p(*paragraphs: str) -> dict:
    return {
        "type": "paragraph",
        "value": "".join(f"<p>{text}</p>" for text in paragraphs),
    }


def _h2(text: str) -> dict:
    return {"type": "paragraph", "value": f"<h2>{text}</h2>"}


def _ul(*items: str) -> dict:
    return {
        "type": "paragraph",
        "value": "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>",
    }


def _quote(text: str, who: str) -> dict:
    return {"type": "quote", "value": {"text": text, "attribution": who}}


# Articles: (language, slug, title, author, days ago, intro, body).
ARTICLES = [
    (
        "ca",
        "comunitats-de-practica-e-catalunya",
        "Comunitats de pràctica: el que podem aprendre d'e-Catalunya",
        "Equip de l'Observatori",
        12,
        "Metges, educadors o mediadors ja comparteixen coneixement en comunitats "
        "virtuals. Per què no els tècnics municipals?",
        [
            _p(
                "e-Catalunya va néixer com un punt de trobada virtual per a comunitats "
                "professionals: metges, educadors, mediadors familiars. En tres anys "
                "va "
                "reunir 53 comunitats, més de mil grups d'interès i 15.000 usuaris."
            ),
            _quote(
                "Aquestes iniciatives tenen més recorregut quan les impulsen les "
                "mateixes comunitats de pràctica i no un punt central.",
                "Un lector del blog d'Alejandro Barros",
            ),
            _h2("Què en traiem per als ajuntaments"),
            _ul(
                "Organitzar-se per grups d'interès, no per organigrama.",
                "Donar valor a l'intercanvi: plantilles, casos, errors.",
                "Dinamitzar: una comunitat sense dinamització s'apaga.",
            ),
        ],
    ),
    (
        "ca",
        "treballadors-publics-a-les-xarxes",
        "Han de ser a les xarxes socials els treballadors públics?",
        "Núria Vidal",
        30,
        "No podem tenir una administració 2.0 sense treballadors públics 2.0.",
        [
            _p(
                "Cada cop més ajuntaments obren perfils a les xarxes socials, però "
                "molts "
                "treballadors públics no les fan servir, i algunes administracions en "
                "bloquegen l'accés des de la feina."
            ),
            _p(
                "Aquesta desconfiança parteix d'una idea equivocada: que el personal "
                "s'hi distrauria. L'experiència diu el contrari: les xarxes són un "
                "canal "
                "d'aprenentatge i d'atenció a la ciutadania."
            ),
            _quote(
                "No podem pretendre tenir una administració 2.0 si no tenim "
                "funcionaris 2.0.",
                "Amalia López Acera",
            ),
        ],
    ),
    (
        "ca",
        "curs-xarxes-socials-personal-municipal",
        "Un curs de xarxes socials per a la informació ciutadana",
        "Pere Soler",
        45,
        "Vint hores, deu mòduls i participants de biblioteques, cultura, joventut i "
        "serveis socials: el que vam aprendre.",
        [
            _p(
                "El curs combinava exposició teòrica, anàlisi de casos i pràctiques a "
                "l'aula d'ordinadors. La diversitat del grup va ser un repte i una "
                "riquesa."
            ),
            _h2("Els mòduls"),
            _ul(
                "Identitat i reputació en línia.",
                "Eines de seguiment i mesura.",
                "Criteris comuns de publicació i resposta.",
            ),
        ],
    ),
    (
        "ca",
        "caravana-innovacio-digital-primera-parada",
        "La caravana de la innovació digital fa la primera parada",
        "Equip de l'Observatori",
        5,
        "Ajuntaments amfitrions i relators: així funciona la caravana que porta les "
        "bones pràctiques d'un municipi a un altre.",
        [
            _p(
                "Un ajuntament que ha fet un bon projecte obre les portes com a "
                "amfitrió; tècnics d'altres administracions el visiten i l'expliquen "
                "com "
                "a relators."
            ),
            _p(
                "Consulteu el calendari de parades i sol·liciteu-ne una des de la "
                "pàgina "
                "de la caravana."
            ),
        ],
    ),
    (
        "ca",
        "petits-canvis-son-poderosos",
        "Petits canvis són poderosos",
        "Laia Ferrer",
        60,
        "No hi ha receptes ni tecnologies miraculoses: les grans transformacions són "
        "la suma de petits canvis ben aplicats.",
        [
            _p(
                "L'observatori neix per documentar projectes que funcionen a escala "
                "local, facin servir o no tecnologies disruptives."
            ),
            _quote("Petits canvis són poderosos.", "Capità Enciam"),
        ],
    ),
    (
        "es",
        "funcionarios-en-las-redes-sociales",
        "Funcionarios en las redes sociales",
        "Equipo del Observatorio",
        20,
        "Un debate necesario: el papel de los empleados públicos en las plataformas "
        "sociales.",
        [
            _p(
                "El aumento de perfiles institucionales en redes sociales contrasta "
                "con "
                "el poco uso que hacen de ellas muchos funcionarios."
            ),
            _quote(
                "No podemos pretender tener una administración 2.0 si no tenemos "
                "funcionarios 2.0.",
                "Amalia López Acera",
            ),
        ],
    ),
    (
        "es",
        "e-catalunya-redes-profesionales",
        "e-Catalunya, un ejemplo de redes profesionales",
        "Equipo del Observatorio",
        40,
        "Comunidades virtuales para profesionales que intercambian experiencias.",
        [
            _p(
                "¿Se imagina que los profesionales de la salud pública o los "
                "profesores "
                "de una región generen su propia red de intercambio?"
            )
        ],
    ),
    (
        "en",
        "communities-of-practice-for-local-government",
        "Communities of practice for local government",
        "Observatory team",
        25,
        "What local councils can learn from professional networks.",
        [
            _p(
                "Doctors and teachers already share knowledge in online communities. "
                "Council staff can do the same, organised by interest groups."
            )
        ],
    ),
]

# Editorial pages: key -> language -> (slug, title, intro, body).
STANDARD_PAGES = {
    "about": {
        "ca": (
            "sobre-l-observatori",
            "Sobre l'observatori",
            "Un espai de coneixement perquè les administracions locals aprenguin "
            "les unes de les altres.",
            [
                _p(
                    "Moltes administracions locals fan projectes de transformació "
                    "digital que funcionen; d'altres ho han intentat sense èxit, i "
                    "moltes no han començat per por al canvi o per manca de "
                    "coneixement o de recursos."
                ),
                _h2("Dues eines"),
                _ul(
                    "Una base de dades de fitxes de projectes de transformació "
                    "digital a escala local.",
                    "Un fòrum de debat per intercanviar idees i experiències.",
                ),
                _h2("Dues maneres d'entrar"),
                _p(
                    "Per proximitat (projectes Km0 i projectes de fora amb "
                    "característiques semblants) i per àrees d'actuació."
                ),
            ],
        ),
        "es": (
            "sobre-el-observatorio",
            "Sobre el observatorio",
            "Un espacio de conocimiento para que las administraciones locales "
            "aprendan unas de otras.",
            [
                _p(
                    "Una base de datos de proyectos de transformación digital local "
                    "y un foro para intercambiar experiencias."
                )
            ],
        ),
        "en": (
            "about",
            "About the observatory",
            "A knowledge space where local administrations learn from each other.",
            [
                _p(
                    "A database of local digital transformation projects and a "
                    "forum to exchange experiences."
                )
            ],
        ),
    },
    "submit": {
        "ca": (
            "com-enviar-un-projecte",
            "Com enviar un projecte",
            "Envieu-nos el vostre projecte per correu i el publicarem com a "
            "fitxa després de revisar-lo.",
            [
                _h2("Com enviar-lo"),
                _p(
                    "Escriviu a l'adreça de l'observatori amb la descripció del "
                    "projecte i els documents que el expliquin. Rebreu un justificant "
                    "i l'equip editorial en prepararà l'esborrany de fitxa."
                ),
                _h2("Què ha de contenir la fitxa"),
                _ul(
                    "Títol del projecte.",
                    "Entitats locals que l'han fet i persones de contacte.",
                    "Descripció, valor i estalvi generat.",
                    "Anàlisi: barreres, beneficis, tecnologia i metodologia.",
                    "Fase: prototip, pilot o en producció.",
                    "Documentació i difusió: articles, demostracions, vídeos.",
                ),
                _h2("Criteris d'acceptació"),
                _ul(
                    "És un projecte d'una administració local (o d'una entitat que "
                    "li dona servei).",
                    "Transforma el servei, els processos o l'organització, faci "
                    "servir o no tecnologies disruptives.",
                    "Almenys és en fase de prototip i se'n poden explicar els "
                    "resultats.",
                    "Hi ha una persona disposada a respondre preguntes d'altres "
                    "administracions.",
                ),
            ],
        ),
    },
}
