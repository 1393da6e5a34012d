"""Plan and prepare besprekingen: list, plan/change, the preparation page (agenda pre-filled
from the data, checklist bijlage 17, questions from teachers).

Every page loads the meeting through besprekingen.access (404 when not visible, foreign ids
included) and answers 403 for a visible meeting with a forbidden action. Writes go through
the services; their Dutch messages land on the form field they are about."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from besprekingen import agenda
from besprekingen.access import (
    Rechten,
    access_bespreking,
    access_bespreking_update,
    access_overzicht_plannen,
)
from besprekingen.models import Bespreking
from besprekingen.selectors import leerlingen_van
from groepsoverzicht.models import Cyclus, Groepsoverzicht
from zorgroute import permissions as p
from zorgroute.access import tenant_of
from zorgroute.forms import add_service_errors
from zorgroute.models import Gebruiker
from zorgroute.versioning import FieldConflict, StaleVersion
from zorgroute.views.base import TenantViewMixin
from zorgroute.views.versioned import submit

from . import selectors, services
from .forms import BesprekingForm, InbrengForm, keuzes


def _url(request: HttpRequest, name: str, **kwargs: Any) -> str:
    return reverse(name, kwargs={"school": tenant_of(request).school.slug, **kwargs})


def _overzicht_param(request: HttpRequest) -> int | None:
    raw = request.GET.get("overzicht") or request.POST.get("overzicht")
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise Http404 from None


# --- List ---------------------------------------------------------------------------------------


class BesprekingListView(TenantViewMixin, View):
    """All meetings the user may see: coming and ongoing, closed, and bilateral overleggen
    (their own section: they are records, closed when saved). One query for the meetings,
    whatever their number. `?overzicht=<id>` narrows the list to one overview."""

    required_permission = p.VIEW_BESPREKING

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        overzicht_id = _overzicht_param(request)
        lijst = selectors.besprekingenlijst(self.tenant, overzicht_id)
        return render(
            request,
            "besprekingen/plannen/list.html",
            {
                "tenant": self.tenant,
                "school": self.tenant.school,
                "komend": lijst.komend,
                "afgesloten": lijst.afgesloten,
                "bilateraal": lijst.bilateraal,
                "gefilterd": overzicht_id is not None,
                "mag_plannen": self.tenant.has_perm(p.MANAGE_BESPREKING),
            },
        )


# --- Plan and change ----------------------------------------------------------------------------


class BesprekingCreateView(TenantViewMixin, View):
    """Plan a groeps- or vakspecifieke bespreking for an overview (?overzicht=<id>). Without an
    overview: the overviews this user may plan a meeting for."""

    required_permission = p.MANAGE_BESPREKING
    template = "besprekingen/plannen/form.html"

    def overzicht(self, request: HttpRequest) -> Groepsoverzicht | None:
        overzicht_id = _overzicht_param(request)
        if overzicht_id is None:
            return None
        return access_overzicht_plannen(request, overzicht_id)

    def render_form(
        self,
        overzicht: Groepsoverzicht | None,
        form: BesprekingForm | None,
        status: int = 200,
    ) -> HttpResponse:
        context: dict[str, Any] = {
            "tenant": self.tenant,
            "school": self.tenant.school,
            "overzicht": overzicht,
            "form": form,
            "nieuw": True,
        }
        if overzicht is None:
            kandidaten = selectors.te_plannen(self.tenant)
            context["kandidaten_a"] = [o for o in kandidaten if o.cyclus == Cyclus.A]
            context["kandidaten_b"] = [o for o in kandidaten if o.cyclus == Cyclus.B]
        else:
            context["gepland"] = selectors.gepland_voor(self.tenant, overzicht)
        return render(self.request, self.template, context, status=status)

    def _form(self, overzicht: Groepsoverzicht, data: Any = None) -> BesprekingForm:
        k = keuzes(overzicht)
        initial: dict[str, Any] = {}
        if data is None:
            user_id = self.tenant.user.pk
            mag_voorzitten = (
                user_id in k.mentoren or user_id in k.teamleiders or overzicht.cyclus == Cyclus.B
            )
            voorzitter = user_id if mag_voorzitten else (k.mentoren[0] if k.mentoren else None)
            initial = {"voorzitter": voorzitter, "deelnemers": list(k.standaard)}
        return BesprekingForm(
            data, keuzes=k, cyclus=overzicht.cyclus, met_vorm=True, initial=initial
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        overzicht = self.overzicht(request)
        return self.render_form(overzicht, self._form(overzicht) if overzicht else None)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        overzicht = self.overzicht(request)
        if overzicht is None:
            # No overview chosen: the choice again, with what is missing.
            messages.error(request, _("Kies eerst het groepsoverzicht dat besproken wordt."))
            return self.render_form(None, None, status=400)
        form = self._form(overzicht, request.POST)
        if not form.is_valid():
            return self.render_form(overzicht, form, status=400)
        try:
            bespreking = services.bespreking_plannen(
                overzicht=overzicht,
                datum=form.cleaned_data["datum"],
                tijd=form.cleaned_data["tijd"],
                voorzitter=form.cleaned_data["voorzitter"],
                deelnemer_ids=form.deelnemer_ids,
                zorgteam_ids=form.zorgteam_ids,
                vorm=form.cleaned_data.get("vorm") or "",
                user=self.tenant.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.render_form(overzicht, form, status=400)
        messages.success(
            request,
            _("De %(soort)s is gepland. De deelnemers zien de bespreking op hun startpagina.")
            % {"soort": bespreking.get_soort_display().split(" (")[0].lower()},
        )
        return HttpResponseRedirect(_url(request, "bespreking-detail", bespreking_id=bespreking.pk))


def _conflict_rows(conflict: StaleVersion, form: BesprekingForm) -> list[FieldConflict]:
    """Date, time and chair as the colleague saved them next to the user's input."""
    current = conflict.current
    if not isinstance(current, Bespreking):
        return []
    data = getattr(form, "cleaned_data", {})
    voorzitter = data.get("voorzitter")

    def datum(d: Any) -> str:
        return f"{d:%d-%m-%Y}" if d else "–"

    def tijd(t: Any) -> str:
        return f"{t:%H:%M}" if t else "–"

    return [
        FieldConflict("datum", _("Datum"), datum(current.datum), datum(data.get("datum"))),
        FieldConflict("tijd", _("Tijd"), tijd(current.tijd), tijd(data.get("tijd"))),
        FieldConflict(
            "voorzitter",
            _("Voorzitter"),
            current.voorzitter.volledige_naam,
            voorzitter.volledige_naam if isinstance(voorzitter, Gebruiker) else "–",
        ),
    ]


class BesprekingUpdateView(TenantViewMixin, View):
    """Change date, time, chair and attendees of a meeting that is not closed."""

    required_permission = p.MANAGE_BESPREKING
    template = "besprekingen/plannen/form.html"

    def _form(self, bespreking: Bespreking, data: Any = None) -> BesprekingForm:
        overzicht = bespreking.groepsoverzicht
        assert overzicht is not None
        huidig = selectors.uitnodigingen(bespreking)
        k = keuzes(overzicht, [g for g, zorgteam in huidig if not zorgteam])
        gewoon = [g for g, zorgteam in huidig if not zorgteam]
        initial = {
            "datum": bespreking.datum,
            "tijd": bespreking.tijd,
            "voorzitter": bespreking.voorzitter_id,
            "deelnemers": [g for g in gewoon if g in k.standaard],
            "zorgteam": [g for g, zorgteam in huidig if zorgteam],
            "andere": [g for g in gewoon if g not in k.standaard],
            "version": bespreking.versie,
        }
        return BesprekingForm(
            data, keuzes=k, cyclus=overzicht.cyclus, versioned=True, initial=initial
        )

    def render_form(
        self,
        bespreking: Bespreking,
        form: BesprekingForm,
        *,
        status: int = 200,
        conflict: StaleVersion | None = None,
    ) -> HttpResponse:
        return render(
            self.request,
            self.template,
            {
                "tenant": self.tenant,
                "school": self.tenant.school,
                "bespreking": bespreking,
                "overzicht": bespreking.groepsoverzicht,
                "form": form,
                "nieuw": False,
                "conflict": conflict,
            },
            status=status,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        bespreking = access_bespreking_update(request, kwargs["bespreking_id"])
        return self.render_form(bespreking, self._form(bespreking))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        bespreking = access_bespreking_update(request, kwargs["bespreking_id"])

        def save(form: BesprekingForm) -> Bespreking:
            return services.bespreking_update(
                bespreking=bespreking,
                version=form.cleaned_data.get("version"),
                datum=form.cleaned_data["datum"],
                tijd=form.cleaned_data["tijd"],
                voorzitter=form.cleaned_data["voorzitter"],
                deelnemer_ids=form.deelnemer_ids,
                zorgteam_ids=form.zorgteam_ids,
                user=self.tenant.user,
            )

        submission = submit(lambda data: self._form(bespreking, data), request.POST, save)
        if not submission.saved:
            if submission.conflict is not None:
                submission.conflict.conflicts = _conflict_rows(submission.conflict, submission.form)
            return self.render_form(
                bespreking,
                submission.form,
                status=submission.status,
                conflict=submission.conflict,
            )
        messages.success(request, _("De bespreking is gewijzigd."))
        return HttpResponseRedirect(_url(request, "bespreking-detail", bespreking_id=bespreking.pk))


# --- The preparation page -----------------------------------------------------------------------


def detail_response(
    request: HttpRequest,
    bespreking: Bespreking,
    rechten: Rechten,
    *,
    inbreng_form: InbrengForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The preparation page (selectors.voorbereidingspagina)."""
    ctx = tenant_of(request)
    pagina = selectors.voorbereidingspagina(ctx, bespreking)
    v = pagina.v
    if inbreng_form is None and rechten.inbrengen:
        inbreng_form = InbrengForm(soort=bespreking.soort, leerlingen=v.leerlingen)
    return render(
        request,
        "besprekingen/plannen/detail.html",
        {
            "tenant": ctx,
            "school": ctx.school,
            "bespreking": bespreking,
            "rechten": rechten,
            "v": v,
            "agenda": pagina.agenda,
            "clustervoorstellen": pagina.clustervoorstellen,
            "zichtbaar": pagina.zichtbaar,
            "inbreng_form": inbreng_form,
            "deelnemers": v.verslag.deelnemers,
            "zorgteam_aanwezig": any(d.zorgteam for d in v.verslag.deelnemers),
        },
        status=status,
    )


class BesprekingDetailView(TenantViewMixin, View):
    """The preparation page: attendees, agenda pre-filled from the data, checklist, questions."""

    required_permission = p.VIEW_BESPREKING

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        bespreking, rechten = access_bespreking(request, kwargs["bespreking_id"])
        return detail_response(request, bespreking, rechten)


class InbrengCreateView(TenantViewMixin, View):
    """A teacher submits a question or discussion point beforehand (POST only)."""

    required_permission = p.VIEW_BESPREKING

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        bespreking, rechten = access_bespreking(request, kwargs["bespreking_id"], recht="inbrengen")
        leerlingen = leerlingen_van(bespreking)
        form = InbrengForm(request.POST, soort=bespreking.soort, leerlingen=leerlingen)
        if form.is_valid():
            try:
                services.inbreng_create(
                    bespreking=bespreking,
                    auteur=self.tenant.user,
                    punt=form.cleaned_data["punt"],
                    tekst=form.cleaned_data["tekst"],
                    leerling_id=form.cleaned_data.get("leerling"),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Je inbreng staat op de agenda bij “%(punt)s”.")
                    % {"punt": agenda.titel(bespreking.soort, form.cleaned_data["punt"])},
                )
                url = _url(request, "bespreking-detail", bespreking_id=bespreking.pk)
                return HttpResponseRedirect(f"{url}#punt-{form.cleaned_data['punt']}")
        return detail_response(request, bespreking, rechten, inbreng_form=form, status=400)
