"""A PDF bundle that takes its time per part, so a test can kill the worker in the middle
(registered as job kind "test-traag" in the test settings only)."""

from __future__ import annotations

import time
from typing import Any

from planning.bundels import PdfBundel
from zorgroute.models import Achtergrondtaak
from zorgroute.tenancy.context import TenantContext


class TraagBundel(PdfBundel):
    SECONDEN_PER_DEEL = 1.5

    def onderdeel(self, ctx: TenantContext, taak: Achtergrondtaak, item: Any) -> Any:
        time.sleep(self.SECONDEN_PER_DEEL)
        return super().onderdeel(ctx, taak, item)
