"""gunicorn settings for the observatory (``gunicorn -c deploy/gunicorn.conf.py
cms.wsgi``), used by deploy/systemd/observatory-web.service.

Every value can be changed without editing this file, through the environment
(/etc/observatory/env): GUNICORN_BIND, GUNICORN_WORKERS, GUNICORN_TIMEOUT,
GUNICORN_MAX_REQUESTS. docs/operations.md ("Sizing") says how to choose them.
"""

import multiprocessing
import os

# nginx talks to gunicorn over a unix socket (deploy/nginx/observatory.conf);
# "127.0.0.1:8000" works too (make serve uses it).
bind = os.environ.get("GUNICORN_BIND", "unix:/run/observatory/gunicorn.sock")
umask = 0o007  # the socket is for gunicorn's group (nginx's user joins it)

# Synchronous workers: the pages are CPU-bound Django views. Two per CPU and one
# more keeps the CPUs busy while a worker waits for PostgreSQL or Elasticsearch;
# each takes about 170 MiB, so memory may bound it first (docs/operations.md).
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"

# A request that takes longer than this is killed and its worker replaced: the
# slowest legitimate page (an uncached map or open data build) stays well below.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# On `systemctl reload` (HUP) and stop, a worker may finish its request.
graceful_timeout = 30
# Seconds an idle client connection stays open (non-sync worker classes; sync
# workers close after each response, nginx opens a new one).
keepalive = 5

# Slowloris and oversized requests: limits on the request line and headers
# (nginx enforces its own first; these hold when gunicorn is reached directly).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190

# Each worker is replaced after this many requests (spread by the jitter so that
# they do not all restart at once): memory that creeps up is given back. Not
# fewer: a new worker spends about 2 s of CPU importing the site, and at 2,000
# the five workers of a 2-CPU server restarted every few seconds under load
# (the p99 of cached pages went from about 100 ms to 1.4 s). Memory stays flat
# without any restart (docs/performance.md, "Load and soak").
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10

# Logs go to stdout/stderr, i.e. to the journal under systemd.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The client's address comes from nginx (X-Forwarded-For, set by the proxy).
access_log_format = '%({x-forwarded-for}i)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# Not preloaded: on `systemctl reload` (HUP) the new workers import the code anew,
# which is how an upgrade goes live without dropping a request (docs/operations.md).
preload_app = False
