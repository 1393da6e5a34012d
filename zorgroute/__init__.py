"""Zorgroute project package and core domain (tenancy, roster, access, audit)."""

from .celery import app as celery_app

__all__ = ["celery_app"]
