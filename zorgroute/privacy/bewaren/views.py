"""The retention pages: terms, dry-run report, legal holds and the record of runs."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from ... import permissions as p
from ...views.base import TenantViewMixin
from ...views.versioned import submit
from . import selectors, services
from .access import access_blokkade
from .dataklassen import DATAKLASSE_LABELS
from .forms import BewaarblokkadeForm, BewaartermijnenForm


def _url(request: HttpRequest, name: str) -> str:
    return reverse(name, kwargs={"school": request.tenant.school.slug})  # type: ignore[attr-defined]


def _context(view: TenantViewMixin, **extra: Any) -> dict[str, Any]:
    return {"tenant": view.tenant, "school": view.tenant.school, **extra}


class BewarenView(TenantViewMixin, View):
    """The school's terms (form for who may change them), active holds and recent runs."""

    required_permission = p.VIEW_BEWAREN

    def page(
        self, form: BewaartermijnenForm | None = None, *, status: int = 200, **extra: Any
    ) -> HttpResponse:
        ctx = self.tenant
        beleid = selectors.bewaarbeleid(ctx.school)
        if form is None:
            form = BewaartermijnenForm(
                initial={
                    "version": beleid.versie,
                    "zorgdossier_jaren": beleid.zorgdossier_jaren,
                    "opp_verwijzing_jaren": beleid.opp_verwijzing_jaren,
                }
            )
        return render(
            self.request,
            "privacy/bewaren_overzicht.html",
            _context(
                self,
                beleid=beleid,
                form=form,
                mag_wijzigen=ctx.has_perm(p.MANAGE_BEWAARTERMIJNEN),
                aantal_blokkades=selectors.actieve_blokkades().count(),
                proefrun_bekeken=selectors.proefrun_bekeken(),
                runs=selectors.recente_runs(),
                labels=DATAKLASSE_LABELS,
                inzages_jaren=selectors.INZAGES_BEWAREN_JAREN,
                **extra,
            ),
            status=status,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.page()


class BewaartermijnenView(TenantViewMixin, View):
    """POST only: save the terms (beheerder, zorgcoördinator)."""

    required_permission = p.MANAGE_BEWAARTERMIJNEN

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ctx = self.tenant
        result = submit(
            BewaartermijnenForm,
            request.POST,
            lambda form: services.bewaarbeleid_update(
                school=ctx.school,
                version=form.cleaned_data["version"],
                values={
                    "zorgdossier_jaren": form.cleaned_data["zorgdossier_jaren"],
                    "opp_verwijzing_jaren": form.cleaned_data["opp_verwijzing_jaren"],
                },
                user=ctx.user,
            ),
        )
        if not result.saved:
            page = BewarenView(request=request)
            return page.page(result.form, conflict=result.conflict, status=result.status)
        messages.success(request, "De bewaartermijnen zijn opgeslagen.")
        return HttpResponseRedirect(_url(request, "bewaren"))


class ProefrunView(TenantViewMixin, View):
    """The dry-run report (changes nothing); POST records that it was looked at."""

    required_permission = p.VIEW_BEWAREN

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ctx = self.tenant
        overzicht = selectors.bewaaroverzicht(ctx.school, vandaag=timezone.localdate())
        return render(
            request,
            "privacy/bewaren_proefrun.html",
            _context(
                self,
                overzicht=overzicht,
                labels=DATAKLASSE_LABELS,
                proefrun_bekeken=selectors.proefrun_bekeken(),
            ),
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ctx = self.tenant
        run = services.proefrun_vastleggen(
            school=ctx.school, user=ctx.user, vandaag=timezone.localdate()
        )
        messages.success(
            request,
            f"Proefrun vastgelegd: {run.aantal_leerlingen} leerling(en) zouden worden "
            f"geanonimiseerd, {run.aantal_geblokkeerd} geblokkeerd. Vanaf nu past de "
            "nachtelijke taak de bewaartermijnen toe.",
        )
        return HttpResponseRedirect(_url(request, "bewaren"))


class BlokkadesView(TenantViewMixin, View):
    """Legal holds: the list, and setting one (zorgcoördinator, privacy officer)."""

    required_permission = p.MANAGE_BEWAARBLOKKADE

    def page(self, form: BewaarblokkadeForm, *, status: int = 200) -> HttpResponse:
        return render(
            self.request,
            "privacy/bewaren_blokkades.html",
            _context(self, form=form, blokkades=selectors.blokkades_voor_lijst()),
            status=status,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.page(BewaarblokkadeForm())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ctx = self.tenant
        result = submit(
            BewaarblokkadeForm,
            request.POST,
            lambda form: services.bewaarblokkade_instellen(
                leerling=form.cleaned_data["leerling"],
                reden=form.cleaned_data["reden"],
                user=ctx.user,
            ),
        )
        if not result.saved:
            return self.page(result.form, status=result.status)
        messages.success(request, "De bewaarblokkade is ingesteld.")
        return HttpResponseRedirect(_url(request, "bewaren-blokkades"))


class BlokkadeOpheffenView(TenantViewMixin, View):
    """POST only: lift a legal hold (zorgcoördinator, privacy officer)."""

    required_permission = p.MANAGE_BEWAARBLOKKADE

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        blokkade = access_blokkade(request, request.POST.get("blokkade"))
        services.bewaarblokkade_opheffen(blokkade=blokkade, user=self.tenant.user)
        messages.success(request, "De bewaarblokkade is opgeheven.")
        return HttpResponseRedirect(_url(request, "bewaren-blokkades"))
