"""Settings of the search benchmark: the test settings plus the baseline app.

``benchmarks/search_bench.py`` uses them; the baseline app (benchmarks/baseline/)
and its Wagtail search backends exist only here.
"""

from cms.settings.test import *  # noqa: F403
from cms.settings.test import ELASTICSEARCH_URL, INSTALLED_APPS, WAGTAILSEARCH_BACKENDS

INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks.baseline"]
ROOT_URLCONF = "benchmarks.urls"
# A fixed alias (the test settings use one per process): rebuilt by every run.
ELASTICSEARCH_INDEX = "bench-observatory-projects"
# Fallbacks would hide a slow node: the benchmark wants the engine's own time.
ELASTICSEARCH_TIMEOUT = 30.0

WAGTAILSEARCH_BACKENDS = {
    **WAGTAILSEARCH_BACKENDS,
    "baseline_database": {
        "BACKEND": "wagtail.search.backends.database",
        "AUTO_UPDATE": False,
    },
}
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS["baseline_elasticsearch"] = {
        "BACKEND": "benchmarks.baseline.backend",
        "URLS": [ELASTICSEARCH_URL],
        "INDEX_PREFIX": "bench-baseline-",
        "TIMEOUT": 30,
        "AUTO_UPDATE": False,
    }
