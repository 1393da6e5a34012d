"""The old path of groepsplan.ihp_opp.models, for the modules outside groepsplan that still
import it (izo_zat, opbrengsten, planning and their tests). After merging issue 18 the lead
points those imports at groepsplan.ihp_opp.models and deletes this module."""

from .ihp_opp.models import Handelingsplan, Ontwikkelingsperspectief

__all__ = ["Handelingsplan", "Ontwikkelingsperspectief"]
