"""The ZAT: referring from an IZO decision (consent gate), the case page that school staff
and the partners it is shared with work on (analysis in the ZAT report, plan van aanpak
across organisations, casusregie, feedback, referrals out), sharing with partner members,
the ZAT report per meeting, the plan van aanpak as PDF, and linking partner accounts.

A partner sees a case only through izo_zat.access (valid grant and valid consent, read in
SQL on every request) and only the parts shared; everything else is a 404."""

from __future__ import annotations

from abc import ABC, abstractmethod
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
from zorgroute.models import Gebruiker
from zorgroute.pdf import render_pdf
from zorgroute.versioning import StaleVersion
from zorgroute.views.base import TenantViewMixin
from zorgroute.views.versioned import submit

from .. import zorgniveaus
from ..access import (
    CasusRechten,
    access_doorverwijzing,
    access_izobesluit,
    access_overleg,
    access_zatcasus,
    mag_actie_bewerken,
    visible_zatcasussen,
)
from ..advies.forms import AdviesForm
from ..advies.services import handelingsadvies_create
from ..overleg.models import Izobesluit, IzoBesluitSoort, OverlegSoort, OverlegStatus
from ..overleg.selectors import personen
from ..overleg.services import ZAT_VERSLAG_VELDEN, in_overleg_schrijven, mogelijke_deelnemers
from ..pages import page_context, school_url
from ..partners.models import Partnerlid, Partnerorganisatie
from ..toestemming.selectors import geldige_zat_toestemming
from .forms import (
    CasusAfsluitenForm,
    CasusForm,
    DelenForm,
    DoorverwijzingForm,
    DoorverwijzingUpdateForm,
    ZatActieForm,
    ZatActieUpdateForm,
    ZatVerslagForm,
)
from .models import Doorverwijzing, TrajectGrant, ZatActie, Zatcasus, ZatcasusStatus, ZatVerslag
from .selectors import casus_inhoud, casussen_lijst
from .services import (
    casus_afsluiten,
    doorverwijzing_create,
    doorverwijzing_update,
    toegang_intrekken,
    traject_delen,
    zat_aanmelden,
    zat_actie_create,
    zat_actie_update,
    zat_verslag_update,
    zatcasus_update,
)


def _casus_url(request: HttpRequest, casus: Zatcasus, anker: str = "") -> str:
    url = school_url(request, "zat-casus", zatcasus_id=casus.pk)
    return f"{url}#{anker}" if anker else url


class ZatAanmeldenView(TenantViewMixin, View):
    """Refer the pupil to the ZAT as the IZO decided. Without valid consent the page says
    so and nothing is created."""

    required_permission = p.MANAGE_ZORGOVERLEG

    def _besluit(self) -> Izobesluit:
        return access_izobesluit(
            self.request, self.kwargs["izobesluit_id"], soort=IzoBesluitSoort.ZAT
        )

    def _page(self, besluit: Izobesluit, *, fout: str = "", status: int = 200) -> HttpResponse:
        leerling = besluit.verslag.traject.leerling
        bestaand = Zatcasus.objects.filter(izobesluit=besluit).first()
        return render(
            self.request,
            "izo_zat/zat/aanmelden.html",
            page_context(
                self.request,
                besluit=besluit,
                leerling=leerling,
                toestemming=geldige_zat_toestemming(leerling.pk),
                bestaand=bestaand,
                fout=fout,
            ),
            status=status,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._page(self._besluit())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        besluit = self._besluit()
        try:
            casus = zat_aanmelden(izobesluit=besluit, user=self.tenant.user)
        except ValidationError as error:
            return self._page(besluit, fout=" ".join(error.messages), status=400)
        messages.success(
            request,
            f"{besluit.verslag.traject.leerling.volledige_naam} is aangemeld bij het ZAT en staat "
            "op de agenda van het volgende ZAT-overleg. Deel de casus met de ZAT-leden die "
            "eraan werken.",
        )
        return HttpResponseRedirect(_casus_url(request, casus))


class ZatCasusListView(TenantViewMixin, View):
    """The ZAT cases the user may see: for a partner only those shared with them."""

    required_permission = p.VIEW_ZAT

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        lopend, afgesloten = casussen_lijst(self.tenant)
        return render(
            request,
            "izo_zat/zat/casus_list.html",
            page_context(request, lopend=lopend, afgesloten=afgesloten),
        )


def _personen_zat(school_id: int) -> Any:
    return personen(school_id, OverlegSoort.ZAT)


def casus_pagina(
    request: HttpRequest,
    casus: Zatcasus,
    rechten: CasusRechten,
    *,
    status: int = 200,
    conflict: StaleVersion | None = None,
    **forms: Any,
) -> HttpResponse:
    """The case as the user may see it; `forms` replace the empty ones after an error."""
    ctx = tenant_of(request)
    school_id = ctx.school.pk
    traject = casus.traject
    leerling = traject.leerling
    open_ = casus.status != ZatcasusStatus.AFGESLOTEN
    bewerken = rechten.bewerken and open_
    partners = Partnerorganisatie.objects.order_by("naam")
    if bewerken:
        # One look-up of who may be named (staff and partner members) for all the forms.
        ids = mogelijke_deelnemers(school_id, OverlegSoort.ZAT)
        mensen = Gebruiker.objects.filter(pk__in=ids).order_by("achternaam", "voornaam")
        if "casus_form" not in forms:
            forms["casus_form"] = CasusForm(
                personen=mensen,
                initial={
                    "version": casus.versie,
                    "casusregisseur": casus.casusregisseur_id,
                    "terugkoppeling_ouders_door": casus.terugkoppeling_ouders_door_id,
                    "terugkoppeling_school_door": casus.terugkoppeling_school_door_id,
                    "terugkoppeling_ouders": casus.terugkoppeling_ouders,
                    "terugkoppeling_school": casus.terugkoppeling_school,
                    "zat_datum": casus.zat_datum,
                },
            )
        forms.setdefault("actie_form", ZatActieForm(partners=partners, personen=mensen))
        forms.setdefault("doorverwijzing_form", DoorverwijzingForm(partners=partners))
        forms.setdefault(
            "delen_form",
            DelenForm(
                leden=mensen.filter(pk__in=Partnerlid.objects.values("gebruiker_id")),
                initial={"geldig_tot": casus.toestemming.geldig_tot},
            ),
        )
    inhoud = casus_inhoud(ctx, casus, rechten)
    return render(
        request,
        "izo_zat/zat/casus.html",
        page_context(
            request,
            casus=casus,
            rechten=rechten,
            conflict=conflict,
            herladen=_casus_url(request, casus, "regie"),
            bewerken=bewerken,
            traject=traject,
            leerling=leerling,
            klas=inhoud.klas,
            niveau=zorgniveaus.label(ctx.school.type, traject.zorgniveau),
            toestemming=inhoud.toestemming,
            aanmelding=inhoud.aanmelding,
            izo_verslagen=inhoud.izo_verslagen,
            opp=inhoud.opp,
            verslagen=inhoud.verslagen,
            acties=inhoud.acties,
            doorverwijzingen=inhoud.doorverwijzingen,
            grants=inhoud.grants,
            vandaag=timezone.localdate(),
            **forms,
        ),
        status=status,
    )


class ZatCasusView(TenantViewMixin, View):
    required_permission = p.VIEW_ZAT

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        casus, rechten = access_zatcasus(request, kwargs["zatcasus_id"])
        return casus_pagina(request, casus, rechten)


class CasusWriteMixin(TenantViewMixin):
    """Writes on a case by the zorgcoördinator, while it is open."""

    required_permission = p.MANAGE_ZORGOVERLEG
    kwargs: dict[str, Any]

    def casus(self) -> tuple[Zatcasus, CasusRechten]:
        casus, rechten = access_zatcasus(self.request, self.kwargs["zatcasus_id"])
        if not rechten.bewerken:
            raise PermissionDenied
        return casus, rechten


class ZatCasusUpdateView(CasusWriteMixin, View):
    """Casusregie, who reports back to pupil, parents and school, and the next ZAT date."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        casus, rechten = self.casus()
        result = submit(
            lambda data: CasusForm(data, personen=_personen_zat(self.tenant.school.pk)),
            request.POST,
            lambda form: zatcasus_update(
                casus=casus,
                version=form.cleaned_data["version"],
                casusregisseur=form.cleaned_data["casusregisseur"],
                terugkoppeling_ouders_door=form.cleaned_data["terugkoppeling_ouders_door"],
                terugkoppeling_school_door=form.cleaned_data["terugkoppeling_school_door"],
                terugkoppeling_ouders=form.cleaned_data["terugkoppeling_ouders"],
                terugkoppeling_school=form.cleaned_data["terugkoppeling_school"],
                zat_datum=form.cleaned_data["zat_datum"],
                user=self.tenant.user,
            ),
        )
        if not result.saved:
            return casus_pagina(
                request,
                casus,
                rechten,
                casus_form=result.form,
                conflict=result.conflict,
                status=result.status,
            )
        messages.success(request, "De casusregie en terugkoppeling zijn opgeslagen.")
        return HttpResponseRedirect(_casus_url(request, casus, "regie"))


class ZatCasusAfsluitenView(CasusWriteMixin, View):
    def _page(
        self,
        casus: Zatcasus,
        form: CasusAfsluitenForm,
        status: int = 200,
        conflict: StaleVersion | None = None,
    ) -> HttpResponse:
        return render(
            self.request,
            "izo_zat/zat/afsluiten.html",
            page_context(self.request, casus=casus, form=form, conflict=conflict),
            status=status,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        casus, _r = self.casus()
        if not casus.is_open:
            messages.info(request, "Deze casus is al afgesloten.")
            return HttpResponseRedirect(_casus_url(request, casus))
        return self._page(casus, CasusAfsluitenForm(initial={"version": casus.versie}))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        casus, _r = self.casus()
        result = submit(
            CasusAfsluitenForm,
            request.POST,
            lambda form: casus_afsluiten(
                casus=casus,
                version=form.cleaned_data["version"],
                reden=form.cleaned_data["afsluitreden"],
                user=self.tenant.user,
            ),
        )
        if not result.saved:
            return self._page(casus, result.form, result.status, conflict=result.conflict)
        messages.success(
            request,
            "De casus is afgesloten. De ZAT-leden hebben er vanaf nu geen toegang meer toe.",
        )
        return HttpResponseRedirect(_casus_url(request, casus))


class CasusFormulierView(CasusWriteMixin, View, ABC):
    """A form on the case page that adds something through a service: on an error the case
    page comes back (400) with that form's messages and the input kept."""

    form_naam: str  # the form's name in the case page's context
    anker: str  # where on the case page to return

    @abstractmethod
    def maak_form(self, data: Any) -> Any: ...

    @abstractmethod
    def opslaan(self, casus: Zatcasus, data: dict[str, Any]) -> str:
        """Call the service; return the success message."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        casus, rechten = self.casus()
        result = submit(
            self.maak_form, request.POST, lambda form: self.opslaan(casus, form.cleaned_data)
        )
        if result.saved:
            assert result.result is not None
            messages.success(request, result.result)
            return HttpResponseRedirect(_casus_url(request, casus, self.anker))
        return casus_pagina(
            request, casus, rechten, status=result.status, **{self.form_naam: result.form}
        )


class ZatDelenView(CasusFormulierView):
    """Share the case's traject with a partner member (grant until a date, chosen parts)."""

    form_naam, anker = "delen_form", "delen"

    def maak_form(self, data: Any) -> DelenForm:
        leden = Gebruiker.objects.filter(pk__in=Partnerlid.objects.values("gebruiker_id"))
        return DelenForm(data, leden=leden.order_by("achternaam"))

    def opslaan(self, casus: Zatcasus, data: dict[str, Any]) -> str:
        traject_delen(
            casus=casus,
            gebruiker=data["gebruiker"],
            geldig_tot=data["geldig_tot"],
            deelt_aanmelding=data["deelt_aanmelding"],
            deelt_izo_verslagen=data["deelt_izo_verslagen"],
            deelt_opp=data["deelt_opp"],
            user=self.tenant.user,
        )
        return (
            f"De casus is gedeeld met {data['gebruiker'].volledige_naam} tot en met "
            f"{data['geldig_tot']:%d-%m-%Y}; die krijgt een e-mail."
        )


class ZatToegangIntrekkenView(TenantViewMixin, View):
    required_permission = p.MANAGE_ZORGOVERLEG

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        grant = (
            TrajectGrant.objects.filter(
                pk=kwargs["grant_id"],
                content_object__zatcasussen__in=visible_zatcasussen(self.tenant).values("pk"),
            )
            .select_related("user")
            .first()
        )
        if grant is None:
            raise Http404
        toegang_intrekken(grant=grant)
        casus = (
            Zatcasus.objects.filter(traject_id=grant.content_object_id)
            .order_by("-created_at")
            .first()
        )
        assert casus is not None
        messages.success(
            request, f"De toegang van {grant.user.volledige_naam} is ingetrokken, vanaf nu."
        )
        return HttpResponseRedirect(_casus_url(request, casus, "delen"))


class ZatActieCreateView(CasusFormulierView):
    form_naam, anker = "actie_form", "plan"

    def maak_form(self, data: Any) -> ZatActieForm:
        return ZatActieForm(
            data,
            partners=Partnerorganisatie.objects.order_by("naam"),
            personen=_personen_zat(self.tenant.school.pk),
        )

    def opslaan(self, casus: Zatcasus, data: dict[str, Any]) -> str:
        zat_actie_create(
            casus=casus,
            wat=data["wat"],
            doel=data["doel"],
            partner=data["partner"],
            uitvoerder=data["uitvoerder"],
            deadline=data["deadline"],
            user=self.tenant.user,
        )
        return "De actie staat in het plan van aanpak."


class ZatActieUpdateView(TenantViewMixin, View):
    """Progress on one action: the zorgcoördinator, the person it is assigned to, or a
    member of its organisation."""

    required_permission = p.VIEW_ZAT

    def _actie(self) -> tuple[ZatActie, Zatcasus]:
        actie = (
            ZatActie.objects.filter(
                pk=self.kwargs["zatactie_id"],
                casus__in=visible_zatcasussen(self.tenant).values("pk"),
            )
            .select_related("casus", "partner", "uitvoerder")
            .first()
        )
        if actie is None:
            raise Http404
        casus, rechten = access_zatcasus(self.request, actie.casus_id)
        if not mag_actie_bewerken(self.tenant.user.pk, actie, rechten):
            raise PermissionDenied
        return actie, casus

    def _page(
        self,
        actie: ZatActie,
        casus: Zatcasus,
        form: ZatActieUpdateForm,
        *,
        conflict: StaleVersion | None = None,
        status: int = 200,
    ) -> HttpResponse:
        return render(
            self.request,
            "izo_zat/zat/actie.html",
            page_context(self.request, actie=actie, casus=casus, form=form, conflict=conflict),
            status=status,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        actie, casus = self._actie()
        form = ZatActieUpdateForm(
            initial={
                "version": actie.versie,
                "status": actie.status,
                "voortgang": actie.voortgang,
            }
        )
        return self._page(actie, casus, form)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        actie, casus = self._actie()
        result = submit(
            ZatActieUpdateForm,
            request.POST,
            lambda form: zat_actie_update(
                actie=actie,
                version=form.cleaned_data["version"],
                status=form.cleaned_data["status"],
                voortgang=form.cleaned_data["voortgang"],
                user=self.tenant.user,
            ),
        )
        if not result.saved:
            return self._page(
                actie, casus, result.form, conflict=result.conflict, status=result.status
            )
        messages.success(request, "De voortgang is opgeslagen.")
        return HttpResponseRedirect(_casus_url(request, casus, "plan"))


class DoorverwijzingCreateView(CasusFormulierView):
    form_naam, anker = "doorverwijzing_form", "doorverwijzingen"

    def maak_form(self, data: Any) -> DoorverwijzingForm:
        return DoorverwijzingForm(data, partners=Partnerorganisatie.objects.order_by("naam"))

    def opslaan(self, casus: Zatcasus, data: dict[str, Any]) -> str:
        doorverwijzing_create(
            casus=casus,
            soort=data["soort"],
            partner=data["partner"],
            aangevraagd_op=data["aangevraagd_op"],
            toelichting=data["toelichting"],
            user=self.tenant.user,
        )
        return "De doorverwijzing is vastgelegd."


class DoorverwijzingUpdateView(TenantViewMixin, View):
    """Where a referral out stands (aangevraagd, toegekend, afgewezen, gestart, afgerond)."""

    required_permission = p.MANAGE_ZORGOVERLEG

    def _doorverwijzing(self) -> Doorverwijzing:
        return access_doorverwijzing(self.request, self.kwargs["doorverwijzing_id"])

    def _page(
        self,
        d: Doorverwijzing,
        form: DoorverwijzingUpdateForm,
        *,
        conflict: StaleVersion | None = None,
        status: int = 200,
    ) -> HttpResponse:
        return render(
            self.request,
            "izo_zat/zat/doorverwijzing.html",
            page_context(
                self.request, doorverwijzing=d, casus=d.casus, form=form, conflict=conflict
            ),
            status=status,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        d = self._doorverwijzing()
        return self._page(
            d,
            DoorverwijzingUpdateForm(
                initial={"version": d.versie, "status": d.status, "toelichting": d.toelichting}
            ),
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        d = self._doorverwijzing()
        result = submit(
            DoorverwijzingUpdateForm,
            request.POST,
            lambda form: doorverwijzing_update(
                doorverwijzing=d,
                version=form.cleaned_data["version"],
                status=form.cleaned_data["status"],
                toelichting=form.cleaned_data["toelichting"],
                user=self.tenant.user,
            ),
        )
        if not result.saved:
            return self._page(d, result.form, conflict=result.conflict, status=result.status)
        messages.success(request, "De doorverwijzing is bijgewerkt.")
        return HttpResponseRedirect(_casus_url(request, d.casus, "doorverwijzingen"))


def _zat_verslag(
    request: HttpRequest, overleg_id: int, casus_id: int
) -> tuple[Any, Any, Zatcasus, CasusRechten, ZatVerslag | None]:
    """The ZAT meeting and case (with the user's rights on each) and its report, if any."""
    overleg, orechten = access_overleg(request, overleg_id, OverlegSoort.ZAT)
    casus, rechten = access_zatcasus(request, casus_id)
    verslag = ZatVerslag.objects.filter(overleg=overleg, casus=casus).first()
    if verslag is None and not orechten.bewerken:
        raise Http404
    return overleg, orechten, casus, rechten, verslag


def zat_verslag_pagina(
    request: HttpRequest,
    overleg: Any,
    orechten: Any,
    casus: Zatcasus,
    rechten: CasusRechten,
    verslag: ZatVerslag | None,
    *,
    form: ZatVerslagForm | None = None,
    advies_form: AdviesForm | None = None,
    conflict: StaleVersion | None = None,
    status: int = 200,
) -> HttpResponse:
    if form is None:
        initial: dict[str, Any] = {"version": verslag.versie if verslag else None}
        if verslag is not None:
            initial.update({v: getattr(verslag, v) for v in ZAT_VERSLAG_VELDEN})
            initial["evaluatiedatum"] = verslag.evaluatiedatum
        form = ZatVerslagForm(initial=initial)
    if not orechten.bewerken:
        for veld in form.fields.values():
            veld.disabled = True
    return render(
        request,
        "izo_zat/overleg/zat_verslag.html",
        page_context(
            request,
            overleg=overleg,
            orechten=orechten,
            casus=casus,
            rechten=rechten,
            leerling=casus.traject.leerling,
            verslag=verslag,
            form=form,
            advies_form=advies_form or AdviesForm(),
            adviezen=list(verslag.handelingsadviezen.order_by("pk")) if verslag else [],
            conflict=conflict,
        ),
        status=status,
    )


class ZatVerslagView(TenantViewMixin, View):
    """One case in one ZAT meeting: quick round, multidisciplinary analysis, options for
    pupil, family and school, decisions and the evaluation date; handelingsadviezen for the
    school. The zorgcoördinator writes; invited partners read the cases shared with them."""

    required_permission = p.VIEW_ZAT

    def _load(self) -> tuple[Any, Any, Zatcasus, CasusRechten, ZatVerslag | None]:
        return _zat_verslag(self.request, self.kwargs["zatoverleg_id"], self.kwargs["zatcasus_id"])

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return zat_verslag_pagina(request, *self._load())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        overleg, orechten, casus, rechten, verslag = self._load()
        if not orechten.bewerken:
            raise PermissionDenied
        result = submit(
            ZatVerslagForm,
            request.POST,
            lambda form: in_overleg_schrijven(
                overleg,
                lambda: zat_verslag_update(
                    overleg=overleg,
                    casus=casus,
                    version=form.cleaned_data["version"],
                    velden=form.velden(),
                    user=self.tenant.user,
                ),
            ),
        )
        if not result.saved:
            return zat_verslag_pagina(
                request,
                overleg,
                orechten,
                casus,
                rechten,
                verslag,
                form=result.form,
                conflict=result.conflict,
                status=result.status,
            )
        messages.success(request, "Het ZAT-verslag is opgeslagen.")
        return HttpResponseRedirect(
            school_url(request, "zat-verslag", zatoverleg_id=overleg.pk, zatcasus_id=casus.pk)
        )


class ZatAdviesCreateView(TenantViewMixin, View):
    """A handelingsadvies of the ZAT for the school (lands as a proposal in the plan)."""

    required_permission = p.MANAGE_ZORGOVERLEG

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        verslag = (
            ZatVerslag.objects.filter(
                pk=kwargs["zatverslag_id"],
                casus__in=visible_zatcasussen(self.tenant).values("pk"),
            )
            .select_related("overleg", "casus")
            .first()
        )
        if verslag is None:
            raise Http404
        if verslag.overleg.is_afgesloten:
            raise PermissionDenied
        form = AdviesForm(request.POST)
        if form.is_valid():
            try:
                handelingsadvies_create(
                    zat_verslag=verslag,
                    tekst=form.cleaned_data["tekst"],
                    bestemming=form.cleaned_data["bestemming"],
                    user=self.tenant.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, "Het handelingsadvies staat als voorstel bij het groepsplan."
                )
                url = school_url(
                    request,
                    "zat-verslag",
                    overleg_id=verslag.overleg_id,
                    zatcasus_id=verslag.casus_id,
                )
                return HttpResponseRedirect(f"{url}#adviezen")
        geladen = _zat_verslag(request, verslag.overleg_id, verslag.casus_id)
        return zat_verslag_pagina(request, *geladen, advies_form=form, status=400)


class ZatPlanPdfView(TenantViewMixin, View):
    """The ZAT plan van aanpak: question, analysis of the latest ZAT, who does what across
    organisations, casusregie, feedback, referrals and evaluation."""

    required_permission = p.VIEW_ZAT

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        casus, rechten = access_zatcasus(request, kwargs["zatcasus_id"])
        verslagen = casus.verslagen.select_related("overleg").order_by("-overleg__datum", "-pk")
        if not rechten.bewerken:
            verslagen = verslagen.filter(overleg__status=OverlegStatus.AFGESLOTEN)
        context = page_context(
            request,
            casus=casus,
            leerling=casus.traject.leerling,
            niveau=zorgniveaus.label(tenant_of(request).school.type, casus.traject.zorgniveau),
            laatste=verslagen.first(),
            acties=list(
                casus.acties.select_related("partner", "uitvoerder").order_by("deadline", "pk")
            ),
            doorverwijzingen=list(
                casus.doorverwijzingen.select_related("partner").order_by("aangevraagd_op", "pk")
            ),
        )
        pdf = render_pdf(
            "izo_zat/pdf/zat_plan.html",
            context,
            leerlingen=[casus.traject.leerling_id],
            request=request,
        )
        naam = slugify(f"zat-plan-van-aanpak-{casus.traject.leerling.volledige_naam}")
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="{naam}-{timezone.localdate():%Y-%m-%d}.pdf"'
        )
        return response
