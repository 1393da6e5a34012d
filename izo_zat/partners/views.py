"""Partner organisations and their ZAT-lid members (zorgcoördinator)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views import View

from zorgroute import permissions as p
from zorgroute.services import ConflictError, version_of
from zorgroute.views.base import TenantViewMixin

from ..fields import add_service_error
from ..pages import page_context, school_url
from .forms import PartnerForm, PartnerlidForm
from .models import Partnerlid, Partnerorganisatie
from .selectors import vrije_zat_accounts
from .services import _partner_opslaan, partnerlid_toevoegen, partnerlid_verwijderen

PARTNER_CONFLICT = (
    "Niet opgeslagen: iemand anders heeft deze organisatie intussen gewijzigd. Hieronder "
    "staat wat nu is opgeslagen; uw invoer staat nog in het formulier."
)


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
        form = PartnerForm(request.POST)
        if not form.is_valid():
            return self._page(form, status=400)
        try:
            partner = _partner_opslaan(
                Partnerorganisatie(school=self.tenant.school),
                naam=form.cleaned_data["naam"],
                soort=form.cleaned_data["soort"],
                version=None,
            )
        except ValidationError as error:
            add_service_error(form, error)
            return self._page(form, status=400)
        except IntegrityError:
            form.add_error("naam", "Deze organisatie staat er al.")
            return self._page(form, status=400)
        messages.success(request, f"{partner.naam} is toegevoegd.")
        return HttpResponseRedirect(school_url(request, "izo-partner-list"))


class PartnerUpdateView(TenantViewMixin, View):
    """Change a partner organisation's name or kind (with a version)."""

    required_permission = p.TRIAGE_IZO

    def _partner(self, partner_id: int) -> Partnerorganisatie:
        partner = Partnerorganisatie.objects.filter(pk=partner_id).first()
        if partner is None:
            raise Http404
        return partner

    def _page(
        self,
        partner: Partnerorganisatie,
        form: PartnerForm,
        *,
        huidig: Partnerorganisatie | None = None,
        lid_form: Any = None,
        status: int = 200,
    ) -> HttpResponse:

        return render(
            self.request,
            "izo_zat/partners/form.html",
            page_context(
                self.request,
                partner=partner,
                form=form,
                huidig=huidig,
                leden=list(
                    Partnerlid.objects.filter(partner=partner)
                    .select_related("gebruiker")
                    .order_by("gebruiker__achternaam")
                ),
                lid_form=lid_form or PartnerlidForm(accounts=vrije_zat_accounts(partner.school_id)),
            ),
            status=status,
        )

    def page_met_lidform(
        self, partner: Partnerorganisatie, lid_form: Any, *, status: int
    ) -> HttpResponse:
        form = PartnerForm(
            initial={"version": version_of(partner), "naam": partner.naam, "soort": partner.soort}
        )
        return self._page(partner, form, lid_form=lid_form, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        partner = self._partner(kwargs["partner_id"])
        form = PartnerForm(
            initial={"version": version_of(partner), "naam": partner.naam, "soort": partner.soort}
        )
        return self._page(partner, form)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        partner = self._partner(kwargs["partner_id"])
        form = PartnerForm(request.POST)
        if not form.is_valid():
            return self._page(partner, form, status=400)
        try:
            _partner_opslaan(
                partner,
                naam=form.cleaned_data["naam"],
                soort=form.cleaned_data["soort"],
                version=form.cleaned_data["version"],
            )
        except ConflictError as conflict:
            huidig = conflict.current
            assert isinstance(huidig, Partnerorganisatie)
            data = request.POST.copy()
            data["version"] = version_of(huidig)
            form = PartnerForm(data)
            form.is_valid()
            form.add_error(None, PARTNER_CONFLICT)
            return self._page(partner, form, huidig=huidig, status=409)
        except ValidationError as error:
            add_service_error(form, error)
            return self._page(partner, form, status=400)
        except IntegrityError:
            form.add_error("naam", "Deze organisatie staat er al.")
            return self._page(partner, form, status=400)
        messages.success(request, "De organisatie is bijgewerkt.")
        return HttpResponseRedirect(school_url(request, "izo-partner-list"))


class PartnerlidCreateView(TenantViewMixin, View):
    """Link a ZAT-lid account to a partner organisation (the zorgcoördinator)."""

    required_permission = p.TRIAGE_IZO

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        partner = Partnerorganisatie.objects.filter(pk=kwargs["partner_id"]).first()
        if partner is None:
            raise Http404
        form = PartnerlidForm(request.POST, accounts=vrije_zat_accounts(partner.school_id))
        terug = school_url(request, "izo-partner-update", partner_id=partner.pk)
        if form.is_valid():
            try:
                partnerlid_toevoegen(
                    partner=partner,
                    gebruiker=form.cleaned_data["gebruiker"],
                    functie=form.cleaned_data["functie"],
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    f"{form.cleaned_data['gebruiker'].volledige_naam} is lid van {partner.naam}.",
                )
                return HttpResponseRedirect(f"{terug}#leden")

        view = PartnerUpdateView()
        view.setup(request, partner_id=partner.pk)
        return view.page_met_lidform(partner, form, status=400)


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
        ingetrokken = partnerlid_verwijderen(partnerlid=lid)
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
