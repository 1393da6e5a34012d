"""Moved to zorgroute.integrations.services; tests/world.py still imports it from here."""

from zorgroute.integrations.services import webhook_create

__all__ = ["webhook_create"]
