"""The IZO aanmelding (bijlage 20) from concept to triage: the prepared page a groepsbespreking
decision (or the pupil's mentor, teamleider or zorgcoördinator directly) opens, submitting it
to the zorgteam, the zorgcoördinator's triage, and the lists of aanmeldingen.

Every page loads the aanmelding through izo_zat.access (404 when not visible, foreign ids
included) and answers 403 for a visible aanmelding with a forbidden action. Writes go through
izo_zat.aanmelding.services; their Dutch messages land on the form fields."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views import View

from zorgroute import permissions as p
from zorgroute.access import access_leerling
from zorgroute.forms import add_service_errors
from zorgroute.models import Leerling, Mentoraat, Plaatsing, Rol
from zorgroute.pdf import render_pdf
from zorgroute.tenancy.context import TenantContext
from zorgroute.versioning import StaleVersion
from zorgroute.views.base import TenantTemplateView, TenantViewMixin
from zorgroute.views.versioned import submit

from ..access import AanmeldingRechten, access_aanmelding, visible_aanmeldingen
from ..traject.models import Traject
from .forms import ONDERSTEUNING, SECTIES, VRAGEN, AanmeldingForm, TriageForm, is_nieuw
from .models import Aanmelding, AanmeldingStatus, Triagebesluit, TriageUitkomst
from .selectors import (
    RECENT_DAGEN,
    Voorinvulling,
    inbox,
    mijn_aanmeldingen,
    voorinvulling,
    wachtdagen,
)
from .services import (
    AANMELDING_VELDEN,
    LOPEND,
    aanmelding_indienen,
    aanmelding_starten,
    aanmelding_update,
    triage_besluiten,
)


def _aanmelding_url(ctx: TenantContext, aanmelding: Aanmelding) -> str:
    return reverse(
        "izo-aanmelding", kwargs={"school": ctx.school.slug, "aanmelding_id": aanmelding.pk}
    )


def _besluiten(aanmelding: Aanmelding) -> list[Triagebesluit]:
    """The triage history. A concept was never triaged: no query."""
    if aanmelding.status == AanmeldingStatus.CONCEPT:
        return []
    return list(
        Triagebesluit.objects.filter(aanmelding=aanmelding)
        .select_related("door")
        .order_by("created_at", "pk")
    )


class AanmeldingPagina(TenantTemplateView):
    """The aanmelding page, shared by showing/saving and submitting."""

    required_permission = p.AANMELDEN_IZO
    template_name = "izo_zat/aanmelding/detail.html"

    def _page(
        self,
        aanmelding: Aanmelding,
        rechten: AanmeldingRechten,
        form: AanmeldingForm,
        *,
        conflict: StaleVersion | None = None,
        gegevens: Voorinvulling | None = None,
        status: int = 200,
        actie: str = "opslaan",
    ) -> HttpResponse:
        gegevens = gegevens or voorinvulling(self.tenant, aanmelding)
        if not rechten.bewerken:
            for veld in form.fields.values():
                veld.disabled = True
        besluiten = _besluiten(aanmelding)
        laatste = besluiten[-1] if besluiten else None
        traject = (
            Traject.objects.filter(aanmelding=aanmelding).first()
            if aanmelding.status == AanmeldingStatus.GEACCEPTEERD
            else None
        )
        context = self.get_context_data(
            aanmelding=aanmelding,
            rechten=rechten,
            form=form,
            gegevens=gegevens,
            secties=[(naam, titel, form.sectie(naam)) for naam, titel, _v in SECTIES],
            ondersteuning=[form[v] for v in ONDERSTEUNING],
            conflict=conflict,
            besluiten=besluiten,
            laatste=laatste,
            traject=traject,
            actie=actie,
            info_gevraagd=aanmelding.status == AanmeldingStatus.INFO_GEVRAAGD,
        )
        return self.render_to_response(context, status=status)

    def _submit(self, *, indienen: bool) -> tuple[Aanmelding, HttpResponse | None]:
        """Save (or save and submit) what the applicant typed; the page again (400, or 409
        with the colleague's version) when that did not work, else None."""
        aanmelding, rechten = access_aanmelding(self.request, self.kwargs["aanmelding_id"])
        if not rechten.bewerken:
            raise PermissionDenied
        service = aanmelding_indienen if indienen else aanmelding_update
        result = submit(
            lambda data: AanmeldingForm(data, instance=Aanmelding(school_id=aanmelding.school_id)),
            self.request.POST,
            lambda form: service(
                aanmelding=aanmelding,
                version=form.cleaned_data["version"],
                velden=form.velden(),
                user=self.tenant.user,
            ),
        )
        if result.saved:
            return aanmelding, None
        page = self._page(
            aanmelding,
            rechten,
            result.form,
            conflict=result.conflict,
            status=result.status,
            actie="indienen" if indienen else "opslaan",
        )
        return aanmelding, page


class AanmeldingView(AanmeldingPagina):
    """Show and complete the prepared aanmelding, and save it as a concept."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        aanmelding, rechten = access_aanmelding(request, kwargs["aanmelding_id"])
        gegevens = voorinvulling(self.tenant, aanmelding)
        initial: dict[str, Any] = {"version": aanmelding.versie}
        if rechten.bewerken and is_nieuw(aanmelding):
            # Offered from the data; nothing is stored until the applicant saves.
            initial.update(gegevens.suggesties)
        form = AanmeldingForm(instance=aanmelding, initial=initial)
        return self._page(aanmelding, rechten, form, gegevens=gegevens)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        aanmelding, page = self._submit(indienen=False)
        if page is not None:
            return page
        if aanmelding.status == AanmeldingStatus.INFO_GEVRAAGD:
            messages.success(
                request,
                "Uw aanvulling is opgeslagen. Dien de aanmelding opnieuw in als ze compleet is.",
            )
        else:
            messages.success(request, "De aanmelding is opgeslagen als concept.")
        return HttpResponseRedirect(_aanmelding_url(self.tenant, aanmelding))


class IndienenView(AanmeldingPagina):
    """Submit the aanmelding (POST from the aanmelding page's form): what the applicant
    typed is saved and submitted in one transaction. Missing answers keep everything as it
    was and show the page again with the fields marked."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.http_method_not_allowed(request, *args, **kwargs)  # 404

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        aanmelding, page = self._submit(indienen=True)
        if page is not None:
            return page
        opnieuw = aanmelding.status == AanmeldingStatus.INFO_GEVRAAGD
        messages.success(
            request,
            "De aanvulling is ingediend; de zorgcoördinator bekijkt de aanmelding opnieuw."
            if opnieuw
            else "De aanmelding is ingediend bij het zorgteam. De zorgcoördinator beoordeelt "
            "haar (triage); u ziet het besluit hier en krijgt een e-mail.",
        )
        return HttpResponseRedirect(_aanmelding_url(self.tenant, aanmelding))


class AanmeldingListView(TenantViewMixin, View):
    """Aanmeldingen: the zorgcoördinator's triage inbox; for everyone else the aanmeldingen
    they may open (their own and their class's). One query for the aanmeldingen, whatever
    their number."""

    required_permission = p.AANMELDEN_IZO

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ctx = self.tenant
        context: dict[str, Any] = {
            "tenant": ctx,
            "school": ctx.school,
            "recent_dagen": RECENT_DAGEN,
        }
        if ctx.has_perm(p.TRIAGE_IZO):
            context["inbox"] = inbox(ctx)
        else:
            context["aanmeldingen"] = mijn_aanmeldingen(ctx)
        return render(request, "izo_zat/aanmelding/list.html", context)


def volgende_izo(vandaag: dt.date | None = None) -> dt.date:
    """The default IZO date: the same weekday next week."""
    return (vandaag or timezone.localdate()) + dt.timedelta(days=7)


NIET_TE_TRIAGEREN = {
    AanmeldingStatus.CONCEPT: "Deze aanmelding is nog niet ingediend; triage kan pas daarna.",
    AanmeldingStatus.INFO_GEVRAAGD: (
        "U heeft de aanmelder om informatie gevraagd. Triage kan weer als de aanmelding "
        "opnieuw is ingediend."
    ),
}


def aanmelding_antwoorden(aanmelding: Aanmelding) -> tuple[list[tuple[Any, str]], list[Any]]:
    """What the applicant wrote, as (question, answer) in the order of bijlage 20, and the
    support asked for."""
    velden = [v for v in AANMELDING_VELDEN if v not in ONDERSTEUNING]
    antwoorden = [
        (VRAGEN.get(v) or AanmeldingForm.base_fields[v].label, getattr(aanmelding, v))
        for v in velden
        if v not in ("ouders_op_de_hoogte", "reden_ouders_niet_op_de_hoogte")
    ]
    ondersteuning = [
        AanmeldingForm.base_fields[v].label for v in ONDERSTEUNING if getattr(aanmelding, v)
    ]
    if aanmelding.ondersteuning_anders:
        ondersteuning.append(f"anders: {aanmelding.ondersteuning_anders}")
    return antwoorden, ondersteuning


class TriageView(TenantViewMixin, View):
    """The zorgcoördinator decides on a submitted aanmelding: accept and schedule, ask the
    applicant for specific information, or send it back with first-line actions."""

    required_permission = p.TRIAGE_IZO
    template = "izo_zat/aanmelding/triage.html"

    def _aanmelding(self) -> Aanmelding:
        aanmelding, rechten = access_aanmelding(self.request, self.kwargs["aanmelding_id"])
        if not rechten.triageren:
            # A visible aanmelding that is not (or no longer) waiting for triage.
            if self.request.method == "POST":
                raise PermissionDenied
            messages.info(
                self.request,
                NIET_TE_TRIAGEREN.get(
                    AanmeldingStatus(aanmelding.status),
                    "Over deze aanmelding is al besloten.",
                ),
            )
            raise _Doorsturen(_aanmelding_url(self.tenant, aanmelding))
        return aanmelding

    def _page(self, aanmelding: Aanmelding, form: TriageForm, status: int = 200) -> HttpResponse:
        antwoorden, ondersteuning = aanmelding_antwoorden(aanmelding)
        return render(
            self.request,
            self.template,
            {
                "tenant": self.tenant,
                "school": self.tenant.school,
                "aanmelding": aanmelding,
                "form": form,
                "antwoorden": antwoorden,
                "ondersteuning": ondersteuning,
                "besluiten": _besluiten(aanmelding),
                "wachtdagen": wachtdagen(aanmelding),
            },
            status=status,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            aanmelding = self._aanmelding()
        except _Doorsturen as doorsturen:
            return HttpResponseRedirect(doorsturen.url)
        return self._page(aanmelding, TriageForm(initial={"izo_datum": volgende_izo()}))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        aanmelding = self._aanmelding()
        form = TriageForm(request.POST)
        if not form.is_valid():
            return self._page(aanmelding, form, status=400)
        data = form.cleaned_data
        try:
            besluit = triage_besluiten(
                aanmelding=aanmelding,
                uitkomst=data["uitkomst"],
                reden=data["reden"],
                gevraagde_informatie=data["gevraagde_informatie"],
                eerstelijns_acties=data["eerstelijns_acties"],
                izo_datum=data["izo_datum"],
                user=self.tenant.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self._page(aanmelding, form, status=400)
        naam = aanmelding.leerling.volledige_naam
        if besluit.uitkomst == TriageUitkomst.ACCEPTEREN and besluit.izo_datum:
            melding = (
                f"De aanmelding van {naam} is geaccepteerd en ingepland in het IZO van "
                f"{besluit.izo_datum:%d-%m-%Y}; het traject is geopend."
            )
        elif besluit.uitkomst == TriageUitkomst.INFO_VRAGEN:
            melding = (
                f"De aanmelder van {naam} heeft de vraag om aanvullende informatie als taak "
                "gekregen."
            )
        else:
            melding = f"De aanmelding van {naam} is teruggestuurd met de eerstelijnsacties."
        messages.success(request, f"{melding} De aanmelder krijgt een e-mail.")
        return HttpResponseRedirect(
            reverse("izo-aanmelding-list", kwargs={"school": self.tenant.school.slug})
        )


class _Doorsturen(Exception):
    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


def mag_starten(ctx: TenantContext, leerling: Leerling) -> bool:
    """The zorgcoördinator for every pupil; a teamleider for pupils of their afdeling; a
    docent only as mentor of the pupil's class today."""
    if ctx.has_perm(p.TRIAGE_IZO):
        return True
    klassen = list(
        Plaatsing.objects.active()
        .filter(leerling=leerling)
        .values_list("groep_id", "groep__afdeling_id")
    )
    if ctx.has_role(Rol.TEAMLEIDER) and any(a in ctx.afdeling_ids for _g, a in klassen):
        return True
    groep_ids = [g for g, _a in klassen]
    if not groep_ids:
        return False
    return Mentoraat.objects.filter(groep_id__in=groep_ids, gebruiker_id=ctx.user.pk).exists()


class AanmeldingStartView(TenantViewMixin, View):
    """Start an aanmelding for the pupil directly (without a groepsbespreking decision). One
    aanmelding under way per pupil: starting again opens that one."""

    required_permission = p.AANMELDEN_IZO

    def _leerling(self) -> Leerling:
        leerling = access_leerling(self.request, self.kwargs["leerling_uuid"])
        if not mag_starten(self.tenant, leerling):
            raise PermissionDenied
        return leerling

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        leerling = self._leerling()
        bestaand = (
            visible_aanmeldingen(self.tenant)
            .filter(leerling=leerling, status__in=LOPEND)
            .select_related("aanmelder")
            .first()
        )
        return render(
            request,
            "izo_zat/aanmelding/start.html",
            {
                "tenant": self.tenant,
                "school": self.tenant.school,
                "leerling": leerling,
                "bestaand": bestaand,
            },
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        leerling = self._leerling()
        ctx = self.tenant
        leerling_url = reverse(
            "leerling-detail", kwargs={"school": ctx.school.slug, "leerling_uuid": leerling.uuid}
        )
        al_bezig = Aanmelding.objects.filter(leerling=leerling, status__in=LOPEND).exists()
        try:
            aanmelding = aanmelding_starten(leerling=leerling, aanmelder=ctx.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(leerling_url)
        if not visible_aanmeldingen(ctx).filter(pk=aanmelding.pk).exists():
            # Someone else's aanmelding (e.g. the mentor's) is under way.
            messages.info(
                request,
                f"Voor {leerling.volledige_naam} loopt al een IZO-aanmelding "
                f"({aanmelding.get_status_display().lower()}). Overleg met de mentor of de "
                "zorgcoördinator.",
            )
            return HttpResponseRedirect(leerling_url)
        if al_bezig:
            messages.info(
                request,
                f"Voor {leerling.volledige_naam} loopt al een IZO-aanmelding; u ziet die hier.",
            )
        else:
            messages.success(
                request,
                f"De IZO-aanmelding voor {leerling.volledige_naam} is gestart als concept.",
            )
        return HttpResponseRedirect(_aanmelding_url(ctx, aanmelding))


class AanmeldingPdfView(TenantViewMixin, View):
    """The aanmelding as PDF (bijlage 20): the facts from the data and what the applicant
    wrote, with the triage history."""

    required_permission = p.AANMELDEN_IZO

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        aanmelding, _rechten = access_aanmelding(request, kwargs["aanmelding_id"])
        antwoorden, ondersteuning = aanmelding_antwoorden(aanmelding)
        context = {
            "aanmelding": aanmelding,
            "gegevens": voorinvulling(self.tenant, aanmelding),
            "antwoorden": antwoorden,
            "ondersteuning": ondersteuning,
            "besluiten": _besluiten(aanmelding),
        }
        pdf = render_pdf(
            "izo_zat/pdf/aanmelding.html",
            context,
            leerlingen=[aanmelding.leerling_id],
            request=request,
        )
        naam = slugify(f"izo-aanmelding-{aanmelding.leerling.volledige_naam}") or "izo-aanmelding"
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="{naam}-{aanmelding.created_at:%Y-%m-%d}.pdf"'
        )
        return response
