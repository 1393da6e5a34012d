"""The clustering screen (issue 4, "cluster"): the overview's signalled pupils with their
needs side by side, the suggested subgroups, and the plan's groups as drop zones.

Pupils move by drag and drop (static/js/zorgroute.js posts the same form) or, without a
mouse or JavaScript, with a "Verplaats naar …" select per pupil. A pupil is always in the
basisgroep; "placed" means in a subgroep or, as the exception, a row of their own."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views import View

from groepsoverzicht.models import Onderwijsbehoefte, Overzichtregel, SignaalStatus, Signalering
from zorgroute import permissions as p
from zorgroute.models import Leerling

from . import services, services_plan
from .forms import NieuweGroepForm, VerplaatsForm
from .models import Plangroep, Plangroeplid, PlangroepSoort
from .views_plan import PlanMixin, deel_label, delen, fouten

INDIVIDUEEL = "individueel"


@dataclass
class Zone:
    """A drop zone: a subgroep or single-pupil row (or, with plangroep None, only the
    basisgroep), with its pupils."""

    plangroep: Plangroep | None
    leerlingen: list[Leerling] = field(default_factory=list)

    @property
    def naar(self) -> str:
        return str(self.plangroep.pk) if self.plangroep else ""


@dataclass
class Bord:
    deel: str
    label: str
    basis: Zone
    zones: list[Zone]
    suggesties: list[tuple[services.Suggestie, list[str]]]


@dataclass
class Signaal:
    regel: Overzichtregel
    behoeften: list[Onderwijsbehoefte]


class ClusterMixin(PlanMixin):
    template = "groepsplan/clusteren/_bord.html"

    def bord_context(self, **extra: Any) -> dict[str, Any]:
        overzicht = self.plan.groepsoverzicht
        regels = list(
            overzicht.regels.select_related("leerling")
            .prefetch_related(
                Prefetch(
                    "signaleringen",
                    queryset=Signalering.objects.filter(status=SignaalStatus.BEVESTIGD),
                    to_attr="bevestigd",
                ),
                Prefetch(
                    "onderwijsbehoeften",
                    queryset=Onderwijsbehoefte.objects.select_related("domein").order_by(
                        "created_at"
                    ),
                ),
            )
            .order_by("leerling__achternaam", "leerling__voornaam")
        )
        plangroepen = list(
            self.plan.plangroepen.exclude(soort=PlangroepSoort.BASISGROEP).prefetch_related(
                Prefetch("leden", queryset=Plangroeplid.objects.select_related("leerling"))
            )
        )
        leerlingen = {r.leerling_id: r.leerling for r in regels}
        gesignaleerd = [r for r in regels if r.bevestigd]
        suggesties = services.clustersuggesties(overzicht)
        borden = []
        for deel in delen(self.plan):
            zones = []
            geplaatst: set[int] = set()
            for pg in plangroepen:
                if pg.deel != deel:
                    continue
                leden = sorted(
                    (lid.leerling for lid in pg.leden.all()),
                    key=lambda ll: (ll.achternaam, ll.voornaam),
                )
                geplaatst |= {ll.pk for ll in leden}
                zones.append(Zone(pg, leden))
            basis = Zone(
                None,
                [leerlingen[r.leerling_id] for r in gesignaleerd if r.leerling_id not in geplaatst],
            )
            borden.append(
                Bord(
                    deel=deel,
                    label=deel_label(self.plan, deel),
                    basis=basis,
                    zones=zones,
                    suggesties=[
                        (
                            s,
                            [
                                leerlingen[i].volledige_naam
                                for i in s.leerling_ids
                                if i in leerlingen
                            ],
                        )
                        for s in suggesties
                        if s.deel == deel
                    ],
                )
            )
        return {
            "borden": borden,
            "signalen": [Signaal(r, list(r.onderwijsbehoeften.all())) for r in gesignaleerd],
            "waarschuwingen": services.waarschuwingen(self.plan),
            "bewerkbaar": self.rechten.schrijven and self.plan.status in services_plan.BEWERKBAAR,
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
        self.require_schrijven()
        return self.bord()

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_schrijven()
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
                naar = None
                if naar_raw:
                    try:
                        naar = self.plan.plangroepen.filter(pk=int(naar_raw)).first()
                    except ValueError:
                        naar = None
                    if naar is None:
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
        self.require_schrijven()
        ids = list(self.plan.groepsoverzicht.regels.values_list("leerling_id", flat=True))
        form = NieuweGroepForm(request.POST, leerling_ids=ids)
        if not form.is_valid() or form.cleaned_data["deel"] not in delen(self.plan):
            return self.bord(status=400, fouten=[_("Kies het deel en de leerlingen.")])
        deel = form.cleaned_data["deel"]
        soort = form.cleaned_data["soort"]
        naam = form.cleaned_data["naam"].strip()
        if not naam:
            aantal = self.plan.plangroepen.filter(deel=deel, soort=PlangroepSoort.SUBGROEP).count()
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
