"""The IZO and the ZAT meetings: list, plan and change, the agenda (derived from the cases'
dates), the IZO report per pupil with decisions and handelingsadviezen (bijlage 22), the
read-only report and its PDF, and closing a meeting.

One set of meeting views serves both kinds: the URL passes `soort` and the permission
(urls.py). Objects load through izo_zat.access (404 when not visible, foreign ids included;
403 for a visible object with a forbidden action). Every page that shows a pupil's care
data logs the read."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.views import View

from zorgroute import permissions as p
from zorgroute.access import tenant_of
from zorgroute.forms import add_service_errors
from zorgroute.models import Gebruiker, Mentoraat, Plaatsing
from zorgroute.pdf import render_pdf
from zorgroute.versioning import StaleVersion
from zorgroute.views.base import TenantViewMixin
from zorgroute.views.versioned import submit

from .. import zorgniveaus
from ..access import (
    OverlegRechten,
    access_advies,
    access_izo_verslag,
    access_izobesluit,
    access_overleg,
    access_traject,
    visible_aanmeldingen,
    visible_izo_verslagen,
)
from ..advies.forms import AdviesForm
from ..advies.services import handelingsadvies_create, handelingsadvies_delete
from ..pages import page_context, school_url
from ..templatetags.zorgoverleg import KWARG, overleg_reverse
from ..toestemming.selectors import geldige_zat_toestemming
from ..traject.models import Traject
from ..zat.models import Zatcasus
from .forms import AfsluitenOverlegForm, IzobesluitForm, IzoVerslagForm, OverlegForm
from .models import (
    IZO_VERSLAG_ITEMS,
    IzoBesluitSoort,
    IzoVerslag,
    OverlegSoort,
    OverlegStatus,
    Zorgoverleg,
)
from .selectors import (
    izo_agenda,
    niet_geagendeerd,
    overleggen,
    personen,
    verslagen_van_traject,
    zat_agenda,
)
from .services import (
    IZO_VERSLAG_VELDEN,
    in_overleg_schrijven,
    izo_verslag_update,
    izo_verslag_voorinvulling,
    izobesluit_create,
    izobesluit_delete,
    overleg_afsluiten,
    overleg_plannen,
    overleg_update,
    zorgcoordinator_ids,
)

NAAM: dict[str, str] = {OverlegSoort.IZO: "IZO", OverlegSoort.ZAT: "ZAT-overleg"}


class OverlegMixin(TenantViewMixin):
    """`soort` comes from the URL (urls.py)."""

    soort: str = OverlegSoort.IZO
    kwargs: dict[str, Any]

    def overleg(self) -> tuple[Zorgoverleg, OverlegRechten]:
        return access_overleg(self.request, self.kwargs[KWARG[self.soort]], self.soort)

    def prefix(self) -> str:
        return "izo" if self.soort == OverlegSoort.IZO else "zat"

    def detail_url(self, overleg: Zorgoverleg) -> str:
        return overleg_reverse(self.tenant.school.slug, self.soort, "detail", overleg.pk)

    def require_leiden(self) -> None:
        if not self.tenant.has_perm(p.MANAGE_ZORGOVERLEG):
            raise PermissionDenied


class OverlegListView(OverlegMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return render(
            request,
            "izo_zat/overleg/list.html",
            page_context(
                request,
                soort=self.soort,
                naam=NAAM[self.soort],
                prefix=self.prefix(),
                lijst=overleggen(self.tenant, self.soort),
                mag_plannen=self.tenant.has_perm(p.MANAGE_ZORGOVERLEG),
            ),
        )


class OverlegFormView(OverlegMixin, View):
    """Plan a meeting (no overleg_id) or change a planned one."""

    def _form(self, data: Any = None, **kwargs: Any) -> OverlegForm:
        school_id = self.tenant.school.pk
        return OverlegForm(
            data,
            voorzitters=Gebruiker.objects.filter(pk__in=zorgcoordinator_ids(school_id)).order_by(
                "achternaam"
            ),
            deelnemers=personen(school_id, self.soort),
            **kwargs,
        )

    def _bestaand(self) -> Zorgoverleg | None:
        if KWARG[self.soort] not in self.kwargs:
            return None
        overleg, rechten = self.overleg()
        if not rechten.bewerken:
            raise PermissionDenied
        return overleg

    def _page(
        self,
        form: OverlegForm,
        overleg: Zorgoverleg | None,
        *,
        conflict: StaleVersion | None = None,
        status: int = 200,
    ) -> HttpResponse:
        mentoren: dict[int, list[str]] = {}
        if overleg is not None and self.soort == OverlegSoort.IZO:
            # Mentors of the pupils on the agenda are strongly recommended (seed §6.2.3).
            for punt in izo_agenda(self.tenant, overleg):
                for m in Mentoraat.objects.filter(
                    groep__in=Plaatsing.objects.active()
                    .filter(leerling_id=punt.traject.leerling_id)
                    .values("groep_id")
                ).values_list("gebruiker_id", flat=True):
                    mentoren.setdefault(m, []).append(punt.traject.leerling.volledige_naam)
        return render(
            self.request,
            "izo_zat/overleg/form.html",
            page_context(
                self.request,
                form=form,
                conflict=conflict,
                overleg=overleg,
                naam=NAAM[self.soort],
                soort=self.soort,
                prefix=self.prefix(),
                mentoren=mentoren,
            ),
            status=status,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        overleg = self._bestaand()
        if overleg is None:
            self.require_leiden()
            zc = zorgcoordinator_ids(self.tenant.school.pk)
            initial: dict[str, Any] = {
                "voorzitter": self.tenant.user.pk if self.tenant.user.pk in zc else None,
                "deelnemers": list(zc),
                "datum": timezone.localdate(),
            }
        else:
            initial = {
                "version": overleg.versie,
                "datum": overleg.datum,
                "tijd": overleg.tijd,
                "plaats": overleg.plaats,
                "voorzitter": overleg.voorzitter_id,
                "deelnemers": list(overleg.deelnemers.values_list("gebruiker_id", flat=True)),
            }
        return self._page(self._form(initial=initial), overleg)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        overleg = self._bestaand()
        if overleg is None:
            self.require_leiden()
        result = submit(self._form, request.POST, lambda form: self._save(overleg, form))
        if not result.saved:
            return self._page(result.form, overleg, conflict=result.conflict, status=result.status)
        gedaan = "gepland" if overleg is None else "bijgewerkt"
        messages.success(request, f"Het {NAAM[self.soort]} is {gedaan}.")
        assert result.result is not None
        return HttpResponseRedirect(self.detail_url(result.result))

    def _save(self, overleg: Zorgoverleg | None, form: OverlegForm) -> Zorgoverleg:
        data = form.cleaned_data
        velden = {
            "datum": data["datum"],
            "tijd": data["tijd"],
            "plaats": data["plaats"],
            "voorzitter": data["voorzitter"],
            "deelnemer_ids": [g.pk for g in data["deelnemers"]],
        }
        if overleg is None:
            return overleg_plannen(
                soort=self.soort, school_id=self.tenant.school.pk, user=self.tenant.user, **velden
            )
        return overleg_update(
            overleg=overleg, version=data["version"], user=self.tenant.user, **velden
        )


class OverlegDetailView(OverlegMixin, View):
    """The meeting with its agenda: new cases, shortened-route reports and follow-ups that
    are due, each with the state of its report."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        overleg, rechten = self.overleg()
        if self.soort == OverlegSoort.IZO:
            agenda = izo_agenda(self.tenant, overleg)
        else:
            agenda = zat_agenda(self.tenant, overleg)
        kan_toevoegen = rechten.bewerken and self.soort == OverlegSoort.IZO
        gekozen = request.GET.get("traject", "")
        if kan_toevoegen and gekozen.isdigit():
            # "Een andere leerling bespreken" (a GET form, also without JavaScript).
            if not niet_geagendeerd(self.tenant, overleg).filter(pk=int(gekozen)).exists():
                raise Http404
            return HttpResponseRedirect(
                school_url(request, "izo-verslag", overleg_id=overleg.pk, traject_id=int(gekozen))
            )
        toevoegen = list(niet_geagendeerd(self.tenant, overleg)[:200]) if kan_toevoegen else []
        deelnemers = list(
            overleg.deelnemers.select_related("gebruiker").order_by(
                "gebruiker__achternaam", "gebruiker__voornaam"
            )
        )
        return render(
            request,
            "izo_zat/overleg/detail.html",
            page_context(
                request,
                overleg=overleg,
                rechten=rechten,
                agenda=agenda,
                toevoegen=toevoegen,
                deelnemers=deelnemers,
                naam=NAAM[self.soort],
                soort=self.soort,
                prefix=self.prefix(),
            ),
        )


class OverlegAfsluitenView(OverlegMixin, View):
    """Close the meeting: a summary of what was discussed, then the close. The cases move to
    their evaluation dates and the people concerned are mailed."""

    def _page(
        self,
        overleg: Zorgoverleg,
        form: AfsluitenOverlegForm,
        *,
        conflict: StaleVersion | None = None,
        status: int = 200,
    ) -> HttpResponse:
        agenda = (
            izo_agenda(self.tenant, overleg)
            if self.soort == OverlegSoort.IZO
            else zat_agenda(self.tenant, overleg)
        )
        return render(
            self.request,
            "izo_zat/overleg/afsluiten.html",
            page_context(
                self.request,
                overleg=overleg,
                form=form,
                conflict=conflict,
                besproken=[a for a in agenda if a.verslag],
                niet_besproken=[a for a in agenda if not a.verslag],
                naam=NAAM[self.soort],
                soort=self.soort,
                prefix=self.prefix(),
            ),
            status=status,
        )

    def _overleg(self) -> Zorgoverleg:
        overleg, rechten = self.overleg()
        if not rechten.leiden:
            raise PermissionDenied
        return overleg

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        overleg = self._overleg()
        if overleg.is_afgesloten:
            messages.info(request, "Dit overleg is al afgesloten.")
            return HttpResponseRedirect(self.detail_url(overleg))
        return self._page(overleg, AfsluitenOverlegForm(initial={"version": overleg.versie}))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        overleg = self._overleg()
        result = submit(
            AfsluitenOverlegForm,
            request.POST,
            # No version (a bare POST) means no check, as in the services.
            lambda form: overleg_afsluiten(
                overleg=overleg, version=form.cleaned_data["version"], user=self.tenant.user
            ),
        )
        if not result.saved:
            return self._page(overleg, result.form, conflict=result.conflict, status=result.status)
        messages.success(
            request,
            f"Het {NAAM[self.soort]} is afgesloten. De besproken leerlingen staan weer op de "
            "agenda op hun evaluatiedatum; de betrokkenen krijgen een e-mail.",
        )
        return HttpResponseRedirect(self.detail_url(overleg))


def izo_verslag_form(school_id: int, data: Any = None, **kwargs: Any) -> IzoVerslagForm:
    return IzoVerslagForm(data, personen=personen(school_id, OverlegSoort.IZO), **kwargs)


def izo_verslag_pagina(
    request: HttpRequest,
    overleg: Zorgoverleg,
    rechten: OverlegRechten,
    traject: Traject,
    verslag: IzoVerslag | None,
    *,
    form: IzoVerslagForm | None = None,
    besluit_form: IzobesluitForm | None = None,
    advies_form: AdviesForm | None = None,
    conflict: StaleVersion | None = None,
    status: int = 200,
) -> HttpResponse:
    """One pupil in one IZO: the report, its decisions and handelingsadviezen; `form`,
    `besluit_form` or `advies_form` come back with their errors after a failed POST."""
    ctx = tenant_of(request)
    if form is None:
        if verslag is not None:
            initial = {v: getattr(verslag, v) for v in IZO_VERSLAG_VELDEN}
            initial.update(
                version=verslag.versie,
                informeert_leerling=verslag.informeert_leerling_id,
                informeert_ouders=verslag.informeert_ouders_id,
                evaluatiedatum=verslag.evaluatiedatum,
            )
        else:
            initial = {"version": None, **izo_verslag_voorinvulling(traject)}
        form = izo_verslag_form(ctx.school.pk, initial=initial)
    if not rechten.bewerken:
        for veld in form.fields.values():
            veld.disabled = True
    agenda = izo_agenda(ctx, overleg)
    ids = [a.traject.pk for a in agenda]
    index = ids.index(traject.pk) if traject.pk in ids else None
    besluiten = (
        list(verslag.besluiten.select_related("uitvoerder").order_by("pk")) if verslag else []
    )
    zat_casussen = {
        c.izobesluit_id: c
        for c in Zatcasus.objects.filter(izobesluit__in=[b.pk for b in besluiten])
    }
    adviezen = (
        list(verslag.handelingsadviezen.select_related("beoordeeld_door").order_by("pk"))
        if verslag
        else []
    )
    leerling = traject.leerling
    return render(
        request,
        "izo_zat/overleg/izo_verslag.html",
        page_context(
            request,
            overleg=overleg,
            rechten=rechten,
            traject=traject,
            leerling=leerling,
            klas=Plaatsing.objects.active()
            .filter(leerling=leerling)
            .values_list("groep__naam", flat=True)
            .first(),
            niveau=zorgniveaus.label(ctx.school.type, traject.zorgniveau),
            verslag=verslag,
            form=form,
            items=[form[naam] for naam, _l, _u in IZO_VERSLAG_ITEMS],
            besluit_form=besluit_form
            or IzobesluitForm(personen=personen(ctx.school.pk, OverlegSoort.IZO)),
            advies_form=advies_form or AdviesForm(),
            besluiten=[(b, zat_casussen.get(b.pk)) for b in besluiten],
            adviezen=adviezen,
            conflict=conflict,
            aanmelding_zichtbaar=traject.aanmelding_id is not None
            and visible_aanmeldingen(ctx).filter(pk=traject.aanmelding_id).exists(),
            eerdere=[
                v
                for v in verslagen_van_traject(traject, visible_izo_verslagen(ctx))
                if v.overleg_id != overleg.pk
            ],
            zat_toestemming=geldige_zat_toestemming(leerling.pk),
            vorige=agenda[index - 1] if index else None,
            volgende=agenda[index + 1] if index is not None and index + 1 < len(agenda) else None,
        ),
        status=status,
    )


class IzoVerslagView(OverlegMixin, View):
    """One pupil in one IZO: the report of bijlage 22 (pre-filled from the aanmelding, the
    OPP or the previous IZO), decisions, handelingsadviezen and who informs pupil and
    parents. The zorgcoördinator writes; attendees read."""

    soort = OverlegSoort.IZO
    required_permission = p.VIEW_TRAJECT

    def _load(self) -> tuple[Zorgoverleg, OverlegRechten, Traject, IzoVerslag | None]:
        overleg, rechten = self.overleg()
        traject, _traject_rechten = access_traject(self.request, self.kwargs["traject_id"])
        verslag = (
            IzoVerslag.objects.filter(overleg=overleg, traject=traject)
            .select_related("gewijzigd_door")
            .first()
        )
        if verslag is None and not rechten.bewerken:
            raise Http404  # nothing to read yet
        return overleg, rechten, traject, verslag

    def _form(self, data: Any = None) -> IzoVerslagForm:
        return izo_verslag_form(self.tenant.school.pk, data)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        overleg, rechten, traject, verslag = self._load()
        return izo_verslag_pagina(request, overleg, rechten, traject, verslag)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        overleg, rechten, traject, verslag = self._load()
        if not rechten.bewerken:
            raise PermissionDenied
        result = submit(
            self._form,
            request.POST,
            lambda form: in_overleg_schrijven(
                overleg,
                lambda: izo_verslag_update(
                    overleg=overleg,
                    traject=traject,
                    version=form.cleaned_data["version"],
                    velden=form.velden(),
                    user=self.tenant.user,
                ),
            ),
        )
        if not result.saved:
            return izo_verslag_pagina(
                request,
                overleg,
                rechten,
                traject,
                verslag,
                form=result.form,
                conflict=result.conflict,
                status=result.status,
            )
        messages.success(
            request, f"Het verslag van {traject.leerling.volledige_naam} is opgeslagen."
        )
        return HttpResponseRedirect(
            school_url(request, "izo-verslag", overleg_id=overleg.pk, traject_id=traject.pk)
        )


class VerslagWriteMixin(TenantViewMixin):
    """Writes on an IZO report (decisions, handelingsadviezen): the zorgcoördinator, while
    the meeting is open. Errors show the report page again with the form's messages."""

    required_permission = p.MANAGE_ZORGOVERLEG
    kwargs: dict[str, Any]

    def verslag(self) -> IzoVerslag:
        verslag = access_izo_verslag(self.request, self.kwargs["verslag_id"])
        if verslag.overleg.is_afgesloten:
            raise PermissionDenied
        return verslag

    def terug(self, verslag: IzoVerslag, anker: str) -> HttpResponse:
        url = school_url(
            self.request,
            "izo-verslag",
            overleg_id=verslag.overleg_id,
            traject_id=verslag.traject_id,
        )
        return HttpResponseRedirect(f"{url}#{anker}")

    def opnieuw(self, verslag: IzoVerslag, **forms: Any) -> HttpResponse:
        overleg, rechten = access_overleg(self.request, verslag.overleg_id, OverlegSoort.IZO)
        return izo_verslag_pagina(
            self.request, overleg, rechten, verslag.traject, verslag, status=400, **forms
        )


class IzobesluitCreateView(VerslagWriteMixin, View):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        verslag = self.verslag()
        form = IzobesluitForm(
            request.POST, personen=personen(self.tenant.school.pk, OverlegSoort.IZO)
        )
        if not form.is_valid():
            return self.opnieuw(verslag, besluit_form=form)
        data = form.cleaned_data
        try:
            besluit = izobesluit_create(
                verslag=verslag,
                soort=data["soort"],
                omschrijving=data["omschrijving"],
                vorm=data["vorm"],
                uitvoerder=data["uitvoerder"],
                uitvoerder_extern=data["uitvoerder_extern"],
                frequentie=data["frequentie"],
                duur=data["duur"],
                startdatum=data["startdatum"],
                evaluatiedatum=data["evaluatiedatum"],
                user=self.tenant.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.opnieuw(verslag, besluit_form=form)
        if besluit.soort == IzoBesluitSoort.ZAT:
            messages.success(
                request,
                "Het besluit is vastgelegd. Meld de leerling nu aan bij het ZAT; dat kan alleen "
                "met geldige toestemming.",
            )
        else:
            messages.success(request, "Het besluit is vastgelegd.")
        return self.terug(verslag, "besluiten")


class IzobesluitDeleteView(VerslagWriteMixin, View):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        besluit = access_izobesluit(request, kwargs["izobesluit_id"])
        verslag = besluit.verslag
        try:
            izobesluit_delete(besluit=besluit)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.terug(verslag, "besluiten")
        messages.success(request, "Het besluit is verwijderd.")
        return self.terug(verslag, "besluiten")


class AdviesCreateView(VerslagWriteMixin, View):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        verslag = self.verslag()
        form = AdviesForm(request.POST)
        if not form.is_valid():
            return self.opnieuw(verslag, advies_form=form)
        try:
            handelingsadvies_create(
                izo_verslag=verslag,
                tekst=form.cleaned_data["tekst"],
                bestemming=form.cleaned_data["bestemming"],
                user=self.tenant.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.opnieuw(verslag, advies_form=form)
        messages.success(
            request,
            "Het handelingsadvies staat als voorstel bij het groepsplan van de klas; de mentor "
            "neemt het daar over.",
        )
        return self.terug(verslag, "adviezen")


class AdviesDeleteView(TenantViewMixin, View):
    """Remove a proposal the mentor has not judged yet, while its meeting is open."""

    required_permission = p.MANAGE_ZORGOVERLEG

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        advies = access_advies(request, kwargs["advies_id"])
        if advies.izo_verslag is not None:
            verslag = advies.izo_verslag
            terug = school_url(
                request, "izo-verslag", overleg_id=verslag.overleg_id, traject_id=verslag.traject_id
            )
        else:
            assert advies.zat_verslag is not None
            zv = advies.zat_verslag
            terug = school_url(
                request, "zat-verslag", zatoverleg_id=zv.overleg_id, zatcasus_id=zv.casus_id
            )
        try:
            handelingsadvies_delete(advies=advies)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(f"{terug}#adviezen")
        messages.success(request, "Het handelingsadvies is verwijderd.")
        return HttpResponseRedirect(f"{terug}#adviezen")


def izo_verslag_context(request: HttpRequest, verslag: IzoVerslag) -> dict[str, Any]:
    """The report of bijlage 22 as one context, for the page and the PDF (fixed queries)."""
    traject = verslag.traject
    leerling = traject.leerling
    ctx = tenant_of(request)
    plaatsing = Plaatsing.objects.active().filter(leerling=leerling).select_related("groep").first()
    return page_context(
        request,
        verslag=verslag,
        overleg=verslag.overleg,
        traject=traject,
        leerling=leerling,
        klas=plaatsing.groep.naam if plaatsing else "",
        mentoren=list(
            Gebruiker.objects.filter(mentoraten__groep_id=plaatsing.groep_id).order_by("achternaam")
        )
        if plaatsing
        else [],
        niveau=zorgniveaus.label(ctx.school.type, traject.zorgniveau),
        items=[(label, getattr(verslag, naam)) for naam, label, _u in IZO_VERSLAG_ITEMS],
        besluiten=list(verslag.besluiten.select_related("uitvoerder").order_by("pk")),
        adviezen=list(verslag.handelingsadviezen.order_by("pk")),
        informeert_leerling=verslag.informeert_leerling,
        informeert_ouders=verslag.informeert_ouders,
        concept=verslag.overleg.status != OverlegStatus.AFGESLOTEN,
    )


class IzoVerslagDetailView(TenantViewMixin, View):
    """The IZO report as the mentor, the teamleider (and a ZAT partner it is shared with)
    read it. Which reports is decided by izo_zat.access.visible_izo_verslagen."""

    required_permission = p.VIEW_LEERLING

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        verslag = access_izo_verslag(request, kwargs["verslag_id"])
        return render(
            request, "izo_zat/overleg/izo_verslag_lezen.html", izo_verslag_context(request, verslag)
        )


class IzoVerslagPdfView(TenantViewMixin, View):
    required_permission = p.VIEW_LEERLING

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        verslag = access_izo_verslag(request, kwargs["verslag_id"])
        context = izo_verslag_context(request, verslag)
        pdf = render_pdf(
            "izo_zat/pdf/izo_verslag.html",
            context,
            leerlingen=[verslag.traject.leerling_id],
            request=request,
        )
        naam = slugify(f"izo-verslag-{verslag.traject.leerling.volledige_naam}") or "izo-verslag"
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="{naam}-{verslag.overleg.datum:%Y-%m-%d}.pdf"'
        )
        return response
