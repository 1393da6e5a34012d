"""Run a meeting on a projector-friendly screen, record per agenda point what was agreed,
decisions about pupils and actions, close it with the report (bijlage 16) and its PDF.

Everyone who sees the meeting may follow it; only who may run it (`Rechten.bewerken`)
records. Every form works with htmx (the agenda point's section is swapped, the actions
block comes along out-of-band) and without JavaScript (post, redirect to `#punt-<code>`).
Signals, needs and clusters are edited through the groepsoverzicht and groepsplan
endpoints themselves: the screen embeds their fragments, so there is one copy of the data."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from besprekingen import agenda
from besprekingen.access import Recht, Rechten, access_actie, access_bespreking, access_onderdeel
from besprekingen.models import Actie, Besluit, BesluitSoort, Bespreking, Inbreng
from besprekingen.rules import actie_create
from besprekingen.selectors import (
    deelnemers_van,
    leerlingen_van,
    medewerkers,
    open_bilaterale_overleggen,
)
from besprekingen.vergadering.services import besluit_vastleggen
from zorgroute import permissions as p
from zorgroute.forms import add_service_errors
from zorgroute.pdf import render_pdf
from zorgroute.versioning import StaleVersion
from zorgroute.views.base import TenantViewMixin
from zorgroute.views.versioned import submit

from . import selectors, services
from .forms import (
    ActieForm,
    AfsluitenForm,
    AfvinkenForm,
    BesluitForm,
    EvaluatieForm,
    VerslagpuntForm,
)
from .pdf import verslag_context

ACTIES = "acties"
GESLOTEN = "Deze bespreking is afgesloten; het verslag ligt vast."


class VergaderingMixin(TenantViewMixin):
    kwargs: dict[str, Any]
    bespreking: Bespreking
    rechten: Rechten

    def load(self, recht: Recht | None = None) -> None:
        self.bespreking, self.rechten = access_bespreking(
            self.request, self.kwargs["bespreking_id"], recht=recht
        )

    @property
    def htmx(self) -> bool:
        return bool(getattr(self.request, "htmx", False))

    def url(self, name: str, anker: str = "") -> str:
        url = reverse(
            name, kwargs={"school": self.tenant.school.slug, "bespreking_id": self.bespreking.pk}
        )
        return f"{url}#{anker}" if anker else url

    def punt_url(self, code: str) -> str:
        return self.url("bespreking-vergadering", f"punt-{code}")

    # --- refusing -----------------------------------------------------------------------

    def weigeren(self) -> HttpResponse | None:
        """After `load("leiden")` (403 for who may not chair): a Dutch 400 once it is
        closed."""
        if not self.rechten.bewerken:
            return self.gesloten()
        return None

    def gesloten(self) -> HttpResponse:
        if self.htmx:
            # Reload: the screen then shows the closed state, without forms.
            response = HttpResponse(_(GESLOTEN), status=200)
            response["HX-Refresh"] = "true"
            return response
        messages.error(self.request, _(GESLOTEN))
        return self.scherm(status=400)

    # --- rendering ----------------------------------------------------------------------

    def context(
        self,
        *,
        vervangen: dict[str, dict[str, Any]] | None = None,
        actie_form: ActieForm | None = None,
    ) -> dict[str, Any]:
        """The screen's view-model (selectors.vergaderscherm) with the forms of who may record
        and, after a refused post, the replaced parts (`vervangen` per agenda point)."""
        bespreking, mag = self.bespreking, self.rechten
        scherm = selectors.vergaderscherm(self.tenant, bespreking, bewerken=mag.bewerken)
        if mag.bewerken:
            self.add_forms(scherm)
            actie_form = actie_form or ActieForm(
                auto_id="id_actie_%s",
                deelnemers=scherm.deelnemers,
                medewerkers=medewerkers(bespreking.school_id),
                leerlingen=scherm.v.leerlingen,
            )
        for blok in scherm.blokken:
            for naam, waarde in (vervangen or {}).get(blok.code, {}).items():
                setattr(blok, naam, waarde)
        return {
            "tenant": self.tenant,
            "school": self.tenant.school,
            "bespreking": bespreking,
            "mag": mag,
            "v": scherm.v,
            "overzicht": scherm.v.overzicht,
            "o_rechten": scherm.overzicht_rechten,
            "blokken": scherm.blokken,
            "totaal": len(scherm.blokken),
            "actie_form": actie_form,
            "bilateraal": scherm.bilateraal,
            "suggesties": scherm.suggesties,
            "deelnemers": scherm.deelnemers,
            "terug": self.url("bespreking-vergadering"),
        }

    def add_forms(self, scherm: selectors.Vergaderscherm) -> None:
        leerlingen = scherm.v.leerlingen
        for blok in scherm.blokken:
            code = blok.code
            blok.tekst_form = VerslagpuntForm(
                auto_id=f"id_{code}_%s",
                initial={
                    "punt": code,
                    "tekst": blok.verslagpunt.tekst if blok.verslagpunt else "",
                    "version": blok.verslagpunt.versie if blok.verslagpunt else 0,
                },
            )
            blok.besluit_form = BesluitForm(
                auto_id=f"id_besluit_{code}_%s",
                leerlingen=leerlingen,
                initial={
                    "punt": code,
                    "soort": BesluitSoort.AANMELDEN_IZO
                    if code == agenda.IZO
                    else BesluitSoort.AFSPRAAK,
                },
            )
        for item in scherm.bilateraal:
            if item.evaluatie is None:
                item.form = EvaluatieForm(
                    auto_id=f"id_eval{item.overleg.pk}_%s", initial={"evalueert": item.overleg.pk}
                )

    def scherm(self, status: int = 200, **kwargs: Any) -> HttpResponse:
        return render(
            self.request,
            "besprekingen/vergadering/pagina.html",
            self.context(**kwargs),
            status=status,
        )

    def punt_response(self, code: str, status: int = 200, **kwargs: Any) -> HttpResponse:
        """The point's section for htmx (plus the actions block out-of-band), the full screen
        otherwise. htmx swaps only 2xx answers: a refused form comes back as 200 there."""
        if not self.htmx:
            return self.scherm(status=status, **kwargs)
        context = self.context(**kwargs)
        blok = next((b for b in context["blokken"] if b.code == code), None)
        return render(
            self.request,
            "besprekingen/vergadering/_fragment.html",
            {**context, "blok": blok, "code": code},
        )

    def klaar(self, code: str, bericht: str) -> HttpResponse:
        if self.htmx:
            vervangen = {code: {"opgeslagen": True}} if code != ACTIES else None
            return self.punt_response(code, vervangen=vervangen)
        messages.success(self.request, bericht)
        return HttpResponseRedirect(self.punt_url(code))

    def geweigerd_op_punt(self, code: str, exc: ValidationError) -> HttpResponse:
        """A service refused a write on this agenda point: its message on the point (htmx)
        or on the screen (400)."""
        bericht = " ".join(exc.messages)
        if self.htmx:
            return self.punt_response(code, vervangen={code: {"fout": bericht}})
        messages.error(self.request, bericht)
        return self.scherm(status=400)

    def punt_uit_post(self) -> str | None:
        punt = self.request.POST.get("punt", "")
        return punt if punt in agenda.codes(self.bespreking.soort) else None


# --- The meeting screen ---------------------------------------------------------------------


class VergaderingView(VergaderingMixin, View):
    """The meeting screen."""

    required_permission = p.VIEW_BESPREKING

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load()
        if self.bespreking.groepsoverzicht_id is None:
            # A bilateraal overleg is recorded in one go; it has no meeting to run.
            return HttpResponseRedirect(self.url("bespreking-verslag"))
        return self.scherm()


class StartenView(VergaderingMixin, View):
    """Start the meeting (status bezig)."""

    required_permission = p.MANAGE_BESPREKING

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load("leiden")
        geweigerd = self.weigeren()
        if geweigerd:
            return geweigerd
        try:
            services.bespreking_starten(bespreking=self.bespreking, user=self.tenant.user)
        except ValidationError:
            return self.gesloten()
        messages.success(request, _("De vergadering is gestart."))
        return HttpResponseRedirect(self.url("bespreking-vergadering"))


class VerslagpuntView(VergaderingMixin, View):
    """Save what was agreed on one agenda point."""

    required_permission = p.MANAGE_BESPREKING

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load("leiden")
        geweigerd = self.weigeren()
        if geweigerd:
            return geweigerd
        code = self.punt_uit_post()
        if code is None:
            return HttpResponse(_("Kies een agendapunt van deze bespreking."), status=400)
        submission = submit(
            lambda data: VerslagpuntForm(data, auto_id=f"id_{code}_%s"),
            request.POST,
            lambda form: services.verslagpunt_update(
                bespreking=self.bespreking,
                punt=code,
                tekst=form.cleaned_data["tekst"],
                # An empty version: the point was still empty when the user saw it.
                version=form.cleaned_data["version"] or 0,
                user=self.tenant.user,
            ),
        )
        if submission.saved:
            return self.klaar(code, _("Afspraken opgeslagen."))
        if submission.status == 400 and not selectors.is_open(self.bespreking):
            return self.gesloten()
        vervangen = {"tekst_form": submission.form, "conflict": submission.conflict}
        return self.punt_response(code, submission.status, vervangen={code: vervangen})


class InbrengBesprokenView(VergaderingMixin, View):
    """Mark a question as discussed (or not)."""

    required_permission = p.MANAGE_BESPREKING

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load("leiden")
        inbreng = access_onderdeel(self.bespreking, Inbreng, kwargs["inbreng_id"])
        geweigerd = self.weigeren()
        if geweigerd:
            return geweigerd
        besproken = request.POST.get("besproken", "1") == "1"
        try:
            services.inbreng_besproken(inbreng=inbreng, besproken=besproken)
        except ValidationError:
            return self.gesloten()
        return self.klaar(
            inbreng.punt,
            _("Gemarkeerd als besproken.") if besproken else _("Gemarkeerd als nog te bespreken."),
        )


class BesluitCreateView(VergaderingMixin, View):
    """Record a decision about a pupil, or (with `evalueert`) the evaluation of an open
    bilateraal overleg in one click."""

    required_permission = p.MANAGE_BESPREKING

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load("leiden")
        geweigerd = self.weigeren()
        if geweigerd:
            return geweigerd
        if "evalueert" in request.POST:
            return self.evaluatie()
        code = self.punt_uit_post()
        if code is None:
            return HttpResponse(_("Kies een agendapunt van deze bespreking."), status=400)
        leerlingen = {ll.pk: ll for ll in leerlingen_van(self.bespreking)}
        form = BesluitForm(
            request.POST, auto_id=f"id_besluit_{code}_%s", leerlingen=list(leerlingen.values())
        )
        if form.is_valid():
            try:
                besluit_vastleggen(
                    bespreking=self.bespreking,
                    punt=code,
                    leerling=leerlingen[form.cleaned_data["leerling"]],
                    soort=form.cleaned_data["soort"],
                    tekst=form.cleaned_data["tekst"],
                    user=self.tenant.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
        if not form.is_valid():
            return self.punt_response(code, 400, vervangen={code: {"besluit_form": form}})
        bericht = _("Besluit vastgelegd.")
        if form.cleaned_data["soort"] == BesluitSoort.AANMELDEN_IZO:
            bericht = _(
                "Besluit vastgelegd. De mentor heeft een actie gekregen om de IZO-aanmelding "
                "in te vullen."
            )
        return self.klaar(code, bericht)

    def evaluatie(self) -> HttpResponse:
        code = agenda.BILATERAAL
        form = EvaluatieForm(self.request.POST)
        overleggen = {b.pk: b for b in open_bilaterale_overleggen(self.bespreking)}
        overleg = overleggen.get(form.cleaned_data["evalueert"]) if form.is_valid() else None
        if overleg is None or overleg.leerling is None:
            if self.htmx:
                return self.punt_response(
                    code,
                    vervangen={code: {"fout": _("Kies het bilaterale overleg dat je evalueert.")}},
                )
            messages.error(self.request, _("Kies het bilaterale overleg dat je evalueert."))
            return self.scherm(status=400)
        tekst = form.cleaned_data["tekst"].strip() or _(
            "Geëvalueerd in de bespreking van %(datum)s."
        ) % {"datum": self.bespreking.datum.strftime("%d-%m-%Y")}
        try:
            besluit_vastleggen(
                bespreking=self.bespreking,
                punt=code,
                leerling=overleg.leerling,
                soort=BesluitSoort.EVALUATIE,
                tekst=tekst,
                user=self.tenant.user,
                evalueert=overleg,
            )
        except ValidationError as exc:
            return self.geweigerd_op_punt(code, exc)
        return self.klaar(code, _("Evaluatie van het bilaterale overleg vastgelegd."))


class BesluitDeleteView(VergaderingMixin, View):
    """Remove a decision recorded by mistake."""

    required_permission = p.MANAGE_BESPREKING

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load("leiden")
        besluit = access_onderdeel(self.bespreking, Besluit, kwargs["besluit_id"])
        geweigerd = self.weigeren()
        if geweigerd:
            return geweigerd
        try:
            services.besluit_delete(besluit=besluit)
        except ValidationError as exc:
            return self.geweigerd_op_punt(besluit.punt, exc)
        return self.klaar(besluit.punt, _("Besluit verwijderd."))


class ActieCreateView(VergaderingMixin, View):
    """Add an action with owner and due date."""

    required_permission = p.MANAGE_BESPREKING

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load("leiden")
        geweigerd = self.weigeren()
        if geweigerd:
            return geweigerd
        staf = medewerkers(self.bespreking.school_id)
        leerlingen = leerlingen_van(self.bespreking)
        deelnemers = deelnemers_van(self.bespreking)
        form = ActieForm(
            request.POST,
            auto_id="id_actie_%s",
            deelnemers=deelnemers,
            medewerkers=staf,
            leerlingen=leerlingen,
        )
        if form.is_valid():
            eigenaren = {g.pk: g for g in [*deelnemers, *staf]}
            eigenaar = eigenaren.get(form.cleaned_data["eigenaar"])
            if eigenaar is None:
                form.add_error("eigenaar", _("Kies wie dit doet."))
            else:
                try:
                    actie_create(
                        bespreking=self.bespreking,
                        omschrijving=form.cleaned_data["omschrijving"],
                        eigenaar=eigenaar,
                        deadline=form.cleaned_data["deadline"],
                        leerling_id=form.cleaned_data["leerling"],
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc)
        if not form.is_valid():
            return self.punt_response(ACTIES, 400, actie_form=form)
        return self.klaar(ACTIES, _("Actie toegevoegd."))


class ActieDeleteView(VergaderingMixin, View):
    """Remove an action added by mistake."""

    required_permission = p.MANAGE_BESPREKING

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load("leiden")
        actie = access_onderdeel(self.bespreking, Actie, kwargs["actie_id"])
        geweigerd = self.weigeren()
        if geweigerd:
            return geweigerd
        try:
            services.actie_delete(actie=actie)
        except ValidationError:
            return self.gesloten()
        return self.klaar(ACTIES, _("Actie verwijderd."))


class ActieAfvinkenView(TenantViewMixin, View):
    """The owner (or whoever runs the meeting) marks an action done or open again. Anyone
    else gets a 404: the action is not theirs to see."""

    required_permission = p.VIEW_HOME

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        actie, leiden = access_actie(request, kwargs["actie_id"])
        submission = submit(
            AfvinkenForm,
            request.POST,
            lambda form: services.actie_afvinken(
                actie=actie,
                gedaan=bool(form.cleaned_data["gedaan"]),
                user=self.tenant.user,
                version=form.cleaned_data["version"],
            ),
        )
        form = submission.form
        if submission.conflict is not None:
            # The form again with the current version: ticking it again is deliberate.
            return render(
                request,
                "besprekingen/verslag/actie_conflict.html",
                {
                    "tenant": self.tenant,
                    "school": self.tenant.school,
                    "actie": actie,
                    "form": form,
                    "conflict": submission.conflict,
                    "terug": self.terug(form, actie, leiden),
                },
                status=409,
            )
        if not submission.saved:
            return HttpResponse(_("Kies gedaan of open."), status=400)
        gedaan = bool(form.cleaned_data["gedaan"])
        messages.success(request, _("Actie afgevinkt.") if gedaan else _("Actie staat weer open."))
        return HttpResponseRedirect(self.terug(form, actie, leiden))

    def terug(self, form: AfvinkenForm, actie: Actie, leiden: bool) -> str:
        """`next` when it is a path on this site; else the report (for who may see it)."""
        nxt = str(form.cleaned_data.get("next") or "") if form.is_valid() else ""
        if nxt and url_has_allowed_host_and_scheme(
            nxt, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return nxt
        school = self.tenant.school.slug
        if leiden:
            url = reverse(
                "bespreking-verslag",
                kwargs={"school": school, "bespreking_id": actie.bespreking_id},
            )
            return f"{url}#acties"
        return reverse("home", kwargs={"school": school})


# --- Close, report, PDF ---------------------------------------------------------------------


class AfsluitenView(VergaderingMixin, View):
    """Close the meeting with the summary; the report goes to every attendee."""

    required_permission = p.MANAGE_BESPREKING

    def page(
        self, form: AfsluitenForm, status: int = 200, conflict: StaleVersion | None = None
    ) -> HttpResponse:
        context = verslag_context(self.tenant, self.bespreking)
        context.update(
            tenant=self.tenant,
            mag=self.rechten,
            form=form,
            conflict=conflict,
            preview=True,
            terug=self.url("bespreking-afsluiten"),
        )
        return render(self.request, "besprekingen/verslag/afsluiten.html", context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load("leiden")
        if not self.rechten.bewerken:
            messages.info(request, _(GESLOTEN))
            return HttpResponseRedirect(self.url("bespreking-verslag"))
        form = AfsluitenForm(initial={"samenvatting": "", "version": self.bespreking.versie})
        return self.page(form)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load("leiden")
        if not self.rechten.bewerken:
            messages.error(request, _(GESLOTEN))
            return HttpResponseRedirect(self.url("bespreking-verslag"))
        submission = submit(
            AfsluitenForm,
            request.POST,
            lambda form: services.bespreking_afsluiten(
                bespreking=self.bespreking,
                samenvatting=form.cleaned_data["samenvatting"],
                version=form.cleaned_data["version"],
                user=self.tenant.user,
            ),
        )
        if not submission.saved:
            return self.page(
                submission.form, status=submission.status, conflict=submission.conflict
            )
        messages.success(
            request,
            _("De bespreking is afgesloten. Alle deelnemers krijgen het verslag en hun acties."),
        )
        return HttpResponseRedirect(self.url("bespreking-verslag"))


class VerslagView(VergaderingMixin, View):
    """The report of bijlage 16."""

    required_permission = p.VIEW_BESPREKING

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load()
        context = verslag_context(self.tenant, self.bespreking)
        context.update(
            tenant=self.tenant,
            mag=self.rechten,
            preview=False,
            terug=self.url("bespreking-verslag"),
        )
        return render(request, "besprekingen/verslag/verslag.html", context)


class VerslagPdfView(VergaderingMixin, View):
    """The report as PDF."""

    required_permission = p.VIEW_BESPREKING

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load()
        context = verslag_context(self.tenant, self.bespreking)
        pdf = render_pdf(
            "besprekingen/pdf/verslag.html",
            context,
            leerlingen=context["leerling_ids"],
            request=request,
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{context["bestandsnaam"]}"'
        return response
