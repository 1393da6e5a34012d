"""Entering results per class and toetsmoment (ENTER_RESULTATEN): typed in a grid, pasted
from a spreadsheet, or uploaded as CSV/XLSX. All three go through
`imports.resultaten_importeren`.

Which classes: a docent those they teach or mentor, the zorgcoördinator and the beheerder
every class (zorgroute.access.visible_groepen); another class is a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.generic import TemplateView

from zorgroute import permissions as p
from zorgroute.access import visible_groepen
from zorgroute.models import Groep
from zorgroute.selectors import current_schooljaar
from zorgroute.views.base import TenantViewMixin

from . import imports
from .forms import PlakForm, UploadForm
from .imports.grid import cel_naam, grid_invoer, met_opgeslagen_waarden, origineel_naam
from .models import Domein, Meetinstrument, Resultaat, ResultaatBron, Toetsmoment


def _fout_context(result: imports.ImportResultaat | None) -> dict[str, Any]:
    fouten = result.fouten if result is not None else []
    return {"result": result, "fout_rijen": [(f, "") for f in fouten]}


class ResultatenMixin(TenantViewMixin):
    required_permission = p.ENTER_RESULTATEN
    kwargs: dict[str, Any]

    def url(self, name: str, **kwargs: Any) -> str:
        return reverse(name, kwargs={"school": self.tenant.school.slug, **kwargs})


class ResultatenIndexView(ResultatenMixin, TemplateView):
    """Choose a class and a toetsmoment; the form (GET) leads to the grid."""

    template_name = "groepsoverzicht/resultaten/index.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        groep_id, moment_id = request.GET.get("groep", ""), request.GET.get("toetsmoment", "")
        if groep_id.isdigit() and moment_id.isdigit():
            return redirect(
                self.url("resultaten-invoer", groep_id=int(groep_id), toetsmoment_id=int(moment_id))
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        schooljaar = current_schooljaar()
        groepen = visible_groepen(self.tenant).select_related("schooljaar")
        if schooljaar is not None:
            groepen = groepen.filter(schooljaar=schooljaar)
        context["groepen"] = list(groepen.order_by("leerjaar", "naam"))
        context["instrumenten"] = list(
            Meetinstrument.objects.filter(actief=True)
            .prefetch_related(
                Prefetch("toetsmomenten", queryset=Toetsmoment.objects.order_by("-datum"))
            )
            .order_by("soort", "naam")
        )
        context["kan_configureren"] = self.tenant.has_perm(p.CONFIGURE_METEN)
        return context


class GroepMomentMixin(ResultatenMixin):
    """The class (visible to this user) and the toetsmoment from the URL; 404 otherwise."""

    groep: Groep
    toetsmoment: Toetsmoment
    domeinen: list[Domein]

    def load(self) -> None:
        self.groep = get_object_or_404(
            visible_groepen(self.tenant).select_related("schooljaar"), pk=self.kwargs["groep_id"]
        )
        self.toetsmoment = get_object_or_404(
            Toetsmoment.objects.select_related("instrument"), pk=self.kwargs["toetsmoment_id"]
        )
        self.domeinen = list(
            Domein.objects.filter(instrument_id=self.toetsmoment.instrument_id).order_by(
                "volgorde", "code"
            )
        )

    def base_context(self) -> dict[str, Any]:
        ids = {"groep_id": self.groep.pk, "toetsmoment_id": self.toetsmoment.pk}
        return {
            "groep": self.groep,
            "toetsmoment": self.toetsmoment,
            "instrument": self.toetsmoment.instrument,
            "domeinen": self.domeinen,
            "voorbeeld_kop": ";".join(["leerlingnummer", *(d.code for d in self.domeinen)]),
            "tabs": [
                ("invoer", "Intypen", self.url("resultaten-invoer", **ids)),
                ("plakken", "Plakken uit Excel", self.url("resultaten-plakken", **ids)),
                ("uploaden", "Bestand uploaden", self.url("resultaten-uploaden", **ids)),
            ],
        }

    def invoer_url(self) -> str:
        return self.url(
            "resultaten-invoer", groep_id=self.groep.pk, toetsmoment_id=self.toetsmoment.pk
        )

    def tabel_importeren(
        self, form: forms.Form, veld: str, lees: Callable[[], list[imports.Rij]]
    ) -> imports.ImportResultaat | None:
        """Import what a valid form holds; a table that cannot be read is an error on the
        form's `veld` (and None: nothing was imported)."""
        if not form.is_valid():
            return None
        try:
            rijen = lees()
        except ValidationError as exc:
            form.add_error(veld, exc)
            return None
        return self.importeer(rijen, ResultaatBron.IMPORT)

    def importeer(
        self, rijen: list[imports.Rij], bron: str, **extra: Any
    ) -> imports.ImportResultaat:
        return imports.resultaten_importeren(
            school=self.tenant.school,
            toetsmoment=self.toetsmoment,
            rijen=rijen,
            bron=bron,
            user=self.tenant.user,
            groep=self.groep,
            **extra,
        )


class InvoerView(GroepMomentMixin, TemplateView):
    """The grid: pupils of the class × domains of the instrument, one POST for all of it.
    Only cells the user changed are sent to the service, each with the value it showed, so
    a colleague's save in between is reported as a conflict instead of being overwritten.
    On an error nothing is saved and every typed value stays in the grid."""

    template_name = "groepsoverzicht/resultaten/invoer.html"

    def rows(self, data: Any = None, fouten: dict[tuple[int, int], str] | None = None) -> list[Any]:
        leerlingen = list(imports.groep_leerlingen(self.groep, self.toetsmoment))
        stored = {
            (r.leerling_id, r.domein_id): r.waarde
            for r in Resultaat.objects.filter(
                toetsmoment=self.toetsmoment,
                leerling_id__in=[ll.pk for ll in leerlingen],
            ).only("leerling_id", "domein_id", "waarde")
        }
        fouten = fouten or {}
        rows = []
        for leerling in leerlingen:
            cellen = []
            for domein in self.domeinen:
                key = (leerling.pk, domein.pk)
                naam = cel_naam(*key)
                origineel = stored.get(key, "")
                if data is not None and naam in data:
                    waarde = data.get(naam, "")
                    origineel = data.get(origineel_naam(*key), origineel)
                else:
                    waarde = origineel
                cellen.append(
                    {
                        "naam": naam,
                        "origineel_naam": origineel_naam(*key),
                        "waarde": waarde,
                        "origineel": origineel,
                        "fout": fouten.get(key, ""),
                        "domein": domein,
                    }
                )
            rows.append({"leerling": leerling, "cellen": cellen})
        return rows

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load()
        context = self.get_context_data(**self.base_context(), rows=self.rows(), tab="invoer")
        return self.render_to_response(context)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load()
        leerlingen = imports.groep_leerlingen(self.groep, self.toetsmoment).only("pk")
        invoer = grid_invoer(request.POST, [ll.pk for ll in leerlingen], self.domeinen)
        result = self.importeer(
            invoer.rijen, ResultaatBron.HANDMATIG, lege_cel_wist=True, verwacht=invoer.verwacht
        )
        if result.opgeslagen:
            if result.gewijzigd:
                messages.success(request, result.samenvatting())
            else:
                messages.info(request, "Er was niets gewijzigd.")
            return redirect(request.path)
        # Nothing saved: every typed value stays, each error next to its cell; a conflict
        # shows the stored value, and saving again keeps the user's value.
        context = self.get_context_data(
            **self.base_context(),
            rows=self.rows(met_opgeslagen_waarden(request.POST, result), invoer.cel_fouten(result)),
            tab="invoer",
            result=result,
            fout_rijen=invoer.fout_rijen(result),
        )
        return self.render_to_response(context, status=409 if result.conflicten else 200)


class PlakView(GroepMomentMixin, TemplateView):
    template_name = "groepsoverzicht/resultaten/plakken.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load()
        context = self.get_context_data(**self.base_context(), form=PlakForm(), tab="plakken")
        return self.render_to_response(context)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load()
        form = PlakForm(request.POST)
        result = self.tabel_importeren(
            form, "tekst", lambda: imports.rijen_uit_tekst(form.cleaned_data["tekst"])
        )
        if result is not None and result.opgeslagen:
            messages.success(request, result.samenvatting())
            return redirect(self.invoer_url())
        context = self.get_context_data(
            **self.base_context(), form=form, tab="plakken", **_fout_context(result)
        )
        return self.render_to_response(context, status=400 if form.errors else 200)


class UploadView(GroepMomentMixin, TemplateView):
    """Upload a CSV or XLSX (an LVS export). The page shows a busy indicator while the
    file uploads and is checked (htmx `hx-indicator`; works without JavaScript too)."""

    template_name = "groepsoverzicht/resultaten/uploaden.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load()
        context = self.get_context_data(**self.base_context(), form=UploadForm(), tab="uploaden")
        return self.render_to_response(context)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load()
        form = UploadForm(request.POST, request.FILES)
        result = self.tabel_importeren(
            form,
            "bestand",
            lambda: imports.rijen_uit_bestand(
                form.cleaned_data["bestand"].name, form.cleaned_data["bestand"].read()
            ),
        )
        htmx = request.htmx  # type: ignore[attr-defined]
        if result is not None and result.opgeslagen:
            naam = form.cleaned_data["bestand"].name
            messages.success(request, f"{naam}: {result.samenvatting()}")
            if not htmx:
                return redirect(self.invoer_url())
            response = HttpResponse(status=200)
            response["HX-Redirect"] = self.invoer_url()
            return response
        context = self.get_context_data(
            **self.base_context(), form=form, tab="uploaden", **_fout_context(result)
        )
        if htmx:  # htmx swaps only a 2xx answer: the fragment carries the errors
            return TemplateResponse(
                request, "groepsoverzicht/resultaten/_upload_form.html", context
            )
        return self.render_to_response(context, status=400 if form.errors else 200)
