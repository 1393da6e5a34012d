"""Pages of the opbrengsten: the school dashboard with its drill-down and exports, the
ambities, and the board comparison. Thin: selectors compute, presentatie shapes, services
write."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.views import View

from planning.access import access_schooljaar
from planning.selectors import schooljaren
from zorgroute import permissions as p
from zorgroute.access import access_groep, visible_leerlingen
from zorgroute.background import start_job
from zorgroute.models import Gebruiker, Schooljaar
from zorgroute.versioning import StaleVersion
from zorgroute.views.base import TenantViewMixin
from zorgroute.views.versioned import submit

from . import bestuur, drill, services
from .access import access_ambitie
from .forms import AmbitieDeleteForm, AmbitieForm, KopieerAmbitiesForm
from .models import Ambitie
from .presentatie import ONDERDELEN, KlasOpbouw, Opbouw, Tabel
from .rapport import SOORT as RAPPORT
from .selectors import ambities_van, dashboard, selectie_uit


def _meldingen(request: HttpRequest, lijst: list[str]) -> None:
    for tekst in lijst:
        messages.warning(request, tekst)


class DashboardView(TenantViewMixin, View):
    """The school dashboard: charts first, every number as a table too, filters as a plain
    GET form."""

    required_permission = p.VIEW_OPBRENGSTEN

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ctx = self.tenant
        sel, keuzes = selectie_uit(request.GET)
        context: dict[str, Any] = {
            "tenant": ctx,
            "school": ctx.school,
            "keuzes": keuzes,
            "selectie": sel,
            "meldingen": keuzes.meldingen,
            "mag_ambities": ctx.has_perm(p.MANAGE_AMBITIES),
            "toont_bestuur": bestuur.heeft_bestuur(ctx),
        }
        if sel is not None:
            d = dashboard(sel)
            context.update(
                dashboard=d,
                onderdelen=Opbouw(ctx.school.slug, sel).alles(d),
                querystring=sel.querystring(),
            )
        return render(request, "opbrengsten/dashboard.html", context)


class UitsplitsingView(TenantViewMixin, View):
    """The classes behind one number of the dashboard."""

    required_permission = p.VIEW_OPBRENGSTEN

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ctx = self.tenant
        sel, keuzes = selectie_uit(request.GET)
        maat = request.GET.get("maat", "") or "signalering"
        meldingen = list(keuzes.meldingen)
        if maat not in drill.MATEN:
            meldingen.append("Dit cijfer bestaat niet; de gesignaleerde leerlingen zijn getoond.")
            maat = "signalering"
        uitsplitsing = drill.uitsplitsing(sel, maat, request.GET) if sel else None
        opbouw = Opbouw(ctx.school.slug, sel) if sel else None
        return render(
            request,
            "opbrengsten/uitsplitsing.html",
            {
                "tenant": ctx,
                "school": ctx.school,
                "selectie": sel,
                "meldingen": meldingen,
                "maat": drill.MATEN.get(maat, ""),
                "uitsplitsing": uitsplitsing,
                "klaslinks": {r.groep_id: opbouw.klaslink(r.groep_id) for r in uitsplitsing.rijen}
                if uitsplitsing and opbouw
                else {},
                "terug": opbouw.dashboardlink()
                if opbouw
                else reverse("opbrengsten", kwargs={"school": ctx.school.slug}),
            },
            status=200 if uitsplitsing else 404,
        )


class KlasView(TenantViewMixin, View):
    """One class's numbers; the pupils behind them only for a role that may open them."""

    required_permission = p.VIEW_OPBRENGSTEN

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ctx = self.tenant
        groep = access_groep(request, kwargs["groep_id"])
        params = request.GET.copy()
        if params.get("schooljaar") != str(groep.schooljaar_id):
            params["schooljaar"] = str(groep.schooljaar_id)
            params.pop("periode", None)
        sel, keuzes = selectie_uit(params)
        assert sel is not None  # the class's own schooljaar exists
        klas = replace(sel, afdeling=None, leerjaar=None, niveau=None, groep_id=groep.pk)
        d = dashboard(klas)
        zichtbaar = visible_leerlingen(ctx)
        toont_leerlingen = ctx.has_perm(p.VIEW_LEERLING)
        opbouw = KlasOpbouw(ctx.school.slug, klas, toont_leerlingen=toont_leerlingen)
        return render(
            request,
            "opbrengsten/klas.html",
            {
                "tenant": ctx,
                "school": ctx.school,
                "groep": groep,
                "selectie": klas,
                "meldingen": keuzes.meldingen,
                "onderdelen": [
                    opbouw.naleving(d),
                    opbouw.signaleringen(d),
                    opbouw.doelen(d),
                    opbouw.zorg(d),
                ],
                "toont_leerlingen": toont_leerlingen,
                "leerlingen": drill.leerlingen_van_klas(klas, groep, zichtbaar)
                if toont_leerlingen
                else [],
                "terug": Opbouw(ctx.school.slug, sel).dashboardlink(),
            },
        )


def _csv_veilig(tekst: str) -> str:
    """A typed label (an aanpak) that a spreadsheet would run as a formula starts with '."""
    return "'" + tekst if tekst[:1] in ("=", "+", "-", "@") else tekst


class CsvView(TenantViewMixin, View):
    """One chart's table as CSV (the same suppressed cells as on the page)."""

    required_permission = p.VIEW_OPBRENGSTEN

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ctx = self.tenant
        sleutel = request.GET.get("onderdeel", "")
        if sleutel and sleutel not in ONDERDELEN:
            raise Http404
        sel, _keuzes = selectie_uit(request.GET)
        if sel is None:
            raise Http404
        opbouw = Opbouw(ctx.school.slug, sel)
        d = dashboard(sel)
        onderdelen = [getattr(opbouw, sleutel)(d)] if sleutel else opbouw.alles(d)
        return _csv(
            f"opbrengsten {sleutel or 'alles'} {sel.omschrijving()}",
            [(o.titel, sel.omschrijving(), o.tabellen) for o in onderdelen],
        )


def _csv(naam: str, blokken: list[tuple[str, str, list[Tabel]]]) -> HttpResponse:
    """Tables as one CSV download (semicolons and a BOM, as Dutch Excel expects), each
    block headed by its title and selection."""
    buffer = io.StringIO()
    schrijver = csv.writer(buffer, delimiter=";")
    for titel, omschrijving, tabellen in blokken:
        schrijver.writerow([titel, omschrijving])
        for tabel in tabellen:
            schrijver.writerow([tabel.bijschrift])
            schrijver.writerow(tabel.kolommen)
            for kop, cellen in tabel.rijen:
                schrijver.writerow(
                    [_csv_veilig(kop.tekst), *[_csv_veilig(c.tekst) for c in cellen]]
                )
            schrijver.writerow([])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(naam)}.csv"'
    return response


class RapportView(TenantViewMixin, View):
    """POST: start the PDF report of the dashboard (with the current filters) in the
    background; the user follows it on the downloads page."""

    required_permission = p.VIEW_OPBRENGSTEN

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ctx = self.tenant
        sel, _keuzes = selectie_uit(request.POST)
        if sel is None:
            messages.error(request, "Er is nog geen schooljaar: er valt niets te rapporteren.")
            return HttpResponseRedirect(reverse("opbrengsten", kwargs={"school": ctx.school.slug}))
        taak = start_job(
            ctx=ctx,
            soort_naam=RAPPORT,
            titel=f"Opbrengsten {sel.omschrijving()}",
            parameters={
                "schooljaar_id": sel.schooljaar.pk,
                "periode_id": sel.periode.pk if sel.periode else None,
                "afdeling_id": sel.afdeling.pk if sel.afdeling else None,
                "leerjaar": sel.leerjaar,
                "niveau": sel.niveau,
            },
        )
        return HttpResponseRedirect(
            reverse("download-detail", kwargs={"school": ctx.school.slug, "taak_uuid": taak.uuid})
        )


# --- Ambities --------------------------------------------------------------------------


def _jaar(request: HttpRequest) -> Schooljaar | None:
    sel, _k = selectie_uit(request.GET)
    return sel.schooljaar if sel else None


class AmbitiesView(TenantViewMixin, View):
    """The school's ambities of a schooljaar: readable for whoever sees the dashboard,
    editable for the schoolleider."""

    required_permission = p.VIEW_OPBRENGSTEN

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_page(request, _jaar(request))

    def render_page(
        self,
        request: HttpRequest,
        jaar: Schooljaar | None,
        *,
        formulieren: dict[int, AmbitieForm] | None = None,
        nieuw: AmbitieForm | None = None,
        kopieer: KopieerAmbitiesForm | None = None,
        conflicts: dict[int, StaleVersion] | None = None,
        status: int = 200,
    ) -> HttpResponse:
        ctx = self.tenant
        ambities = ambities_van(jaar) if jaar else []
        formulieren = formulieren or {}
        conflicts = conflicts or {}
        rijen = [
            {
                "ambitie": a,
                "conflict": conflicts.get(a.pk),
                "form": formulieren.get(a.pk)
                or AmbitieForm(
                    initial={
                        "version": a.versie,
                        "soort": a.soort,
                        "leerjaar": a.leerjaar,
                        "domein": a.domein_id,
                        "drempel": a.drempel,
                        "percentage": a.percentage,
                    },
                    prefix=f"a{a.pk}",
                ),
            }
            for a in ambities
        ]
        return render(
            request,
            "opbrengsten/ambities.html",
            {
                "tenant": ctx,
                "school": ctx.school,
                "schooljaar": jaar,
                "schooljaren": schooljaren(),
                "rijen": rijen,
                "mag_bewerken": ctx.has_perm(p.MANAGE_AMBITIES),
                "nieuw": nieuw or AmbitieForm(prefix="nieuw", initial={"percentage": 80}),
                "kopieer": kopieer
                or (KopieerAmbitiesForm(doel=jaar) if jaar and not ambities else None),
                "pagina_url": _ambities_url(request, jaar),
            },
            status=status,
        )


def _ambities_url(request: HttpRequest, jaar: Schooljaar | None) -> str:
    url = reverse("opbrengsten-ambities", kwargs={"school": request.tenant.school.slug})  # type: ignore[attr-defined]
    return url + (f"?schooljaar={jaar.pk}" if jaar is not None else "")


def _naar_ambities(request: HttpRequest, jaar: Schooljaar, anker: str = "") -> HttpResponse:
    return HttpResponseRedirect(_ambities_url(request, jaar) + (f"#{anker}" if anker else ""))


class AmbitieCreateView(AmbitiesView):
    required_permission = p.MANAGE_AMBITIES

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        jaar = access_schooljaar(kwargs["schooljaar_id"])
        submission = submit(
            lambda data: AmbitieForm(data, prefix="nieuw"),
            request.POST,
            lambda form: _ambitie_update(self.tenant.user, jaar, None, form),
        )
        if not submission.saved or submission.result is None:
            return self.render_page(request, jaar, nieuw=submission.form, status=submission.status)
        messages.success(request, f"Ambitie opgeslagen: {submission.result}.")
        return _naar_ambities(request, jaar, f"ambitie-{submission.result.pk}")


def _ambitie_update(
    user: Gebruiker, jaar: Schooljaar, ambitie: Ambitie | None, form: AmbitieForm
) -> Ambitie:
    fields = {
        "schooljaar": jaar,
        "soort": form.cleaned_data["soort"],
        "leerjaar": form.cleaned_data["leerjaar"],
        "domein": form.cleaned_data["domein"],
        "drempel": form.cleaned_data["drempel"],
        "percentage": form.cleaned_data["percentage"],
        "user": user,
    }
    if ambitie is None:
        return services.ambitie_create(**fields)
    return services.ambitie_update(ambitie=ambitie, version=form.cleaned_data["version"], **fields)


class AmbitieUpdateView(AmbitiesView):
    """Change an ambitie, or remove it (the form's "verwijderen" button)."""

    required_permission = p.MANAGE_AMBITIES

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ambitie = access_ambitie(kwargs["ambitie_id"])
        jaar = ambitie.schooljaar
        prefix = f"a{ambitie.pk}"
        if "verwijderen" in request.POST:
            removal = submit(
                lambda data: AmbitieDeleteForm(data, prefix=prefix),
                request.POST,
                lambda form: services.ambitie_delete(
                    ambitie=ambitie, version=form.cleaned_data["version"]
                ),
            )
            if removal.saved:
                messages.success(request, f"Ambitie verwijderd: {ambitie}.")
                return _naar_ambities(request, jaar)
            if removal.conflict is not None:
                return self.render_page(
                    request, jaar, conflicts={ambitie.pk: removal.conflict}, status=409
                )
            return _naar_ambities(request, jaar, f"ambitie-{ambitie.pk}")
        submission = submit(
            lambda data: AmbitieForm(data, prefix=prefix),
            request.POST,
            lambda form: _ambitie_update(self.tenant.user, jaar, ambitie, form),
        )
        if submission.saved:
            messages.success(request, f"Ambitie opgeslagen: {submission.result}.")
            return _naar_ambities(request, jaar, f"ambitie-{ambitie.pk}")
        return self.render_page(
            request,
            jaar,
            formulieren={ambitie.pk: submission.form},
            conflicts={ambitie.pk: submission.conflict} if submission.conflict else None,
            status=submission.status,
        )


class AmbitiesKopierenView(AmbitiesView):
    required_permission = p.MANAGE_AMBITIES

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        jaar = access_schooljaar(kwargs["schooljaar_id"])
        form = KopieerAmbitiesForm(request.POST, doel=jaar)
        if form.is_valid():
            try:
                aantal = services.ambities_kopieren(bron=form.cleaned_data["bron"], doel=jaar)
            except ValidationError as exc:
                form.add_error(None, exc.messages)
                return self.render_page(request, jaar, kopieer=form, status=400)
            messages.success(request, f"{aantal} ambities overgenomen in {jaar.naam}.")
            return _naar_ambities(request, jaar)
        return self.render_page(request, jaar, kopieer=form, status=400)


# --- Board ------------------------------------------------------------------------------


class BestuurView(TenantViewMixin, View):
    """The same measures side by side for the schools of this school's board where the user
    is schoolleider (each school's numbers read inside that school's own tenant context)."""

    required_permission = p.VIEW_OPBRENGSTEN

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ctx = self.tenant
        vergelijking = bestuur.vergelijking(ctx, request.GET)
        return render(
            request,
            "opbrengsten/bestuur.html",
            {
                "tenant": ctx,
                "school": ctx.school,
                "v": vergelijking,
                "querystring": vergelijking.querystring(),
            },
        )


class BestuurCsvView(BestuurView):
    """The board comparison's table as CSV (the same suppressed cells as on the page)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        v = bestuur.vergelijking(self.tenant, request.GET)
        return _csv(
            f"opbrengsten bestuur {v.organisatie} {v.omschrijving()}",
            [(f"Opbrengsten van {v.organisatie}", v.omschrijving(), [v.tabel()])],
        )
