"""Settings shared by every environment.

Environment variables are read here and in ``production.py`` only:
``DATABASE_URL`` (default: a SQLite file in the project) and ``ELASTICSEARCH_URL``
(unset: Wagtail's database search backend).
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

INSTALLED_APPS = [
    "core",
    "machine_translation",
    "project_pages",
    "opendata",
    "figures",
    "seo",
    "community",
    "submissions",
    "visits",
    "practice",
    "search",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.locales",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_countries",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    # The task queue's table (the worker of production settings reads it).
    "django_tasks_db",
    # Last: top-level wiring only (the load_demo_data command, which calls the
    # demo loaders of several apps).
    "cms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.DocumentHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# Members sign in with django-allauth: email and password, the address
# verified by a link before the first login, and the same answers whether an
# account exists or not (no enumeration). Editors use Wagtail's admin login.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Observatori] "
ACCOUNT_ADAPTER = "community.accounts.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "community.forms.SignupProfileForm"
# allauth's sign-up form, its honeypot placed by the stylesheet (no inline style).
ACCOUNT_FORMS = {"signup": "community.signup.ObservatorySignupForm"}
ACCOUNT_USER_DISPLAY = "community.accounts.user_display"
# A field humans leave empty; bots that fill it get a success-looking page only.
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "website"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "observatori@localhost")
# Where people write about their personal data (the privacy notice, /ca/privacitat/).
OBSERVATORY_PRIVACY_CONTACT = os.environ.get(
    "OBSERVATORY_PRIVACY_CONTACT", DEFAULT_FROM_EMAIL
)

# Community rules: a mature forum's defaults, tighter for new members.
COMMUNITY = {
    "SECONDS_BETWEEN_POSTS": 30,
    "SECONDS_BETWEEN_POSTS_NEW_MEMBER": 120,
    "POSTS_PER_DAY": 50,
    "POSTS_PER_DAY_NEW_MEMBER": 10,
    "POSTS_PER_DAY_PER_IP": 100,
    "NEW_MEMBER_DAYS": 7,
    # The first N contributions of a member wait for a moderator (0: none).
    "HOLD_FIRST_CONTRIBUTIONS": 2,
    "REPORTS_TO_HIDE": 3,
    "EDIT_MINUTES": 15,
    "CONTACT_REQUESTS_PER_DAY": 5,
    "VISIT_REQUESTS_PER_DAY": 3,
}

# Emailed submissions. Sizes in bytes; an attachment over its limit, or
# beyond the message's total, is dropped with a note on the submission.
SUBMISSIONS = {
    # The observatory's address: acknowledgments come from it, replies go to it.
    "ADDRESS": os.environ.get("SUBMISSIONS_ADDRESS", DEFAULT_FROM_EMAIL),
    # Original messages (personal data): outside MEDIA_ROOT, never served.
    "RAW_ROOT": Path(
        os.environ.get("SUBMISSIONS_RAW_ROOT", BASE_DIR / "private" / "submissions")
    ),
    "MAX_ATTACHMENT_BYTES": int(os.environ.get("SUBMISSIONS_MAX_ATTACHMENT_MB", "20"))
    * 1024
    * 1024,
    "MAX_MESSAGE_BYTES": int(os.environ.get("SUBMISSIONS_MAX_MESSAGE_MB", "60"))
    * 1024
    * 1024,
    "MAX_ATTACHMENTS": 30,
    # Archives: refused beyond these (zip bombs).
    "MAX_ARCHIVE_UNCOMPRESSED_BYTES": 200 * 1024 * 1024,
    "MAX_ARCHIVE_RATIO": 100,
    "MAX_ARCHIVE_MEMBERS": 2000,
    # Raw messages of closed submissions are purged after this many days.
    "RETENTION_DAYS": 365,
    # IMAP folder where processed messages are moved.
    "PROCESSED_FOLDER": "Processed",
    # Submissions a connection may send through the web form in 24 hours.
    # The public form, per day: each sender address, and each connection (a
    # county office sending for several towns shares one).
    "WEB_PER_SENDER_PER_DAY": 10,
    "WEB_PER_IP_PER_DAY": 30,
}

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writes that arrive together (the editor's autosave, preview and "Submit"
    # of one click) wait for each other: a transaction takes SQLite's write lock
    # when it begins, instead of failing with "database is locked" when a reader
    # tries to become a writer.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        **DATABASES["default"].get("OPTIONS", {}),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Catalan first, then Spanish and English. The interface is translated
# with gettext (locale/), content with Wagtail's i18n (one page tree per locale,
# translations linked by translation_key).
LANGUAGE_CODE = "ca"
LANGUAGES = [
    ("ca", "Català"),
    ("es", "Español"),
    ("en", "English"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
# How dates read in each language: "16 de desembre de 2026", "3 d'abril de 2026",
# "4 de diciembre de 2026", "4 December 2026" (cms/formats/).
FORMAT_MODULE_PATH = ["cms.formats"]
TIME_ZONE = "Europe/Madrid"
# The time zones an editor may pick in their admin account. Wagtail lists every
# zone the system knows otherwise, Debian's "localtime" alias included, which the
# browser refuses (a script error on the account page).
WAGTAIL_USER_TIME_ZONES = [
    "Europe/Madrid",
    "Atlantic/Canary",
    "Europe/Andorra",
    "Europe/Paris",
    "Europe/Lisbon",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Rome",
    "America/Mexico_City",
    "America/Bogota",
    "America/Argentina/Buenos_Aires",
    "UTC",
]
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = _("Observatory of local digital transformation")
# Every absolute link (emails, feeds, sitemaps, canonical and Open Graph URLs,
# Wagtail's admin links) starts with it; the default Site follows it after each
# migrate (core/base_url.py). Set it to the address visitors use.
PUBLIC_BASE_URL = os.environ.get(
    "PUBLIC_BASE_URL", os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
).rstrip("/")
WAGTAILADMIN_BASE_URL = PUBLIC_BASE_URL
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "key",
    "odp",
    "ods",
    "odt",
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "xlsx",
    "zip",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Documents leave only through Wagtail's document view (permission-checked), always
# as downloads (never rendered on the site's origin), with a sandboxing CSP added
# by core.middleware.DocumentHeadersMiddleware; MEDIA_ROOT/documents is never
# served (cms/urls.py, docs/operations.md).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES: list[str] = []
# What a visitor or an emailed submission may attach: the document types above and
# the image formats Wagtail reads (told by their bytes, not their names).
UPLOAD_IMAGE_EXTENSIONS = ["gif", "jpeg", "jpg", "png"]
# Slugs stay ASCII so every page round-trips through the JSON format (^[a-z0-9-]+$).
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_MODERATION_ENABLED = True
# No avatars from gravatar.com: they would send a hash of every editor's email
# address to a third party on each admin page.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# No call from editors' browsers to releases.wagtail.org (the Content-Security-
# Policy refuses it anyway, with an error on every admin page): upgrades are
# planned from the pinned versions (docs/operations.md, "Upgrades").
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_WORKFLOW_ENABLED = True

# Wagtail's own search (admin page search, choosers). The public faceted search has
# an interface of its own in search/.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
# The alias searched; concrete indices are "<alias>-<timestamp>" (search_index rebuild).
ELASTICSEARCH_INDEX = os.environ.get("ELASTICSEARCH_INDEX", "observatory-projects")
ELASTICSEARCH_TIMEOUT = float(os.environ.get("ELASTICSEARCH_TIMEOUT", "2"))
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}

# The observatory's home region: the search page's "outside Catalonia / abroad"
# keeps projects with an entity elsewhere (country, gazetteer region). Changing it
# needs `search_index rebuild`.
OBSERVATORY_HOME_COUNTRY = "ES"
OBSERVATORY_HOME_REGION = "Catalunya"

# Wagtail's task machinery: immediate by default (no worker to run).
# Development and tests run background work inline, after the commit; production
# queues it in the database for the worker (production.py, docs/operations.md).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
# Whether a worker rebuilds what is derived from the whole content (figures, open
# data files) after each change. Off: a reader rebuilds a stale value itself.
OBSERVATORY_BACKGROUND_BUILDS = False

# Navigation, language links, listing counts and page bodies are cached until content
# changes (core/caching.py); this bounds how long another worker process
# with its own cache may lag behind.
OBSERVATORY_CACHE_TIMEOUT = int(os.environ.get("OBSERVATORY_CACHE_TIMEOUT", "300"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Machine translation with Apertium (machine_translation/): project files are
# searchable in every language. Without Apertium installed, everything works
# without cross-language matching (manage.py check warns).
MACHINE_TRANSLATION = {
    "ENABLED": os.environ.get("MACHINE_TRANSLATION", "on").lower()
    not in ("0", "off", "false", "no"),
    "APERTIUM_MODES_DIR": os.environ.get(
        "APERTIUM_MODES_DIR", "/usr/share/apertium/modes"
    ),
    # Seconds a batch of texts may take, on top of 1 s per 5,000 characters.
    "TIMEOUT": 10.0,
    # After a failure, seconds before Apertium is tried again.
    "RETRY_AFTER": 60.0,
}

# Map: the background tiles of the map page (/ca/mapa/), loaded by
# visitors' browsers. An empty URL means no tiles: markers on a blank background.
# The attribution is HTML shown in the map's corner (required by most tile servers).
OBSERVATORY_MAP_TILES_URL = os.environ.get(
    "OBSERVATORY_MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
OBSERVATORY_MAP_ATTRIBUTION = os.environ.get(
    "OBSERVATORY_MAP_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
    " contributors",
)

# Open data: the licence of the files under /opendata/ (projects.json,
# .csv, .zip), stated on the open data page, in the ZIP and in the DCAT-AP record.
OBSERVATORY_OPEN_DATA_LICENCE = {
    "name": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}

# --- Fault tolerance: Elasticsearch and PostgreSQL outages ----------------------
# A new request checks that a reused database connection still works, so after
# PostgreSQL restarts the next request reconnects instead of failing on a dead one.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Seconds a publish's index write may take (a search has ELASTICSEARCH_TIMEOUT).
ELASTICSEARCH_WRITE_TIMEOUT = float(os.environ.get("ELASTICSEARCH_WRITE_TIMEOUT", "10"))
# After Elasticsearch fails to answer, searches go to the database engine without
# asking it for this many seconds; then it is probed, the wait doubling after each
# failed probe up to ELASTICSEARCH_RETRY_MAX (search/engines/breaker.py).
ELASTICSEARCH_RETRY_AFTER = float(os.environ.get("ELASTICSEARCH_RETRY_AFTER", "5"))
ELASTICSEARCH_RETRY_MAX = float(os.environ.get("ELASTICSEARCH_RETRY_MAX", "10"))
# No line per Elasticsearch request at INFO; the node pool's "node failed" warning
# repeats on every failed probe, and the breaker logs an outage once.
LOGGING["loggers"] = {
    **LOGGING.get("loggers", {}),
    "elasticsearch": {"level": "WARNING"},
    "elastic_transport": {"level": "WARNING"},
    "elastic_transport.node_pool": {"level": "ERROR"},
}

# --- Speed through the real server -----------------------------------------------
# Whole responses for anonymous visitors, from the cache (core/page_cache.py): first
# of all middleware, so a stored page goes out with the headers it was stored with
# (its Content-Security-Policy nonce included). Then gzip for HTML and JSON, just
# after WhiteNoise (which serves static files precompressed itself), and the
# per-address limit of the heavy JSON endpoints (core/request_limit.py).
MIDDLEWARE.insert(0, "core.page_cache.AnonymousPageCacheMiddleware")
MIDDLEWARE.insert(
    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
    "core.middleware.CompressionMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("core.middleware.CompressionMiddleware") + 1,
    "core.request_limit.HeavyRequestLimitMiddleware",
)
OBSERVATORY_PAGE_CACHE = {
    "ENABLED": os.environ.get("OBSERVATORY_PAGE_CACHE", "on").lower()
    not in ("0", "off", "false", "no"),
    # Seconds a stored page may be served at most (a publish forgets it at once).
    "TIMEOUT": int(os.environ.get("OBSERVATORY_PAGE_CACHE_TIMEOUT", "300")),
    # Cache-Control max-age for a proxy in front; 0: the proxy asks every time.
    "PROXY_MAX_AGE": int(os.environ.get("OBSERVATORY_PROXY_MAX_AGE", "0")),
}
# Requests per address and second on the heavy JSON endpoints, by URL name.
OBSERVATORY_HEAVY_LIMITS = {
    "search:api": 20,
    "search_map:api": 10,
}
# The map's precomputed data (search/map_build.py): rebuilt when older than this
# many seconds even if nothing changed (the caravan's coming stops move on).
OBSERVATORY_MAP_DATA_MAX_AGE = 900
# A caching proxy in front (nginx, Varnish, a CDN) is purged by Wagtail on publish
# when FRONTEND_CACHE_PURGE_URL names where PURGE requests go (docs/operations.md).
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
        }
    }

# --- Security edges: sign-in throttling and the Content-Security-Policy --------
# (docs/operations.md, "Login throttling and rate limits"; decision 0018)
from datetime import timedelta  # noqa: E402

from csp.constants import NONCE, NONE, SELF  # noqa: E402

INSTALLED_APPS += ["axes", "csp"]
# The CSP header is added on the way out, after every other middleware has
# finished with the response; axes turns a flagged failed sign-in into the
# lockout page, so it comes last.
MIDDLEWARE.insert(1, "core.csp.ObservatoryCSPMiddleware")
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
AUTHENTICATION_BACKENDS.insert(0, "core.login_throttle.ThrottleBackend")

# Behind a reverse proxy, how many proxies append to X-Forwarded-For (nginx with
# $proxy_add_x_forwarded_for: 1). 0: the client is REMOTE_ADDR, and the header,
# which anyone can write, is ignored (core/hashing.py).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# allauth's per-address limits read the same header the same way.
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# Failed sign-ins (Wagtail's admin and allauth's member login) are counted per
# account and address together: a stranger's failures never lock the member
# out of their own connection. After 5 failures that pair waits 15 minutes;
# attempts while waiting do not extend the wait.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_CALLABLE = "core.login_throttle.login_name"
AXES_CLIENT_IP_CALLABLE = "core.hashing.client_ip"
AXES_LOCKOUT_CALLABLE = "core.login_throttle.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# Only failures are kept (docs/data-protection.md): no log of successful
# sign-ins; attempts older than the cool-off are deleted by
# `manage.py purge_login_attempts` (daily).
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# allauth's own account-wide lock ("5 failures: the account is locked 5
# minutes", whoever typed them) is replaced by axes' per-address one above;
# allauth still limits failures per address, across accounts.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip"}

# Content-Security-Policy on every response (django-csp). Scripts run only from
# our origin or with the request's nonce; no inline event handlers, no eval.
# core/csp.py adds the exceptions the Wagtail admin needs, on /admin/ only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        # and the map's tile server (OBSERVATORY_MAP_TILES_URL), added by core/csp.py
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # Video embeds of project pages (project_pages/blocks/media.py); our own
        # origin for the admin's preview panel.
        "frame-src": [
            SELF,
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
        ],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# --- Health endpoint -----------------------------------------------------------
# /health/ (cms/urls.py) reports the database, the cache, the media folder,
# Elasticsearch and the worker's heartbeat with django-health-check; its HTML page
# is the package's template.
INSTALLED_APPS += ["health_check"]
