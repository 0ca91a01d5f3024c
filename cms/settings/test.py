import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Each test process (pytest-xdist runs several, on two databases side by side)
# writes its files under a folder of its own, removed when the session ends
# (conftest.py): one process never reads or deletes another's uploads.
TEST_PROCESS_DIR = Path(  # noqa: F405
    os.environ.get("TEST_FILES_ROOT", BASE_DIR / ".cache" / "test-files")  # noqa: F405
) / str(os.getpid())
MEDIA_ROOT = TEST_PROCESS_DIR / "media"
SUBMISSIONS = {  # noqa: F405
    **SUBMISSIONS,  # noqa: F405
    "RAW_ROOT": TEST_PROCESS_DIR / "private" / "submissions",
}
PUBLIC_BASE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"

# Each test process searches its own Elasticsearch indices, so runs sharing a node
# (SQLite and PostgreSQL runs of make test) never see each other's documents.
ELASTICSEARCH_INDEX = f"test-observatory-{os.getpid()}"  # noqa: F405

# No map tiles in tests: a page must never load anything from the internet.
OBSERVATORY_MAP_TILES_URL = ""

# The anonymous page cache is off in tests: a test that changes a setting between
# two requests must see its effect. Its own tests turn it on (core/tests/).
OBSERVATORY_PAGE_CACHE = {**OBSERVATORY_PAGE_CACHE, "ENABLED": False}  # noqa: F405
# No per-address limit either: tests call the search API many times a second from
# one address. Its own tests set the limits they check.
OBSERVATORY_HEAVY_LIMITS: dict[str, int] = {}
