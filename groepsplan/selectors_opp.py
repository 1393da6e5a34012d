"""The old path of groepsplan.ihp_opp.selectors, for the modules outside groepsplan that still
import it (opbrengsten, planning and their tests; docs/glossary.md names opp_status_sql here).
After merging issue 18 the lead points those at groepsplan.ihp_opp.selectors and deletes this
module."""

from .ihp_opp.selectors import BIJNA_TE_LAAT, OP_TIJD, TE_LAAT, opp_status, opp_status_sql

__all__ = ["BIJNA_TE_LAAT", "OP_TIJD", "TE_LAAT", "opp_status", "opp_status_sql"]
