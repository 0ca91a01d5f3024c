"""Settings of a worker process started by tests/test_worker.py: the test settings,
on the test database of the process that started it, queueing tasks in the
database and sending mail to its SMTP server."""

import os

from cms.settings.test import *  # noqa: F403

DATABASES["default"]["NAME"] = os.environ["WORKER_TEST_DATABASE"]  # noqa: F405
DATABASES["default"]["TEST"] = {"NAME": os.environ["WORKER_TEST_DATABASE"]}  # noqa: F405
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["WORKER_TEST_SMTP_PORT"])
OBSERVATORY_WORKER_LOST_AFTER = 2
