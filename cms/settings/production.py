"""Production settings: secrets have no default, so a missing one fails at start."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return value


DEBUG = False
SECRET_KEY = _required("SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in _required("ALLOWED_HOSTS").split(",") if h.strip()]
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "The environment variable ALLOWED_HOSTS must name at least one host "
        "(comma-separated)."
    )
# The address visitors use: every absolute link starts with it (core/base_url.py).
PUBLIC_BASE_URL = WAGTAILADMIN_BASE_URL = _required("PUBLIC_BASE_URL").rstrip("/")
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true") == "true"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Off only for `make serve`, which runs the production stack over plain HTTP on
# loopback (browsers drop secure cookies there, and no one could sign in).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = (
    os.environ.get("SECURE_COOKIES", "true") == "true"
)
X_FRAME_OPTIONS = "DENY"

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}

# Several worker processes must share one cache, so that a published change shows
# everywhere at once (docs/decisions/0008). Without REDIS_URL each process keeps its
# own cache and may lag by up to OBSERVATORY_CACHE_TIMEOUT (60 s by default here).
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "core.redis_cache.SharedClientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        },
        # Keys that embed a version token (tree, forum, page fragments) are also
        # kept in each process's memory: no Redis round trip for them once read
        # (core/tiered_cache.py).
        "versioned": {
            "BACKEND": "core.tiered_cache.TieredCache",
            "LOCATION": "versioned",
            "OPTIONS": {"SHARED": "default", "LOCAL_TIMEOUT": 60, "MAX_ENTRIES": 2000},
        },
        "template_fragments": {
            "BACKEND": "core.tiered_cache.TieredCache",
            "LOCATION": "fragments",
            "OPTIONS": {"SHARED": "default", "LOCAL_TIMEOUT": 60, "MAX_ENTRIES": 500},
        },
    }
    # Sessions read from the shared cache first (written through to the
    # database, so a Redis restart signs nobody out): one query less for every
    # signed-in request.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    OBSERVATORY_CACHE_TIMEOUT = int(  # noqa: F405
        os.environ.get("OBSERVATORY_CACHE_TIMEOUT", "60")
    )

# Background work is queued in the database and run by `manage.py worker`; the
# figures and open data files are rebuilt there after each change, so no visitor
# waits for a build (core/derived.py).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
OBSERVATORY_BACKGROUND_BUILDS = True

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "observatori@localhost")
# With EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend (make serve),
# every email is written to a file in this folder instead of being sent.
if os.environ.get("EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]

LOGGING["root"]["level"] = "INFO"  # noqa: F405
# The scheduler says once what it queued (cms/management/commands/scheduler.py);
# APScheduler's own lines about each run repeat it.
LOGGING.setdefault("loggers", {})["apscheduler"] = {"level": "WARNING"}  # noqa: F405

# --- Behind nginx (deploy/nginx/observatory.conf) --------------------------------
# Monitors call /health/ on the app server directly (plain HTTP on loopback).
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
# Documents: Wagtail's view still checks who may download, then nginx sends the
# file from its internal location (core/sendfile_nginx.py). Without nginx in
# front, gunicorn streams the file itself (Wagtail's default).
if os.environ.get("DOCUMENTS_SERVED_BY_NGINX", "false").lower() == "true":
    SENDFILE_BACKEND = "core.sendfile_nginx"
    SENDFILE_ROOT = MEDIA_ROOT / "documents"  # noqa: F405
    SENDFILE_URL = "/internal-documents/"
# The whole map's JSON (search/map_build.py): the view picks the file of the
# current build and nginx sends it, the .gz one when the client takes gzip
# (gzip_static), from its internal location. Without nginx, gunicorn sends it.
if os.environ.get("MAP_DATA_SERVED_BY_NGINX", "false").lower() == "true":
    OBSERVATORY_MAP_DATA_ACCEL_URL = "/internal-map-data/"
