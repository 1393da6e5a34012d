"""One row's S column (signals), its onderwijsbehoeften, and remarks from teachers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views import View

from zorgroute import permissions as p
from zorgroute.versioning import VERSION_FIELD
from zorgroute.views.versioned import submit

from .. import selectors, services
from ..access import access_behoefte, access_opmerking, access_signalering, require
from ..forms import (
    BehoefteForm,
    BesluitForm,
    HandmatigSignaalForm,
    OpmerkingForm,
)
from ..models import (
    Onderwijsbehoefte,
    Opmerking,
    Signalering,
)
from .base import OverzichtMixin

# --- One row's S and needs cells ---------------------------------------------------------------


class RegelView(OverzichtMixin, View):
    """Read-only fragments of one row: `?deel=s` (signals) or `?deel=behoeften` (needs).
    Used by the Cancel buttons of the inline forms."""

    required_permission = p.VIEW_GROEPSOVERZICHT

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        rij = self.rij(kwargs["regel_id"])
        if request.GET.get("deel") == "behoeften":
            return self.respond("groepsoverzicht/overzicht/_behoeften.html", {"rij": rij})
        return self.respond("groepsoverzicht/overzicht/_s_cel.html", {"rij": rij})


class SignaleringBesluitView(OverzichtMixin, View):
    """Confirm or reject a proposed signal (or undo that)."""

    required_permission = p.CHANGE_GROEPSOVERZICHT

    def signalering(self, signalering_id: int) -> Signalering:
        return access_signalering(self.overzicht, signalering_id)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.bewerken)
        signalering = self.signalering(kwargs["signalering_id"])
        rij = self.rij(signalering.regel_id)
        return self.respond("groepsoverzicht/overzicht/_s_cel.html", {"rij": rij})

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.bewerken)
        signalering = self.signalering(kwargs["signalering_id"])
        form = BesluitForm(request.POST)
        if not form.is_valid():
            return HttpResponse(_("Kies bevestigen of afwijzen."), status=400)
        services.signalering_besluiten(
            signalering=signalering, status=form.cleaned_data["status"], user=self.tenant.user
        )
        if not self.htmx:
            messages.success(request, _("Signaal bijgewerkt."))
            return HttpResponseRedirect(self.overzicht_url(f"regel-{signalering.regel_id}"))
        rij = self.rij(signalering.regel_id)
        return self.met_tellers(
            self.fragment("groepsoverzicht/overzicht/_s_cel.html", {"rij": rij})
        )


class SignaleringCreateView(OverzichtMixin, View):
    """The mentor flags a pupil by hand, with a reason category and an explanation."""

    required_permission = p.CHANGE_GROEPSOVERZICHT
    template = "groepsoverzicht/overzicht/_s_cel.html"

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.bewerken)
        rij = self.rij(kwargs["regel_id"])
        form = HandmatigSignaalForm(auto_id=f"id_s{rij.regel.pk}_%s")
        return self.respond(self.template, {"rij": rij, "signaal_form": form})

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.bewerken)
        regel = self.regel(kwargs["regel_id"])

        def save(form: HandmatigSignaalForm) -> Signalering:
            return services.signalering_create(
                regel=regel,
                reden=form.cleaned_data["reden"],
                uitleg=form.cleaned_data["uitleg"],
                proactief=form.cleaned_data["proactief"],
                user=self.tenant.user,
            )

        submission = submit(
            lambda data: HandmatigSignaalForm(data, auto_id=f"id_s{regel.pk}_%s"),
            request.POST,
            save,
        )
        if not submission.saved:
            return self.respond(
                self.template,
                {"rij": self.rij(regel.pk), "signaal_form": submission.form},
                status=200 if self.htmx else submission.status,
            )
        if not self.htmx:
            messages.success(request, _("Leerling gesignaleerd."))
            return HttpResponseRedirect(self.overzicht_url(f"regel-{regel.pk}"))
        return self.met_tellers(self.fragment(self.template, {"rij": self.rij(regel.pk)}))


# --- Onderwijsbehoeften ------------------------------------------------------------------------


class BehoefteMixin(OverzichtMixin):
    template = "groepsoverzicht/overzicht/_behoeften.html"

    def behoefte(self, behoefte_id: int) -> Onderwijsbehoefte:
        return access_behoefte(self.overzicht, behoefte_id)

    def form(self, data: Any = None, *, regel_id: int, **kwargs: Any) -> BehoefteForm:
        return BehoefteForm(
            data,
            domeinen=selectors.relevante_domeinen(self.overzicht),
            hulpzinnen=selectors.hulpzinnen(),
            auto_id=f"id_b{regel_id}_%s",
            **kwargs,
        )

    def block(
        self,
        regel_id: int,
        *,
        form: BehoefteForm | None = None,
        bewerk: Onderwijsbehoefte | None = None,
        status: int = 200,
        **extra: Any,
    ) -> HttpResponse:
        context = {
            "rij": self.rij(regel_id),
            "behoefte_form": form,
            "bewerk_id": bewerk.pk if bewerk else None,
            "bewerk": bewerk,
            **extra,
        }
        return self.respond(self.template, context, status=200 if self.htmx else status)

    def done(self, regel_id: int, message: str) -> HttpResponse:
        if not self.htmx:
            messages.success(self.request, message)
            return HttpResponseRedirect(self.overzicht_url(f"regel-{regel_id}"))
        return self.met_tellers(self.block(regel_id))


class BehoefteCreateView(BehoefteMixin, View):
    required_permission = p.CHANGE_GROEPSOVERZICHT

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.bewerken)
        regel = self.regel(kwargs["regel_id"])
        return self.block(regel.pk, form=self.form(regel_id=regel.pk))

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.bewerken)
        regel = self.regel(kwargs["regel_id"])

        def save(form: BehoefteForm) -> Onderwijsbehoefte:
            data = form.cleaned_data
            return services.onderwijsbehoefte_create(
                regel=regel,
                soort=data["soort"],
                behoefte=data["behoefte"],
                doel=data["doel"] or "",
                domein_id=data["domein"].pk if data["domein"] else None,
            )

        submission = submit(lambda data: self.form(data, regel_id=regel.pk), request.POST, save)
        if not submission.saved:
            return self.block(regel.pk, form=submission.form, status=submission.status)
        return self.done(regel.pk, _("Onderwijsbehoefte toegevoegd."))


class BehoefteUpdateView(BehoefteMixin, View):
    """Edit a need; the form carries its `versie`, so a colleague's edit in between is shown
    next to the user's input (409) instead of being overwritten."""

    required_permission = p.CHANGE_GROEPSOVERZICHT

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.bewerken)
        behoefte = self.behoefte(kwargs["behoefte_id"])
        form = self.form(
            regel_id=behoefte.regel_id,
            version=behoefte.versie,
            initial={
                "soort": behoefte.soort,
                "domein": behoefte.domein_id,
                "doel": behoefte.doel,
                "behoefte": behoefte.behoefte,
            },
        )
        return self.block(behoefte.regel_id, form=form, bewerk=behoefte)

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.bewerken)
        behoefte = self.behoefte(kwargs["behoefte_id"])

        def save(form: BehoefteForm) -> Onderwijsbehoefte:
            data = form.cleaned_data
            return services.onderwijsbehoefte_update(
                behoefte=behoefte,
                version=data[VERSION_FIELD],
                values={
                    "soort": data["soort"],
                    "domein_id": data["domein"].pk if data["domein"] else None,
                    "doel": data["doel"] or "",
                    "behoefte": data["behoefte"],
                },
                user=self.tenant.user,
            )

        submission = submit(
            lambda data: self.form(data, regel_id=behoefte.regel_id), request.POST, save
        )
        if submission.saved:
            return self.done(behoefte.regel_id, _("Onderwijsbehoefte opgeslagen."))
        return self.block(
            behoefte.regel_id,
            form=submission.form,
            bewerk=behoefte,
            conflict=submission.conflict,
            status=submission.status,
        )


class BehoefteDeleteView(BehoefteMixin, View):
    required_permission = p.CHANGE_GROEPSOVERZICHT

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.bewerken)
        behoefte = self.behoefte(kwargs["behoefte_id"])
        return self.respond(
            "groepsoverzicht/overzicht/_behoefte_verwijderen.html", {"behoefte": behoefte}
        )

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.bewerken)
        behoefte = self.behoefte(kwargs["behoefte_id"])
        regel_id = behoefte.regel_id
        services.onderwijsbehoefte_delete(behoefte=behoefte)
        return self.done(regel_id, _("Onderwijsbehoefte verwijderd."))


# --- Remarks from teachers of the class ---------------------------------------------------------


class OpmerkingCreateView(OverzichtMixin, View):
    """A teacher of the class leaves a remark for the mentor (cyclus A)."""

    required_permission = p.VIEW_GROEPSOVERZICHT
    template = "groepsoverzicht/overzicht/_opmerking_form.html"

    def leerlingen(self) -> list[tuple[int, str]]:
        return selectors.overzicht_leerlingen(self.overzicht)

    def allowed(self) -> None:
        require(self.rechten.opmerken or self.rechten.bewerken)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.allowed()
        form = OpmerkingForm(leerlingen=self.leerlingen())
        return self.respond(self.template, {"opmerking_form": form})

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.allowed()
        leerlingen = self.leerlingen()

        def save(form: OpmerkingForm) -> Opmerking:
            leerling_id = form.cleaned_data["leerling"]
            return services.opmerking_create(
                overzicht=self.overzicht,
                tekst=form.cleaned_data["tekst"],
                user=self.tenant.user,
                leerling=(
                    selectors.overzicht_leerling(self.overzicht, int(leerling_id))
                    if leerling_id
                    else None
                ),
            )

        submission = submit(
            lambda data: OpmerkingForm(data, leerlingen=leerlingen), request.POST, save
        )
        if not submission.saved:
            return self.respond(
                self.template,
                {"opmerking_form": submission.form},
                status=200 if self.htmx else submission.status,
            )
        if not self.htmx:
            messages.success(request, _("Je opmerking is naar de mentor gestuurd."))
            return HttpResponseRedirect(self.overzicht_url("opmerkingen"))
        return self.fragment(
            self.template,
            {"opmerking_form": OpmerkingForm(leerlingen=leerlingen), "verstuurd": True},
        )


class OpmerkingAfhandelenView(OverzichtMixin, View):
    required_permission = p.CHANGE_GROEPSOVERZICHT
    template = "groepsoverzicht/overzicht/_opmerkingen.html"

    def opmerking(self, opmerking_id: int) -> Opmerking:
        return access_opmerking(self.overzicht, opmerking_id)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.bewerken)
        self.opmerking(kwargs["opmerking_id"])
        return self.respond(
            self.template, {"opmerkingen": selectors.open_opmerkingen(self.overzicht)}
        )

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.bewerken)
        services.opmerking_afhandelen(opmerking=self.opmerking(kwargs["opmerking_id"]))
        if not self.htmx:
            messages.success(request, _("Opmerking afgehandeld."))
            return HttpResponseRedirect(self.overzicht_url("opmerkingen"))
        return self.fragment(
            self.template,
            {"opmerkingen": selectors.open_opmerkingen(self.overzicht), "afgehandeld": True},
        )
