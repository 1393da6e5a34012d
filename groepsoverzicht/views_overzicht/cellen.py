"""Autosaving cells: one text cell of a row, the whole-group attention points, and
re-running the signalling rules. Both text kinds are `zorgroute.views.versioned.autosave`
fields: a colleague's edit in between is shown with both texts, never overwritten."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views import View

from zorgroute import permissions as p
from zorgroute.views.versioned import AUTOSAVE_TEMPLATE, AutosaveField, autosave

from .. import services
from ..access import require
from ..kolommen import Kolom, kolommen
from .base import OverzichtMixin


class AutosaveMixin(OverzichtMixin):
    """The no-JavaScript page of an autosaved field: the field alone (with the conflict)."""

    def field_page(self, field: AutosaveField, status: int = 200) -> HttpResponse:
        return self.respond(AUTOSAVE_TEMPLATE, {"af": field}, status=status)


class RegelCelUpdateView(AutosaveMixin, View):
    """One text cell of a row. POST saves it (compare-and-swap on `gezien`); GET returns the
    cell with the stored text."""

    required_permission = p.CHANGE_GROEPSOVERZICHT

    def kolom(self, veld: str) -> Kolom:
        for kolom in kolommen(self.overzicht, self.rechten):
            if kolom.veld == veld:
                return kolom
        raise Http404

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.bewerken)
        kolom = self.kolom(
            request.GET.get("veld") or kolommen(self.overzicht, self.rechten)[0].veld
        )
        return self.field_page(self.cel_field(self.regel(kwargs["regel_id"]), kolom))

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.bewerken)
        kolom = self.kolom(request.POST.get("veld", ""))
        regel = self.regel(kwargs["regel_id"])

        def save(waarde: str, gezien: str) -> str:
            fresh = services.regel_cel_update(
                regel=regel, veld=kolom.veld, waarde=waarde, gezien=gezien, user=self.tenant.user
            )
            return str(getattr(fresh, kolom.veld))

        def saved() -> HttpResponse:
            messages.success(request, _("Opgeslagen."))
            return HttpResponseRedirect(self.overzicht_url(f"regel-{regel.pk}"))

        return autosave(
            request, self.cel_field(regel, kolom), save, page=self.field_page, saved_redirect=saved
        )


class AandachtspuntenUpdateView(AutosaveMixin, View):
    """The whole-group attention points: the same autosave and conflict handling."""

    required_permission = p.CHANGE_GROEPSOVERZICHT

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.bewerken)
        return self.field_page(self.aandachtspunten_field())

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.bewerken)

        def save(waarde: str, gezien: str) -> str:
            fresh = services.aandachtspunten_update(
                overzicht=self.overzicht, waarde=waarde, gezien=gezien, user=self.tenant.user
            )
            return fresh.aandachtspunten_groep

        def saved() -> HttpResponse:
            messages.success(request, _("Aandachtspunten opgeslagen."))
            return HttpResponseRedirect(self.overzicht_url("aandachtspunten"))

        return autosave(
            request,
            self.aandachtspunten_field(),
            save,
            page=self.field_page,
            saved_redirect=saved,
        )


class SignalenBerekenenView(OverzichtMixin, View):
    """Apply the school's ijkpunten again (after new results came in)."""

    required_permission = p.CHANGE_GROEPSOVERZICHT

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.bewerken)
        return self.respond("groepsoverzicht/overzicht/_berekenen.html", {})

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.bewerken)
        nieuw, vervallen = services.signaleringen_voorstellen(overzicht=self.overzicht)
        if nieuw or vervallen:
            messages.success(
                request,
                _(
                    "Signalen opnieuw berekend: %(nieuw)d nieuw voorgesteld, %(weg)d voorstel(len) "
                    "vervallen. Bevestigde en afgewezen signalen zijn niet veranderd."
                )
                % {"nieuw": nieuw, "weg": vervallen},
            )
        else:
            messages.success(request, _("Signalen opnieuw berekend: er is niets veranderd."))
        return HttpResponseRedirect(self.overzicht_url("signalen"))
