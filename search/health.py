"""The health endpoint's Elasticsearch check (the check is listed in cms/urls.py).

It asks the node for the cluster's health with its own client and a short
timeout, not through the search service: the service falls back to the database
when the node is down, so visitors see nothing wrong, and that is exactly what an
operator must be told. ``GET /`` (ping) is missing from the integ-test
distribution (decision 0009), so the check uses ``_cluster/health``.
"""

import dataclasses
import datetime

import elasticsearch
from django.conf import settings
from elastic_transport import TransportError
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable

TIMEOUT_SECONDS = 2.0


@dataclasses.dataclass
class Elasticsearch(HealthCheck):
    """Red cluster, refused connection or no answer in 2 s: unavailable. Passes
    when no ELASTICSEARCH_URL is configured (the database engine answers)."""

    timeout: datetime.timedelta = dataclasses.field(
        default=datetime.timedelta(seconds=TIMEOUT_SECONDS), repr=False
    )

    def run(self) -> None:
        url = getattr(settings, "ELASTICSEARCH_URL", "")
        if not url:
            return
        seconds = self.timeout.total_seconds()
        client = elasticsearch.Elasticsearch(
            url, request_timeout=seconds, max_retries=0, retry_on_timeout=False
        )
        try:
            health = client.cluster.health()
        except (TransportError, elasticsearch.ApiError) as error:
            raise ServiceUnavailable(
                f"Elasticsearch did not answer: {type(error).__name__}"
            ) from error
        finally:
            client.close()
        if health.get("status") == "red":
            raise ServiceUnavailable("Elasticsearch cluster status is red")
