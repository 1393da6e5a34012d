"""Pages of the jaarplanning, the to-do list and the PDF bundle. Thin: forms validate,
services write, selectors (planning.taken) read."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from zorgroute import permissions as p
from zorgroute.background import start_job
from zorgroute.models import Schooljaar
from zorgroute.versioning import StaleVersion
from zorgroute.views.base import TenantViewMixin
from zorgroute.views.versioned import submit

from . import selectors, services
from .access import access_periode, access_schooljaar
from .bundels import SOORT as BUNDEL
from .forms import BundelForm, CyclusplanningForm, InstellingForm, KopieerForm, VoorkeurForm
from .models import STAPPEN
from .taken import BINNENKORT, TE_LAAT


def _schooljaar(request: HttpRequest) -> Schooljaar | None:
    return selectors.gekozen_schooljaar(request.GET.get("schooljaar", ""))


class JaarplanningView(TenantViewMixin, View):
    """The cycles of a schooljaar with their deadlines; editable for the schoolleider and
    the zorgcoördinator, readable for every colleague."""

    required_permission = p.VIEW_GROEP

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_page(request, _schooljaar(request))

    def render_page(
        self,
        request: HttpRequest,
        schooljaar: Schooljaar | None,
        *,
        formulieren: dict[int, CyclusplanningForm] | None = None,
        instelling_form: InstellingForm | None = None,
        kopieer_form: KopieerForm | None = None,
        conflicts: dict[int, StaleVersion] | None = None,
        instelling_conflict: StaleVersion | None = None,
        status: int = 200,
    ) -> HttpResponse:
        ctx = self.tenant
        mag = ctx.has_perm(p.MANAGE_JAARPLANNING)
        cycli = selectors.cycli(schooljaar)
        formulieren, conflicts = formulieren or {}, conflicts or {}
        for c in cycli:
            c.form = formulieren.get(c.periode.pk) or CyclusplanningForm(
                initial=c.initial(), prefix=f"p{c.periode.pk}"
            )
            c.conflict = conflicts.get(c.periode.pk)
        inst = services.instelling(ctx.school)
        periodes = [c.periode for c in cycli]
        context = {
            "tenant": ctx,
            "school": ctx.school,
            "schooljaar": schooljaar,
            "schooljaren": selectors.schooljaren(),
            "cycli": cycli,
            "stappen": STAPPEN,
            "mag_bewerken": mag,
            "instelling": inst,
            "instelling_form": instelling_form
            or InstellingForm(
                initial={
                    "version": inst.versie if inst.pk else 0,
                    "herinnering_dagen": inst.herinnering_dagen,
                    "escalatie_dagen": inst.escalatie_dagen,
                }
            ),
            "kopieer_form": kopieer_form
            or (KopieerForm(doel=schooljaar) if schooljaar and not periodes else None),
            "instelling_conflict": instelling_conflict,
            "pagina_url": _jaarplanning_url(request, schooljaar),
            "bundel_form": BundelForm(initial={"periode": periodes[0].pk if periodes else None})
            if ctx.has_perm(p.VIEW_GROEPSOVERZICHT) and periodes
            else None,
        }
        return render(request, "planning/jaarplanning.html", context, status=status)


class CyclusplanningView(JaarplanningView):
    """POST: save the deadlines of one cycle."""

    required_permission = p.MANAGE_JAARPLANNING

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        periode = access_periode(kwargs["periode_id"])
        submission = submit(
            lambda data: CyclusplanningForm(data, prefix=f"p{periode.pk}"),
            request.POST,
            lambda form: services.cyclusplanning_update(
                periode=periode,
                # An empty version: there was no planning when the user saw the page.
                version=form.cleaned_data["version"] or 0,
                waarden=form.waarden(),
                user=self.tenant.user,
            ),
        )
        if submission.saved:
            messages.success(request, f"De planning van {periode.naam} is opgeslagen.")
            return _terug(request, periode.schooljaar, anker=f"cyclus-{periode.pk}")
        return self.render_page(
            request,
            periode.schooljaar,
            formulieren={periode.pk: submission.form},
            conflicts={periode.pk: submission.conflict} if submission.conflict else None,
            status=submission.status,
        )


def _jaarplanning_url(request: HttpRequest, schooljaar: Schooljaar | None) -> str:
    url = reverse("jaarplanning", kwargs={"school": request.tenant.school.slug})  # type: ignore[attr-defined]
    return url + (f"?schooljaar={schooljaar.pk}" if schooljaar is not None else "")


def _terug(request: HttpRequest, schooljaar: Schooljaar | None, *, anker: str = "") -> HttpResponse:
    url = _jaarplanning_url(request, schooljaar)
    return HttpResponseRedirect(url + (f"#{anker}" if anker else ""))


class InstellingenView(JaarplanningView):
    required_permission = p.MANAGE_JAARPLANNING

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        schooljaar = _schooljaar(request)
        submission = submit(
            InstellingForm,
            request.POST,
            lambda form: services.instelling_update(
                school=self.tenant.school,
                version=form.cleaned_data["version"] or 0,
                herinnering_dagen=form.cleaned_data["herinnering_dagen"],
                escalatie_dagen=form.cleaned_data["escalatie_dagen"],
                user=self.tenant.user,
            ),
        )
        if submission.saved:
            messages.success(request, "De instellingen voor herinneringen zijn opgeslagen.")
            return _terug(request, schooljaar, anker="herinneringen")
        return self.render_page(
            request,
            schooljaar,
            instelling_form=submission.form,
            instelling_conflict=submission.conflict,
            status=submission.status,
        )


class KopierenView(JaarplanningView):
    """POST: copy last year's cycles and deadlines into a schooljaar without cycles."""

    required_permission = p.MANAGE_JAARPLANNING

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        doel = access_schooljaar(kwargs["schooljaar_id"])
        form = KopieerForm(request.POST, doel=doel)
        if form.is_valid():
            try:
                kopie = services.jaarplanning_kopieren(bron=form.cleaned_data["bron"], doel=doel)
            except ValidationError as exc:
                form.add_error(None, exc.messages)
                return self.render_page(request, doel, kopieer_form=form, status=400)
            messages.success(
                request,
                f"{kopie.periodes} cycli en {kopie.planningen} planningen gekopieerd naar "
                f"{doel.naam}. Controleer de data: ze zijn in hele weken verschoven.",
            )
            return _terug(request, doel)
        return self.render_page(request, doel, kopieer_form=form, status=400)


class BundelView(TenantViewMixin, View):
    """POST: start the PDF bundle of a cycle (one class or every class the user may open);
    the user follows it on the downloads page."""

    required_permission = p.VIEW_GROEPSOVERZICHT

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = BundelForm(request.POST)
        if not form.is_valid():
            fouten = "; ".join(str(e) for errs in form.errors.values() for e in errs)
            messages.error(request, f"De bundel is niet gestart: {fouten}")
            return HttpResponseRedirect(self.terug(request))
        periode = form.cleaned_data["periode"]
        groep = form.cleaned_data["groep"]
        titel = (
            f"{groep.naam if groep else 'alle groepen'} – {periode.naam} {periode.schooljaar.naam}"
        )
        taak = start_job(
            ctx=self.tenant,
            soort_naam=BUNDEL,
            titel=f"PDF-bundel {titel}",
            parameters={
                "periode_id": periode.pk,
                "groep_id": groep.pk if groep else None,
                "vorm": form.cleaned_data["vorm"],
            },
        )
        return HttpResponseRedirect(
            reverse(
                "download-detail",
                kwargs={"school": self.tenant.school.slug, "taak_uuid": taak.uuid},
            )
        )

    def terug(self, request: HttpRequest) -> str:
        """`terug` when it is a path on this site (never another host: no open redirect);
        else the jaarplanning."""
        terug = request.POST.get("terug", "")
        if terug and url_has_allowed_host_and_scheme(
            terug, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return terug
        return reverse("jaarplanning", kwargs={"school": self.tenant.school.slug})


class TakenView(TenantViewMixin, View):
    """My to-do list: everything I have to do in the care route, late first. Staff only (a
    ZAT-lid's work is in the ZAT case)."""

    required_permission = p.VIEW_GROEP

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ctx = self.tenant
        vandaag = timezone.localdate()
        inst = services.instelling(ctx.school)
        taken = selectors.mijn_taken(ctx, vandaag)
        rijen = [{"taak": t, "status": t.status(vandaag, inst.herinnering_dagen)} for t in taken]
        return render(
            request,
            "planning/taken.html",
            {
                "tenant": ctx,
                "school": ctx.school,
                "rijen": rijen,
                "te_laat": sum(1 for r in rijen if r["status"] == TE_LAAT),
                "binnenkort": sum(1 for r in rijen if r["status"] == BINNENKORT),
                "vandaag": vandaag,
                "weekoverzicht": services.wil_weekoverzicht(ctx.school, ctx.user),
            },
        )


class VoorkeurView(TenantViewMixin, View):
    """The weekly digest on or off (also the link at the bottom of every digest)."""

    required_permission = p.VIEW_GROEP

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ctx = self.tenant
        form = VoorkeurForm(
            initial={"weekoverzicht": services.wil_weekoverzicht(ctx.school, ctx.user)}
        )
        return render(
            request, "planning/voorkeur.html", {"tenant": ctx, "school": ctx.school, "form": form}
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ctx = self.tenant
        form = VoorkeurForm(request.POST)
        form.is_valid()  # a checkbox: always valid
        aan = bool(form.cleaned_data.get("weekoverzicht"))
        services.voorkeur_update(school=ctx.school, gebruiker=ctx.user, weekoverzicht=aan)
        messages.success(
            request,
            "Je krijgt elke maandag je weekoverzicht."
            if aan
            else "Je krijgt geen weekoverzicht meer.",
        )
        return HttpResponseRedirect(reverse("taken", kwargs={"school": ctx.school.slug}))
