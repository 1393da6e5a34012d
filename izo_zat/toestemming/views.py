"""The consent register of a pupil and withdrawing consent."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views import View

from zorgroute import permissions as p
from zorgroute.models import Leerling
from zorgroute.views.base import TenantViewMixin
from zorgroute.views.versioned import submit

from ..access import access_toestemming, access_toestemmingen
from ..pages import page_context, school_url
from ..partners.models import Partnerorganisatie
from .forms import IntrekkenForm, ToestemmingForm
from .models import Toestemming
from .selectors import toestemming_register
from .services import toestemming_intrekken, toestemming_vastleggen


class ToestemmingenView(TenantViewMixin, View):
    """The pupil's consent registry: every consent with its status, and recording one."""

    required_permission = p.MANAGE_TOESTEMMING

    def _page(
        self, leerling: Leerling, form: ToestemmingForm, *, status: int = 200
    ) -> HttpResponse:
        rijen = toestemming_register(leerling)
        return render(
            self.request,
            "izo_zat/toestemming/register.html",
            page_context(self.request, leerling=leerling, rijen=rijen, form=form),
            status=status,
        )

    def _form(self, data: Any = None) -> ToestemmingForm:
        return ToestemmingForm(data, partners=Partnerorganisatie.objects.order_by("naam"))

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        leerling = access_toestemmingen(request, kwargs["leerling_uuid"])
        return self._page(leerling, self._form())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        leerling = access_toestemmingen(request, kwargs["leerling_uuid"])
        result = submit(
            self._form,
            request.POST,
            lambda form: toestemming_vastleggen(
                leerling=leerling,
                doel=form.cleaned_data["doel"],
                partner=form.cleaned_data["partner"],
                gegeven_door=form.cleaned_data["gegeven_door"],
                naam_gever=form.cleaned_data["naam_gever"],
                gegeven_op=form.cleaned_data["gegeven_op"],
                geldig_tot=form.cleaned_data["geldig_tot"],
                user=self.tenant.user,
            ),
        )
        if not result.saved:
            return self._page(leerling, result.form, status=result.status)
        messages.success(request, "De toestemming is vastgelegd.")
        return HttpResponseRedirect(
            school_url(request, "izo-toestemmingen", leerling_uuid=leerling.uuid)
        )


class ToestemmingIntrekkenView(TenantViewMixin, View):
    """Withdraw consent: GET asks for confirmation with an optional toelichting, POST
    withdraws. It takes effect at once. For those who keep the pupil's registry (404 for
    everyone else)."""

    required_permission = p.MANAGE_TOESTEMMING

    def _toestemming(self, toestemming_id: int) -> Toestemming:
        return access_toestemming(self.request, toestemming_id)

    def _terug(self, toestemming: Toestemming) -> HttpResponse:
        return HttpResponseRedirect(
            school_url(self.request, "izo-toestemmingen", leerling_uuid=toestemming.leerling.uuid)
        )

    def _page(
        self, toestemming: Toestemming, form: IntrekkenForm, *, status: int = 200
    ) -> HttpResponse:
        return render(
            self.request,
            "izo_zat/toestemming/intrekken.html",
            page_context(self.request, toestemming=toestemming, form=form),
            status=status,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        toestemming = self._toestemming(kwargs["toestemming_id"])
        if toestemming.ingetrokken_op is not None:
            messages.info(request, "Deze toestemming is al ingetrokken.")
            return self._terug(toestemming)
        return self._page(toestemming, IntrekkenForm())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        toestemming = self._toestemming(kwargs["toestemming_id"])
        form = IntrekkenForm(request.POST)
        if not form.is_valid():
            return self._page(toestemming, form, status=400)
        try:
            toestemming_intrekken(
                toestemming=toestemming, toelichting=form.cleaned_data["toelichting"]
            )
        except ValidationError as error:
            messages.info(request, " ".join(error.messages))
            return self._terug(toestemming)
        messages.success(request, "De toestemming is ingetrokken. Dat geldt vanaf nu.")
        return self._terug(toestemming)
