"""Record a bilateraal overleg about one pupil (seed 000 §5: a short line between a
mentor/docent and a care staff member instead of a formal IZO aanmelding)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from besprekingen.rules import huidige_groep
from zorgroute import permissions as p
from zorgroute.access import access_leerling
from zorgroute.models import Groep, Leerling
from zorgroute.views.base import TenantTemplateView

from . import services
from .forms import BilateraalForm, gesprekspartners


class BilateraalCreateView(TenantTemplateView):
    """Record a bilateraal overleg about the pupil of the URL. A pupil the user may not see
    is a 404."""

    required_permission = p.MANAGE_BESPREKING
    template_name = "besprekingen/bilateraal/form.html"

    def _form(self, groep: Groep | None, data: Any = None) -> BilateraalForm:
        return BilateraalForm(
            data, partners=gesprekspartners(self.tenant, groep), user=self.tenant.user
        )

    def _page(
        self, leerling: Leerling, groep: Groep | None, form: BilateraalForm, status: int = 200
    ) -> HttpResponse:
        return self.render_to_response(
            self.get_context_data(leerling=leerling, groep=groep, form=form), status=status
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        leerling = access_leerling(request, kwargs["leerling_uuid"])
        groep = huidige_groep(leerling)
        return self._page(leerling, groep, self._form(groep))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        leerling = access_leerling(request, kwargs["leerling_uuid"])
        groep = huidige_groep(leerling)
        form = self._form(groep, request.POST)
        if form.is_valid():
            met = form.gebruiker("met")
            assert met is not None  # a required choice of the form
            try:
                services.bilateraal_vastleggen(
                    leerling=leerling,
                    met=met,
                    datum=form.cleaned_data["datum"],
                    onderwerp=form.cleaned_data["onderwerp"],
                    afspraken=form.cleaned_data["afspraken"],
                    user=self.tenant.user,
                    actie_omschrijving=form.cleaned_data["actie_omschrijving"],
                    actie_eigenaar=form.gebruiker("actie_eigenaar"),
                    actie_deadline=form.cleaned_data["actie_deadline"],
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(
                    request,
                    f"Het bilaterale overleg over {leerling.volledige_naam} is vastgelegd. "
                    "Het komt op de agenda van de volgende groepsbespreking.",
                )
                return HttpResponseRedirect(
                    reverse(
                        "leerling-detail",
                        kwargs={"school": self.tenant.school.slug, "leerling_uuid": leerling.uuid},
                    )
                )
        return self._page(leerling, groep, form, status=400)
