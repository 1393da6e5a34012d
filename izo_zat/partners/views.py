"""Partner organisations and their ZAT-lid members (zorgcoördinator)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views import View

from zorgroute import permissions as p
from zorgroute.versioning import StaleVersion
from zorgroute.views.base import TenantViewMixin
from zorgroute.views.versioned import submit

from ..pages import page_context, school_url
from .forms import PartnerForm, PartnerlidForm
from .models import Partnerlid, Partnerorganisatie
from .selectors import partnerleden, vrije_zat_accounts
from .services import partner_create, partner_update, partnerlid_create, partnerlid_delete


def partner_pagina(
    request: HttpRequest,
    partner: Partnerorganisatie,
    *,
    form: PartnerForm | None = None,
    lid_form: PartnerlidForm | None = None,
    conflict: StaleVersion | None = None,
    status: int = 200,
) -> HttpResponse:
    """The page of one organisation: its name and kind, and its members with the form to
    link another account. Either form comes back with its errors after a failed POST."""
    if form is None:
        form = PartnerForm(
            initial={"version": partner.versie, "naam": partner.naam, "soort": partner.soort}
        )
    if lid_form is None:
        lid_form = PartnerlidForm(accounts=vrije_zat_accounts(partner.school_id))
    return render(
        request,
        "izo_zat/partners/form.html",
        page_context(
            request,
            partner=partner,
            form=form,
            conflict=conflict,
            leden=partnerleden(partner),
            lid_form=lid_form,
        ),
        status=status,
    )


def _partner(partner_id: int) -> Partnerorganisatie:
    partner = Partnerorganisatie.objects.filter(pk=partner_id).first()
    if partner is None:
        raise Http404
    return partner


class PartnerListView(TenantViewMixin, View):
    """Partner organisations of the school, and adding one on the same page."""

    required_permission = p.TRIAGE_IZO

    def _page(self, form: PartnerForm, *, status: int = 200) -> HttpResponse:
        return render(
            self.request,
            "izo_zat/partners/list.html",
            page_context(
                self.request,
                partners=list(Partnerorganisatie.objects.order_by("naam")),
                form=form,
            ),
            status=status,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._page(PartnerForm())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        result = submit(
            PartnerForm,
            request.POST,
            lambda form: partner_create(
                school_id=self.tenant.school.pk,
                naam=form.cleaned_data["naam"],
                soort=form.cleaned_data["soort"],
                user=self.tenant.user,
            ),
        )
        if not result.saved:
            return self._page(result.form, status=result.status)
        assert result.result is not None
        messages.success(request, f"{result.result.naam} is toegevoegd.")
        return HttpResponseRedirect(school_url(request, "izo-partner-list"))


class PartnerUpdateView(TenantViewMixin, View):
    """Change a partner organisation's name or kind (with a version)."""

    required_permission = p.TRIAGE_IZO

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return partner_pagina(request, _partner(kwargs["partner_id"]))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        partner = _partner(kwargs["partner_id"])
        result = submit(
            PartnerForm,
            request.POST,
            lambda form: partner_update(
                partner=partner,
                version=form.cleaned_data["version"],
                naam=form.cleaned_data["naam"],
                soort=form.cleaned_data["soort"],
                user=self.tenant.user,
            ),
        )
        if not result.saved:
            return partner_pagina(
                request, partner, form=result.form, conflict=result.conflict, status=result.status
            )
        messages.success(request, "De organisatie is bijgewerkt.")
        return HttpResponseRedirect(school_url(request, "izo-partner-list"))


class PartnerlidCreateView(TenantViewMixin, View):
    """Link a ZAT-lid account to a partner organisation (the zorgcoördinator)."""

    required_permission = p.TRIAGE_IZO

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        partner = _partner(kwargs["partner_id"])
        result = submit(
            lambda data: PartnerlidForm(data, accounts=vrije_zat_accounts(partner.school_id)),
            request.POST,
            lambda form: partnerlid_create(
                partner=partner,
                gebruiker=form.cleaned_data["gebruiker"],
                functie=form.cleaned_data["functie"],
            ),
        )
        if not result.saved:
            return partner_pagina(request, partner, lid_form=result.form, status=result.status)
        messages.success(
            request,
            f"{result.form.cleaned_data['gebruiker'].volledige_naam} is lid van {partner.naam}.",
        )
        terug = school_url(request, "izo-partner-update", partner_id=partner.pk)
        return HttpResponseRedirect(f"{terug}#leden")


class PartnerlidDeleteView(TenantViewMixin, View):
    required_permission = p.TRIAGE_IZO

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        lid = (
            Partnerlid.objects.filter(pk=kwargs["partnerlid_id"])
            .select_related("gebruiker", "partner")
            .first()
        )
        if lid is None:
            raise Http404
        partner = lid.partner
        naam = lid.gebruiker.volledige_naam
        ingetrokken = partnerlid_delete(partnerlid=lid)
        messages.success(
            request,
            f"{naam} is geen lid meer van {partner.naam}"
            + (
                f"; de toegang tot {ingetrokken} casus(sen) is ingetrokken." if ingetrokken else "."
            ),
        )
        return HttpResponseRedirect(
            f"{school_url(request, 'izo-partner-update', partner_id=partner.pk)}#leden"
        )
