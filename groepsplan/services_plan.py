"""The old path of the plan screen's writes, now in groepsplan.services, for izo_zat, which
still imports it (izo_zat.services_advies, izo_zat.views_advies). After merging issue 18 the
lead points those imports at groepsplan.services (and zorgroute.versioning.StaleVersion for
VeldConflict) and deletes this module."""

from zorgroute.versioning import StaleVersion

from .services import plangroep_veld_opslaan

VeldConflict = StaleVersion

__all__ = ["VeldConflict", "plangroep_veld_opslaan"]
