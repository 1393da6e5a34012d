"""Moved to zorgroute.integrations.services; tests/world.py still imports it from here."""

from zorgroute.integrations.services import apiclient_create

__all__ = ["apiclient_create"]
