"""Review of the access log: who read which pupil's care data, school-wide."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.utils import timezone

from ... import permissions as p
from ...views.base import TenantTemplateView
from . import selectors
from .forms import InzageFilterForm

INZAGEN_PER_PAGINA = 50


class ToegangOverzichtView(TenantTemplateView):
    """Filters (medewerker, leerling, periode, soort), pages of 50, unusual access on top."""

    required_permission = p.VIEW_ACCESS_LOG
    template_name = "privacy/toegang_overzicht.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = InzageFilterForm(self.request.GET or None)
        f = form.filter(vandaag=timezone.localdate())
        page = Paginator(selectors.inzagen(f), INZAGEN_PER_PAGINA).get_page(
            self.request.GET.get("pagina")
        )
        opvallend = selectors.opvallende_inzage(f)
        gemarkeerd = {(o.gebruiker_id, o.dag) for o in opvallend}
        regels = [
            (e, (e.gebruiker_id, timezone.localtime(e.created_at).date()) in gemarkeerd)
            for e in page.object_list
        ]
        query = self.request.GET.copy()
        query.pop("pagina", None)
        context.update(
            form=form,
            filter=f,
            page=page,
            regels=regels,
            opvallend=opvallend,
            drempel=selectors.OPVALLEND_DREMPEL,
            query=query.urlencode(),
        )
        return context
