"""Shared pieces of the overview views: the mixin that loads the overview with its rights,
its autosaved text fields, and the fragment/page rendering."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from zorgroute.views.base import TenantViewMixin
from zorgroute.views.versioned import AutosaveField

from .. import selectors
from ..access import Rechten, access_overzicht, access_regel
from ..kolommen import Kolom
from ..models import (
    Groepsoverzicht,
    Overzichtregel,
)

# --- Base ---------------------------------------------------------------------------------------


class OverzichtMixin(TenantViewMixin):
    """Loads the overview of the URL (404 when not visible) and its rights."""

    kwargs: dict[str, Any]
    overzicht: Groepsoverzicht
    rechten: Rechten

    def load(self) -> None:
        self.overzicht, self.rechten = access_overzicht(self.request, self.kwargs["overzicht_id"])

    def url(self, name: str, **kwargs: Any) -> str:
        return reverse(name, kwargs={"school": self.tenant.school.slug, **kwargs})

    def overzicht_url(self, anker: str = "") -> str:
        url = self.url("groepsoverzicht-detail", overzicht_id=self.overzicht.pk)
        return f"{url}#{anker}" if anker else url

    @property
    def htmx(self) -> bool:
        return bool(getattr(self.request, "htmx", False))

    def cel_field(self, regel: Overzichtregel, kolom: Kolom) -> AutosaveField:
        """One autosaved text cell of a row (`partials/autosave_field.html`)."""
        return AutosaveField(
            url=self.url("overzicht-regel-cel", overzicht_id=self.overzicht.pk, regel_id=regel.pk),
            dom_id=f"{regel.pk}-{kolom.veld}",
            name=kolom.veld,
            label=kolom.label,
            value=getattr(regel, kolom.veld),
            about=f"{kolom.label} – {regel.leerling.volledige_naam}",
        )

    def aandachtspunten_field(self) -> AutosaveField:
        """The autosaved attention points of the whole group."""
        return AutosaveField(
            url=self.url("groepsoverzicht-aandachtspunten", overzicht_id=self.overzicht.pk),
            dom_id="aandachtspunten",
            name="aandachtspunten_groep",
            label=_("Aandachtspunten hele groep"),
            value=self.overzicht.aandachtspunten_groep,
            rows=2,
        )

    def regel(self, regel_id: int) -> Overzichtregel:
        return access_regel(self.overzicht, regel_id)

    def rij(self, regel_id: int) -> selectors.Rij:
        """One row with its signals and needs, for re-rendering the S or needs cell."""
        rij = selectors.regel_rij(self.overzicht, regel_id)
        if rij is None:
            raise Http404
        return rij

    def base_context(self) -> dict[str, Any]:
        return {
            "tenant": self.tenant,
            "school": self.tenant.school,
            "overzicht": self.overzicht,
            "rechten": self.rechten,
        }

    def fragment(self, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
        return render(self.request, template, {**self.base_context(), **context}, status=status)

    def met_tellers(self, response: HttpResponse) -> HttpResponse:
        """Append the header counters as an out-of-band swap to an htmx fragment of a signal
        or need endpoint, so they stay right without reloading (one aggregate query)."""
        response.write(
            render_to_string(
                "groepsoverzicht/overzicht/_tellers.html",
                {"tellers": selectors.overzicht_tellers(self.overzicht), "oob": True},
                request=self.request,
            )
        )
        return response

    def page(self, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
        """A full page around a fragment, for the no-JavaScript path."""
        return render(
            self.request,
            "groepsoverzicht/overzicht/pagina.html",
            {**self.base_context(), **context, "inhoud": template},
            status=status,
        )

    def respond(self, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
        if self.htmx:
            return self.fragment(template, context, status)
        return self.page(template, context, status)
