"""Autosaving cells: one text cell of a row, the whole-group attention points, and
re-running the signalling rules."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from zorgroute import permissions as p

from .. import services
from ..access import require
from ..forms import (
    AandachtspuntenForm,
    CelForm,
)
from ..models import (
    Overzichtregel,
)
from .base import Kolom, OverzichtMixin, Tekstcel, kolommen

# --- Autosaving cells -------------------------------------------------------------------------


class RegelCelView(OverzichtMixin, View):
    """One text cell of a row. POST saves it (compare-and-swap on `gezien`); GET returns the
    cell with the stored text (used to take over a colleague's version)."""

    required_permission = p.CHANGE_GROEPSOVERZICHT
    template = "groepsoverzicht/overzicht/_cel.html"

    def kolom(self, veld: str) -> Kolom:
        for kolom in kolommen(self.overzicht, self.rechten):
            if kolom.veld == veld:
                return kolom
        raise Http404

    def cel(self, regel: Overzichtregel, kolom: Kolom, **extra: Any) -> HttpResponse:
        cel = Tekstcel(regel, kolom, getattr(regel, kolom.veld))
        return self.respond(self.template, {"cel": cel, **extra})

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.wijzigen)
        kolom = self.kolom(
            request.GET.get("veld") or kolommen(self.overzicht, self.rechten)[0].veld
        )
        return self.cel(self.regel(kwargs["regel_id"]), kolom)

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.wijzigen)
        form = CelForm(request.POST)
        if not form.is_valid():
            return HttpResponse(_("Onvolledige gegevens."), status=400)
        kolom = self.kolom(form.cleaned_data["veld"])
        regel = self.regel(kwargs["regel_id"])
        try:
            regel = services.regel_cel_opslaan(
                regel=regel,
                veld=kolom.veld,
                waarde=form.cleaned_data["waarde"],
                gezien=form.cleaned_data["gezien"],
                user=self.tenant.user,
            )
        except services.CelConflict as conflict:
            cel = Tekstcel(regel, kolom, conflict.huidig)
            context = {"cel": cel, "conflict": conflict}
            if self.htmx:
                response = self.fragment(self.template, context)
                response["HX-Retarget"] = f"#cel-{regel.pk}-{kolom.veld}"
                response["HX-Reswap"] = "outerHTML"
                return response
            return self.page(self.template, context, status=409)
        except ValidationError as exc:
            return HttpResponse(" ".join(exc.messages), status=400)
        if not self.htmx:
            messages.success(request, _("Opgeslagen."))
            return HttpResponseRedirect(self.overzicht_url(f"regel-{regel.pk}"))
        cel = Tekstcel(regel, kolom, getattr(regel, kolom.veld))
        if request.POST.get("hele_cel"):
            return self.fragment(self.template, {"cel": cel, "opgeslagen": timezone.now()})
        return self.fragment(
            "groepsoverzicht/overzicht/_cel_opgeslagen.html",
            {"cel": cel, "opgeslagen": timezone.now()},
        )


class AandachtspuntenView(OverzichtMixin, View):
    """The whole-group attention points: the same autosave and conflict handling."""

    required_permission = p.CHANGE_GROEPSOVERZICHT
    template = "groepsoverzicht/overzicht/_aandachtspunten.html"

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.wijzigen)
        return self.respond(self.template, {})

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.wijzigen)
        form = AandachtspuntenForm(request.POST)
        if not form.is_valid():
            return HttpResponse(_("Onvolledige gegevens."), status=400)
        try:
            fresh = services.aandachtspunten_opslaan(
                overzicht=self.overzicht,
                waarde=form.cleaned_data["waarde"],
                gezien=form.cleaned_data["gezien"],
                user=self.tenant.user,
            )
        except services.CelConflict as conflict:
            self.overzicht.aandachtspunten_groep = conflict.huidig
            context = {"conflict": conflict}
            if self.htmx:
                response = self.fragment(self.template, context)
                response["HX-Retarget"] = "#aandachtspunten"
                response["HX-Reswap"] = "outerHTML"
                return response
            return self.page(self.template, context, status=409)
        self.overzicht.aandachtspunten_groep = fresh.aandachtspunten_groep
        if not self.htmx:
            messages.success(request, _("Aandachtspunten opgeslagen."))
            return HttpResponseRedirect(self.overzicht_url("aandachtspunten"))
        if request.POST.get("hele_cel"):
            return self.fragment(self.template, {"opgeslagen": timezone.now()})
        return self.fragment(
            "groepsoverzicht/overzicht/_aandachtspunten_opgeslagen.html",
            {"opgeslagen": timezone.now()},
        )


class SignalenBerekenenView(OverzichtMixin, View):
    """Apply the school's ijkpunten again (after new results came in)."""

    required_permission = p.CHANGE_GROEPSOVERZICHT

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.wijzigen)
        return self.respond("groepsoverzicht/overzicht/_berekenen.html", {})

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.wijzigen)
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
