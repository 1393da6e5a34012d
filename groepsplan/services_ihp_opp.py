"""The old path of groepsplan.ihp_opp.services, for the modules outside groepsplan that still
import it (izo_zat.services_advies, izo_zat.views_advies, tests/world.py). After merging
issue 18 the lead points those imports at groepsplan.ihp_opp.services (and
zorgroute.versioning.StaleVersion for VersieConflict) and deletes this module."""

from zorgroute.versioning import StaleVersion

from .ihp_opp.services import ihp_create, ihp_update, opp_create

VersieConflict = StaleVersion

__all__ = ["VersieConflict", "ihp_create", "ihp_update", "opp_create"]
