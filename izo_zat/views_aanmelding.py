"""The prepared IZO aanmelding (bijlage 20) a groepsbespreking decision opens: the facts
from the pupil's data, and the applicant's questions as a form saved as a concept."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views import View

from zorgroute import permissions as p
from zorgroute.audit import log_leerling_access
from zorgroute.services import ConflictError, version_of
from zorgroute.views.base import TenantTemplateView, TenantViewMixin

from .access import AanmeldingRechten, access_aanmelding
from .forms import ONDERSTEUNING, SECTIES, AanmeldingForm, is_nieuw
from .models import Aanmelding
from .selectors import Voorinvulling, voorinvulling
from .services import AANMELDING_VELDEN, aanmelding_opslaan

CONFLICT = (
    "Iemand anders heeft deze aanmelding intussen opgeslagen. Uw tekst staat hieronder nog; "
    "vergelijk met de opgeslagen versie en sla opnieuw op."
)


class AanmeldingView(TenantTemplateView):
    """Show and complete the prepared aanmelding."""

    required_permission = p.AANMELDEN_IZO
    template_name = "izo_zat/aanmelding.html"

    def _page(
        self,
        aanmelding: Aanmelding,
        rechten: AanmeldingRechten,
        form: AanmeldingForm,
        *,
        huidig: Aanmelding | None = None,
        gegevens: Voorinvulling | None = None,
        status: int = 200,
    ) -> HttpResponse:
        gegevens = gegevens or voorinvulling(self.tenant, aanmelding)
        if not rechten.bewerken:
            for veld in form.fields.values():
                veld.disabled = True
        context = self.get_context_data(
            aanmelding=aanmelding,
            rechten=rechten,
            form=form,
            gegevens=gegevens,
            secties=[(naam, titel, form.sectie(naam)) for naam, titel, _v in SECTIES],
            ondersteuning=[form[v] for v in ONDERSTEUNING],
            huidig=huidig,
            huidige_waarden=[
                (form.fields[v].label, getattr(huidig, v))
                for v in AANMELDING_VELDEN
                if v not in ONDERSTEUNING and v != "ouders_op_de_hoogte"
            ]
            if huidig
            else [],
        )
        log_leerling_access(self.request, aanmelding.leerling)
        return self.render_to_response(context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        aanmelding, rechten = access_aanmelding(request, kwargs["aanmelding_id"])
        gegevens = voorinvulling(self.tenant, aanmelding)
        initial: dict[str, Any] = {"version": version_of(aanmelding)}
        if rechten.bewerken and is_nieuw(aanmelding):
            # Offered from the data; nothing is stored until the applicant saves.
            initial.update(gegevens.suggesties)
        form = AanmeldingForm(instance=aanmelding, initial=initial)
        return self._page(aanmelding, rechten, form, gegevens=gegevens)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        aanmelding, rechten = access_aanmelding(request, kwargs["aanmelding_id"])
        if not rechten.bewerken:
            raise PermissionDenied
        form = AanmeldingForm(request.POST, instance=Aanmelding(school_id=aanmelding.school_id))
        if not form.is_valid():
            return self._page(aanmelding, rechten, form, status=400)
        try:
            aanmelding_opslaan(
                aanmelding=aanmelding,
                version=form.cleaned_data["version"],
                velden=form.velden(),
            )
        except ConflictError as conflict:
            huidig = conflict.current
            assert isinstance(huidig, Aanmelding)
            data = request.POST.copy()
            data["version"] = version_of(huidig)
            form = AanmeldingForm(data, instance=Aanmelding(school_id=aanmelding.school_id))
            form.is_valid()
            form.add_error(None, CONFLICT)
            return self._page(aanmelding, rechten, form, huidig=huidig, status=409)
        except ValidationError as error:
            form.add_service_error(error)
            return self._page(aanmelding, rechten, form, status=400)
        messages.success(request, "De aanmelding is opgeslagen als concept.")
        return HttpResponseRedirect(
            reverse(
                "izo-aanmelding",
                kwargs={"school": self.tenant.school.slug, "aanmelding_id": aanmelding.pk},
            )
        )


class AanmeldingListView(TenantViewMixin, View):
    """Aanmeldingen: the zorgcoördinator's triage inbox, the applicant's own."""

    required_permission = p.AANMELDEN_IZO

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404  # placeholder until implemented (issue 6, in progress)


class IndienenView(TenantViewMixin, View):
    """Submit the aanmelding (POST)."""

    required_permission = p.AANMELDEN_IZO

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404  # placeholder until implemented (issue 6, in progress)


class TriageView(TenantViewMixin, View):
    """The zorgcoördinator decides on a submitted aanmelding."""

    required_permission = p.TRIAGE_IZO

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404  # placeholder until implemented (issue 6, in progress)


class AanmeldingStartView(TenantViewMixin, View):
    """Start an aanmelding for the pupil directly."""

    required_permission = p.AANMELDEN_IZO

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404  # placeholder until implemented (issue 6, in progress)
