"""The Celery app. Tasks run inline (eager) in the demo; tests and production use Redis."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zorgroute.settings.dev")

app = Celery("zorgroute")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
