import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(  # noqa: F405
    os.environ.get("MEDIA_ROOT", BASE_DIR / ".cache" / "test-media")  # noqa: F405
)
SUBMISSIONS = {  # noqa: F405
    **SUBMISSIONS,  # noqa: F405
    "RAW_ROOT": Path(  # noqa: F405
        os.environ.get(
            "SUBMISSIONS_RAW_ROOT",
            BASE_DIR / ".cache" / "test-private" / "submissions",  # noqa: F405
        )
    ),
}
PUBLIC_BASE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"

# Each test process searches its own Elasticsearch indices, so runs sharing a node
# (SQLite and PostgreSQL runs of make test) never see each other's documents.
ELASTICSEARCH_INDEX = f"test-observatory-{os.getpid()}"  # noqa: F405

# No map tiles in tests: a page must never load anything from the internet.
OBSERVATORY_MAP_TILES_URL = ""
