"""Trajecten (one per pupil) and the shortened route.

Every page loads its object through izo_zat.access (404 when not visible, foreign ids
included; 403 only for a visible object with a forbidden action). The helpers of
izo_zat.access that open a pupil's traject log the read."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.views import View

from zorgroute import permissions as p
from zorgroute.access import access_leerling, tenant_of
from zorgroute.forms import add_service_errors
from zorgroute.models import Leerling, Plaatsing
from zorgroute.versioning import StaleVersion
from zorgroute.views.base import TenantViewMixin
from zorgroute.views.versioned import submit

from .. import zorgniveaus
from ..access import (
    TrajectRechten,
    access_traject,
    toestemming_leerlingen,
    visible_aanmeldingen,
    visible_izo_verslagen,
    visible_trajecten,
    visible_zatcasussen,
)
from ..overleg.selectors import verslagen_van_traject
from ..pages import page_context, school_url
from ..toestemming.selectors import geldige_toestemmingen_per_doel
from .forms import AfsluitenForm, TrajectForm, TrajectVerkortForm
from .models import Traject, TrajectStatus
from .selectors import geschiedenis, izo_melding, trajecten_lijst
from .services import traject_afsluiten, traject_update, traject_verkort_openen

AL_EEN_TRAJECT = "Deze leerling heeft al een lopend traject."


class TrajectListView(TenantViewMixin, View):
    """Trajecten the user may see: lopend first (by IZO date), then afgesloten (newest first).
    One query, whatever their number."""

    required_permission = p.VIEW_TRAJECT

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        lopend, afgesloten = trajecten_lijst(self.tenant)
        return render(
            request,
            "izo_zat/traject/list.html",
            page_context(request, lopend=lopend, afgesloten=afgesloten),
        )


def _detail(
    request: HttpRequest,
    traject: Traject,
    rechten: TrajectRechten,
    *,
    form: TrajectForm | None = None,
    conflict: StaleVersion | None = None,
    status: int = 200,
) -> HttpResponse:
    ctx = tenant_of(request)
    school_type = ctx.school.type
    leerling = traject.leerling
    kan_wijzigen = rechten.bewerken and traject.status == TrajectStatus.OPEN
    if kan_wijzigen and form is None:
        form = TrajectForm(
            school_type=school_type,
            initial={
                "version": traject.versie,
                "zorgniveau": traject.zorgniveau,
                "izo_datum": traject.izo_datum,
            },
        )
    aanmelding_zichtbaar = (
        traject.aanmelding_id is not None
        and visible_aanmeldingen(ctx).filter(pk=traject.aanmelding_id).exists()
    )
    klas = (
        Plaatsing.objects.active()
        .filter(leerling=leerling)
        .order_by("-startdatum")
        .values_list("groep__naam", flat=True)
        .first()
    )
    return render(
        request,
        "izo_zat/traject/detail.html",
        page_context(
            request,
            izo_verslagen=verslagen_van_traject(traject, visible_izo_verslagen(ctx)),
            zatcasussen=list(
                visible_zatcasussen(ctx).filter(traject=traject).order_by("-created_at", "-pk")
            ),
            adviezen=list(
                traject.handelingsadviezen.select_related(
                    "izo_verslag__overleg", "zat_verslag__overleg", "beoordeeld_door"
                ).order_by("-created_at", "-pk")
            ),
            traject=traject,
            leerling=leerling,
            klas=klas,
            rechten=rechten,
            niveau=zorgniveaus.label(school_type, traject.zorgniveau),
            melding=izo_melding(traject, timezone.localdate()),
            aanmelding_zichtbaar=aanmelding_zichtbaar,
            geschiedenis=geschiedenis(traject, school_type),
            toestemmingen=geldige_toestemmingen_per_doel(leerling),
            houdt_register_bij=toestemming_leerlingen(ctx).filter(pk=leerling.pk).exists(),
            form=form if kan_wijzigen else None,
            conflict=conflict,
        ),
        status=status,
    )


class TrajectDetailView(TenantViewMixin, View):
    """One traject: pupil, route, level, IZO date, status, history and consent summary."""

    required_permission = p.VIEW_TRAJECT

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        traject, rechten = access_traject(request, kwargs["traject_id"])
        return _detail(request, traject, rechten)


class TrajectUpdateView(TenantViewMixin, View):
    """Care level and IZO date (POST from the traject page; optimistic version, 409 on a
    stale one)."""

    required_permission = p.TRIAGE_IZO

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # The traject page with its form (what a browser shows after a failed save, too).
        traject, rechten = access_traject(request, kwargs["traject_id"])
        return _detail(request, traject, rechten)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        traject, rechten = access_traject(request, kwargs["traject_id"])
        if not rechten.bewerken:
            raise PermissionDenied
        school_type = self.tenant.school.type
        result = submit(
            lambda data: TrajectForm(data, school_type=school_type),
            request.POST,
            lambda form: traject_update(
                traject=traject,
                version=form.cleaned_data["version"],
                zorgniveau=form.cleaned_data["zorgniveau"],
                izo_datum=form.cleaned_data["izo_datum"],
                user=self.tenant.user,
            ),
        )
        if not result.saved:
            return _detail(
                request,
                traject,
                rechten,
                form=result.form,
                conflict=result.conflict,
                status=result.status,
            )
        messages.success(request, "Het traject is bijgewerkt.")
        return HttpResponseRedirect(
            school_url(request, "izo-traject-detail", traject_id=traject.pk)
        )


class TrajectAfsluitenView(TenantViewMixin, View):
    """Close a traject with a reason: GET asks for the reason (also without JavaScript),
    POST closes it."""

    required_permission = p.TRIAGE_IZO

    def _page(
        self,
        traject: Traject,
        form: AfsluitenForm,
        *,
        conflict: StaleVersion | None = None,
        status: int = 200,
    ) -> HttpResponse:
        return render(
            self.request,
            "izo_zat/traject/afsluiten.html",
            page_context(
                self.request,
                traject=traject,
                form=form,
                conflict=conflict,
                niveau=zorgniveaus.label(self.tenant.school.type, traject.zorgniveau),
            ),
            status=status,
        )

    def _traject(self, request: HttpRequest, traject_id: int) -> Traject:
        traject, rechten = access_traject(request, traject_id)
        if not rechten.bewerken:
            raise PermissionDenied
        return traject

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        traject = self._traject(request, kwargs["traject_id"])
        if traject.status != TrajectStatus.OPEN:
            messages.info(request, "Dit traject is al afgesloten.")
            return HttpResponseRedirect(
                school_url(request, "izo-traject-detail", traject_id=traject.pk)
            )
        return self._page(traject, AfsluitenForm(initial={"version": traject.versie}))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        traject = self._traject(request, kwargs["traject_id"])
        result = submit(
            AfsluitenForm,
            request.POST,
            lambda form: traject_afsluiten(
                traject=traject,
                version=form.cleaned_data["version"],
                reden=form.cleaned_data["afsluitreden"],
                user=self.tenant.user,
            ),
        )
        if not result.saved:
            return self._page(traject, result.form, conflict=result.conflict, status=result.status)
        messages.success(request, "Het traject is afgesloten.")
        return HttpResponseRedirect(
            school_url(request, "izo-traject-detail", traject_id=traject.pk)
        )


class TrajectVerkortView(TenantViewMixin, View):
    """The shortened route: a zorgteam member starts a traject directly and reports it in
    the next IZO. One open traject per pupil: a second one is refused."""

    required_permission = p.TRIAGE_IZO

    def _page(
        self, leerling: Leerling, form: TrajectVerkortForm, *, status: int = 200
    ) -> HttpResponse:
        bestaand = (
            visible_trajecten(self.tenant)
            .filter(leerling=leerling, status=TrajectStatus.OPEN)
            .first()
        )
        return render(
            self.request,
            "izo_zat/traject/verkort.html",
            page_context(self.request, leerling=leerling, form=form, bestaand=bestaand),
            status=status,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        leerling = access_leerling(request, kwargs["leerling_uuid"])
        return self._page(leerling, TrajectVerkortForm(school_type=self.tenant.school.type))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        leerling = access_leerling(request, kwargs["leerling_uuid"])
        form = TrajectVerkortForm(request.POST, school_type=self.tenant.school.type)
        if not form.is_valid():
            return self._page(leerling, form, status=400)
        try:
            with transaction.atomic():
                traject = traject_verkort_openen(
                    leerling=leerling,
                    reden=form.cleaned_data["reden"],
                    zorgniveau=form.cleaned_data["zorgniveau"],
                    izo_datum=form.cleaned_data["izo_datum"],
                    user=self.tenant.user,
                )
        except ValidationError as error:
            add_service_errors(form, error)
            return self._page(leerling, form, status=400)
        except IntegrityError:
            # Someone opened one at the same moment; the database refuses the second.
            form.add_error(None, AL_EEN_TRAJECT)
            return self._page(leerling, form, status=400)
        messages.success(request, "Het traject is gestart. Meld het in het eerstvolgende IZO.")
        return HttpResponseRedirect(
            school_url(request, "izo-traject-detail", traject_id=traject.pk)
        )
