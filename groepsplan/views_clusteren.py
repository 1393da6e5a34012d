"""The clustering screen (issue 4, "cluster"): the overview's signalled pupils with their
needs side by side, the suggested subgroups, and the plan's groups as drop zones.

Pupils move by drag and drop (static/js/zorgroute.js posts the same form) or, without a
mouse or JavaScript, with a "Verplaats naar …" select per pupil. A pupil is always in the
basisgroep; "placed" means in a subgroep or, as the exception, a row of their own."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views import View

from zorgroute import permissions as p

from . import selectors, services, services_plan
from .forms import NieuweGroepForm, VerplaatsForm
from .models import PlangroepSoort
from .selectors import delen
from .views_plan import PlanMixin, bewerkbaar, fouten

INDIVIDUEEL = "individueel"


class ClusterMixin(PlanMixin):
    template = "groepsplan/clusteren/_bord.html"

    def bord_context(self, **extra: Any) -> dict[str, Any]:
        clustering = selectors.clustering(self.plan)
        return {
            "borden": clustering.borden,
            "signalen": clustering.signalen,
            "waarschuwingen": clustering.waarschuwingen,
            "bewerkbaar": bewerkbaar(self),
            **extra,
        }

    def bord(self, status: int = 200, **extra: Any) -> HttpResponse:
        return self.respond(self.template, self.bord_context(**extra), status=status)


class ClusterenView(ClusterMixin, View):
    required_permission = p.VIEW_GROEPSPLAN

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        return self.fragment("groepsplan/clusteren/page.html", self.bord_context())


class VerplaatsView(ClusterMixin, View):
    """Move one pupil within a deel: to a plangroep, to a row of their own, or back to only
    the basisgroep. Answers with the board (htmx/fetch) or back to the screen."""

    required_permission = p.CHANGE_GROEPSPLAN

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_bewerken()
        return self.bord()

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_bewerken()
        form = VerplaatsForm(request.POST)
        if not form.is_valid() or form.cleaned_data["deel"] not in delen(self.plan):
            return self.bord(status=400, fouten=[_("Kies een leerling en een groep.")])
        deel = form.cleaned_data["deel"]
        leerling_id = form.cleaned_data["leerling"]
        naar_raw = form.cleaned_data["naar"]
        try:
            if naar_raw == INDIVIDUEEL:
                services_plan.leerling_individueel(
                    groepsplan=self.plan, leerling_id=leerling_id, deel=deel
                )
            else:
                naar = selectors.plangroep_in_plan(self.plan, naar_raw) if naar_raw else None
                if naar_raw and naar is None:
                    raise Http404
                services_plan.leerling_verplaatsen(
                    groepsplan=self.plan, leerling_id=leerling_id, deel=deel, naar=naar
                )
        except ValidationError as exc:
            return self.bord(status=400, fouten=fouten(exc))
        if not self.htmx:
            return self.terug_clusteren(_("Verplaatst."), f"deel-{deel}")
        return self.bord()

    def terug_clusteren(self, melding: str, anker: str) -> HttpResponse:
        messages.success(self.request, melding)
        url = self.url("groepsplan-clusteren", plan_id=self.plan.pk)
        return HttpResponseRedirect(f"{url}#{anker}")


class NieuweGroepView(VerplaatsView):
    """A new subgroep: from a suggestion (its pupils; "Maak subgroep"), or empty with a name.
    Or, as the exception, a single pupil's own row."""

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_bewerken()
        ids = selectors.overzicht_leerling_ids(self.plan)
        form = NieuweGroepForm(request.POST, leerling_ids=ids)
        if not form.is_valid() or form.cleaned_data["deel"] not in delen(self.plan):
            return self.bord(status=400, fouten=[_("Kies het deel en de leerlingen.")])
        deel = form.cleaned_data["deel"]
        soort = form.cleaned_data["soort"]
        naam = form.cleaned_data["naam"].strip()
        if not naam:
            aantal = selectors.subgroepen_in_deel(self.plan, deel)
            naam = _("Subgroep %(n)d") % {"n": aantal + 1}
        try:
            if soort == INDIVIDUEEL:
                if len(form.cleaned_data["leerlingen"]) != 1:
                    raise ValidationError(_("Een individuele aanpak is voor precies één leerling."))
                services_plan.leerling_individueel(
                    groepsplan=self.plan, leerling_id=form.cleaned_data["leerlingen"][0], deel=deel
                )
            else:
                services.plangroep_create(
                    groepsplan=self.plan,
                    deel=deel,
                    soort=PlangroepSoort.SUBGROEP,
                    naam=naam,
                    leerling_ids=form.cleaned_data["leerlingen"],
                )
        except ValidationError as exc:
            return self.bord(status=400, fouten=fouten(exc))
        if not self.htmx:
            return self.terug_clusteren(_("Groep gemaakt."), f"deel-{deel}")
        return self.bord()
