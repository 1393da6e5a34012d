"""Beheer pages per entity. Thin: forms validate, services write, selectors read."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils import timezone

from zorgroute import services
from zorgroute.models import (
    Afdeling,
    Groep,
    Leerling,
    Lesgroep,
    Lidmaatschap,
    Medewerker,
    Periode,
    Plaatsing,
    Schooljaar,
    Vak,
)
from zorgroute.services import DeleteRefused

from . import selectors
from . import services as beheer_services
from .base import BeheerActionView, BeheerFormView, BeheerPage
from .forms import (
    AfdelingForm,
    GroepForm,
    GroepPlaatsingForm,
    LeerlingForm,
    LeerlingZoekForm,
    LesgroepForm,
    LidmaatschapForm,
    MedewerkerForm,
    MedewerkerUpdateForm,
    PeriodeForm,
    PlaatsingForm,
    SchooljaarForm,
    VakForm,
)

LEERLINGEN_PER_PAGINA = 50


class IndexView(BeheerPage):
    template_name = "beheer/index.html"
    section = "index"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["counts"] = selectors.beheer_counts()
        return context


def _schooljaar_filter(request_get: Any) -> tuple[Schooljaar | None, list[Schooljaar]]:
    """The schooljaar chosen with ?schooljaar=<id> (this school's only), else the current."""
    jaren = list(Schooljaar.objects.order_by("-startdatum"))
    chosen = request_get.get("schooljaar", "")
    if chosen == "alle":
        return None, jaren
    gekozen = next((j for j in jaren if str(j.pk) == chosen), None)
    if gekozen is None:  # the current schooljaar (as selectors.current_schooljaar), no query
        today = timezone.localdate()
        lopend = (j for j in jaren if j.startdatum <= today <= j.einddatum)
        gekozen = next(lopend, jaren[0] if jaren else None)
    return gekozen, jaren


# --- schooljaren and periodes ------------------------------------------------------------


class SchooljaarListView(BeheerPage):
    template_name = "beheer/schooljaar_list.html"
    section = "schooljaren"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["schooljaren"] = list(selectors.schooljaren_for_list())
        return context


class SchooljaarCreateView(BeheerFormView):
    section = "schooljaren"
    form_class = SchooljaarForm
    title = "Nieuw schooljaar"
    success_message = "Het schooljaar is toegevoegd."

    def save(self, form: Any) -> models.Model:
        return services.schooljaar_create(school=self.tenant.school, **form.service_kwargs())

    def get_success_url(self, obj: models.Model) -> str:
        return self.url("beheer-schooljaar-list")

    def get_cancel_url(self) -> str:
        return self.url("beheer-schooljaar-list")


class SchooljaarUpdateView(SchooljaarCreateView):
    versioned = True
    success_message = "Het schooljaar is opgeslagen."

    def get_object(self) -> Schooljaar:
        return get_object_or_404(Schooljaar.objects.all(), pk=self.kwargs["schooljaar_id"])

    def get_title(self) -> str:
        return f"Schooljaar {self.object}"

    def save(self, form: Any) -> models.Model:
        return services.schooljaar_update(
            schooljaar=self.obj(Schooljaar), user=self.tenant.user, **form.service_kwargs()
        )


class PeriodeCreateView(BeheerFormView):
    section = "schooljaren"
    form_class = PeriodeForm
    success_message = "De periode is toegevoegd."

    def schooljaar(self) -> Schooljaar:
        return get_object_or_404(Schooljaar.objects.all(), pk=self.kwargs["schooljaar_id"])

    def get_title(self) -> str:
        return f"Nieuwe periode in schooljaar {self.schooljaar()}"

    def save(self, form: Any) -> models.Model:
        return services.periode_create(schooljaar=self.schooljaar(), **form.service_kwargs())

    def get_success_url(self, obj: models.Model) -> str:
        return self.url("beheer-schooljaar-list")

    def get_cancel_url(self) -> str:
        return self.url("beheer-schooljaar-list")


class PeriodeUpdateView(BeheerFormView):
    section = "schooljaren"
    form_class = PeriodeForm
    versioned = True
    success_message = "De periode is opgeslagen."

    def get_object(self) -> Periode:
        return get_object_or_404(
            Periode.objects.select_related("schooljaar"), pk=self.kwargs["periode_id"]
        )

    def get_title(self) -> str:
        return f"Periode {self.object}"

    def save(self, form: Any) -> models.Model:
        return services.periode_update(
            periode=self.obj(Periode), user=self.tenant.user, **form.service_kwargs()
        )

    def get_success_url(self, obj: models.Model) -> str:
        return self.url("beheer-schooljaar-list")

    def get_cancel_url(self) -> str:
        return self.url("beheer-schooljaar-list")

    def extra_context_data(self) -> dict[str, Any]:
        assert self.object is not None
        return {
            "delete_url": self.url("beheer-periode-delete", periode_id=self.object.pk),
            "delete_confirm": f"Periode {self.object} verwijderen?",
        }


class PeriodeDeleteView(BeheerActionView):
    section = "schooljaren"
    title = "Periode verwijderen"
    question = "Weet je zeker dat je periode %(obj)s wilt verwijderen?"
    done_message = "Periode %(obj)s is verwijderd."

    def get_object(self) -> Periode:
        return get_object_or_404(
            Periode.objects.select_related("schooljaar"), pk=self.kwargs["periode_id"]
        )

    def perform(self, obj: Any) -> None:
        services.periode_delete(periode=obj)

    def get_success_url(self, obj: models.Model) -> str:
        return self.url("beheer-schooljaar-list")

    def get_cancel_url(self, obj: models.Model) -> str:
        return self.url("beheer-periode-update", periode_id=obj.pk)


# --- afdelingen --------------------------------------------------------------------------


class AfdelingListView(BeheerPage):
    template_name = "beheer/afdeling_list.html"
    section = "afdelingen"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["afdelingen"] = list(selectors.afdelingen_for_list())
        return context


class AfdelingCreateView(BeheerFormView):
    section = "afdelingen"
    form_class = AfdelingForm
    title = "Nieuwe afdeling"
    success_message = "De afdeling is toegevoegd."

    def save(self, form: Any) -> models.Model:
        return services.afdeling_create(school=self.tenant.school, **form.service_kwargs())

    def get_success_url(self, obj: models.Model) -> str:
        return self.url("beheer-afdeling-list")

    def get_cancel_url(self) -> str:
        return self.url("beheer-afdeling-list")


class AfdelingUpdateView(AfdelingCreateView):
    versioned = True
    success_message = "De afdeling is opgeslagen."

    def get_object(self) -> Afdeling:
        return get_object_or_404(Afdeling.objects.all(), pk=self.kwargs["afdeling_id"])

    def get_title(self) -> str:
        return f"Afdeling {self.object}"

    def save(self, form: Any) -> models.Model:
        return services.afdeling_update(
            afdeling=self.obj(Afdeling), user=self.tenant.user, **form.service_kwargs()
        )

    def extra_context_data(self) -> dict[str, Any]:
        assert self.object is not None
        return {
            "delete_url": self.url("beheer-afdeling-delete", afdeling_id=self.object.pk),
            "delete_confirm": f"Afdeling {self.object} verwijderen? Groepen in deze afdeling "
            "houden geen afdeling over.",
        }


class AfdelingDeleteView(BeheerActionView):
    section = "afdelingen"
    title = "Afdeling verwijderen"
    question = (
        "Weet je zeker dat je afdeling %(obj)s wilt verwijderen? Groepen in deze afdeling "
        "houden geen afdeling over."
    )
    done_message = "Afdeling %(obj)s is verwijderd."

    def get_object(self) -> Afdeling:
        return get_object_or_404(Afdeling.objects.all(), pk=self.kwargs["afdeling_id"])

    def perform(self, obj: Any) -> None:
        services.afdeling_delete(afdeling=obj)

    def get_success_url(self, obj: models.Model) -> str:
        return self.url("beheer-afdeling-list")

    def get_cancel_url(self, obj: models.Model) -> str:
        return self.url("beheer-afdeling-update", afdeling_id=obj.pk)


# --- groepen -----------------------------------------------------------------------------


class GroepListView(BeheerPage):
    template_name = "beheer/groep_list.html"
    section = "groepen"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        schooljaar, jaren = _schooljaar_filter(self.request.GET)
        context.update(
            schooljaar=schooljaar,
            schooljaren=jaren,
            groepen=list(selectors.groepen_for_list(schooljaar)),
        )
        return context


class GroepCreateView(BeheerFormView):
    section = "groepen"
    form_class = GroepForm
    title = "Nieuwe groep"
    success_message = "De groep is toegevoegd."

    def save(self, form: Any) -> models.Model:
        return services.groep_create(school=self.tenant.school, **form.service_kwargs())

    def get_success_url(self, obj: models.Model) -> str:
        return self.url("beheer-groep-update", groep_id=obj.pk)

    def get_cancel_url(self) -> str:
        return self.url("beheer-groep-list")


class GroepUpdateView(GroepCreateView):
    template_name = "beheer/groep_form.html"
    versioned = True
    success_message = "De groep is opgeslagen."

    def get_object(self) -> Groep:
        return get_object_or_404(
            Groep.objects.select_related("schooljaar"), pk=self.kwargs["groep_id"]
        )

    def get_title(self) -> str:
        return f"Groep {self.object}"

    def save(self, form: Any) -> models.Model:
        return services.groep_update(
            groep=self.obj(Groep), user=self.tenant.user, **form.service_kwargs()
        )

    def extra_context_data(self) -> dict[str, Any]:
        assert isinstance(self.object, Groep)
        return {"plaatsingen": selectors.groep_plaatsingen(self.object)}


class GroepPlaatsingCreateView(BeheerFormView):
    section = "groepen"
    form_class = GroepPlaatsingForm
    success_message = "De leerling is geplaatst."

    def groep(self) -> Groep:
        return get_object_or_404(
            Groep.objects.select_related("schooljaar"), pk=self.kwargs["groep_id"]
        )

    def get_title(self) -> str:
        return f"Leerling plaatsen in groep {self.groep()}"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["initial"] = {"startdatum": self.groep().schooljaar.startdatum}
        return kwargs

    def save(self, form: Any) -> models.Model:
        return services.plaatsing_create(groep=self.groep(), **form.service_kwargs())

    def get_success_url(self, obj: models.Model) -> str:
        return self.get_cancel_url()

    def get_cancel_url(self) -> str:
        return self.url("beheer-groep-update", groep_id=self.kwargs["groep_id"])


# --- vakken ------------------------------------------------------------------------------


class VakListView(BeheerPage):
    template_name = "beheer/vak_list.html"
    section = "vakken"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["vakken"] = list(selectors.vakken_for_list())
        return context


class VakCreateView(BeheerFormView):
    section = "vakken"
    form_class = VakForm
    title = "Nieuw vak"
    success_message = "Het vak is toegevoegd."

    def save(self, form: Any) -> models.Model:
        return services.vak_create(school=self.tenant.school, **form.service_kwargs())

    def get_success_url(self, obj: models.Model) -> str:
        return self.url("beheer-vak-list")

    def get_cancel_url(self) -> str:
        return self.url("beheer-vak-list")


class VakUpdateView(VakCreateView):
    versioned = True
    success_message = "Het vak is opgeslagen."

    def get_object(self) -> Vak:
        return get_object_or_404(Vak.objects.all(), pk=self.kwargs["vak_id"])

    def get_title(self) -> str:
        return f"Vak {self.object}"

    def save(self, form: Any) -> models.Model:
        return services.vak_update(
            vak=self.obj(Vak), user=self.tenant.user, **form.service_kwargs()
        )

    def extra_context_data(self) -> dict[str, Any]:
        assert self.object is not None
        return {
            "delete_url": self.url("beheer-vak-delete", vak_id=self.object.pk),
            "delete_confirm": f"Vak {self.object} verwijderen?",
        }


class VakDeleteView(BeheerActionView):
    section = "vakken"
    title = "Vak verwijderen"
    question = "Weet je zeker dat je vak %(obj)s wilt verwijderen?"
    done_message = "Vak %(obj)s is verwijderd."

    def get_object(self) -> Vak:
        return get_object_or_404(Vak.objects.all(), pk=self.kwargs["vak_id"])

    def perform(self, obj: Any) -> None:
        services.vak_delete(vak=obj)

    def get_success_url(self, obj: models.Model) -> str:
        return self.url("beheer-vak-list")

    def get_cancel_url(self, obj: models.Model) -> str:
        return self.url("beheer-vak-update", vak_id=obj.pk)


# --- lesgroepen --------------------------------------------------------------------------


class LesgroepListView(BeheerPage):
    template_name = "beheer/lesgroep_list.html"
    section = "lesgroepen"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        schooljaar, jaren = _schooljaar_filter(self.request.GET)
        context.update(
            schooljaar=schooljaar,
            schooljaren=jaren,
            lesgroepen=list(selectors.lesgroepen_for_list(schooljaar)),
        )
        return context


class LesgroepCreateView(BeheerFormView):
    section = "lesgroepen"
    form_class = LesgroepForm
    title = "Nieuwe lesgroep"
    success_message = "De lesgroep is toegevoegd."

    def save(self, form: Any) -> models.Model:
        return services.lesgroep_create(school=self.tenant.school, **form.service_kwargs())

    def get_success_url(self, obj: models.Model) -> str:
        return self.url("beheer-lesgroep-list")

    def get_cancel_url(self) -> str:
        return self.url("beheer-lesgroep-list")


class LesgroepUpdateView(LesgroepCreateView):
    versioned = True
    success_message = "De lesgroep is opgeslagen."

    def get_object(self) -> Lesgroep:
        return get_object_or_404(Lesgroep.objects.all(), pk=self.kwargs["lesgroep_id"])

    def get_title(self) -> str:
        return f"Lesgroep {self.object}"

    def save(self, form: Any) -> models.Model:
        return services.lesgroep_update(
            lesgroep=self.obj(Lesgroep), user=self.tenant.user, **form.service_kwargs()
        )


# --- leerlingen and plaatsingen ----------------------------------------------------------


class LeerlingListView(BeheerPage):
    template_name = "beheer/leerling_list.html"
    section = "leerlingen"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        zoekform = LeerlingZoekForm(self.request.GET or None)
        zoek = zoekform.cleaned_data.get("q", "") if zoekform.is_valid() else ""
        paginator = Paginator(selectors.leerlingen_for_list(zoek), LEERLINGEN_PER_PAGINA)
        page = paginator.get_page(self.request.GET.get("pagina"))
        context.update(zoekform=zoekform, zoek=zoek, page=page, leerlingen=list(page))
        return context


class LeerlingCreateView(BeheerFormView):
    section = "leerlingen"
    form_class = LeerlingForm
    title = "Nieuwe leerling"
    success_message = "De leerling is toegevoegd. Plaats de leerling nu in een groep."

    def save(self, form: Any) -> models.Model:
        return services.leerling_create(school=self.tenant.school, **form.service_kwargs())

    def get_success_url(self, obj: models.Model) -> str:
        assert isinstance(obj, Leerling)
        return self.url("beheer-leerling-update", leerling_uuid=obj.uuid)

    def get_cancel_url(self) -> str:
        return self.url("beheer-leerling-list")


class LeerlingUpdateView(LeerlingCreateView):
    template_name = "beheer/leerling_form.html"
    versioned = True
    success_message = "De leerling is opgeslagen."

    def get_object(self) -> Leerling:
        return get_object_or_404(Leerling.objects.all(), uuid=self.kwargs["leerling_uuid"])

    def get_title(self) -> str:
        return f"Leerling {self.object}"

    def save(self, form: Any) -> models.Model:
        return services.leerling_update(
            leerling=self.obj(Leerling), user=self.tenant.user, **form.service_kwargs()
        )

    def extra_context_data(self) -> dict[str, Any]:
        assert isinstance(self.object, Leerling)
        return {"plaatsingen": selectors.leerling_plaatsingen(self.object)}


class LeerlingPlaatsingCreateView(BeheerFormView):
    section = "leerlingen"
    form_class = PlaatsingForm
    success_message = "De leerling is geplaatst."

    def leerling(self) -> Leerling:
        return get_object_or_404(Leerling.objects.all(), uuid=self.kwargs["leerling_uuid"])

    def get_title(self) -> str:
        return f"{self.leerling()} plaatsen in een groep"

    def save(self, form: Any) -> models.Model:
        return services.plaatsing_create(leerling=self.leerling(), **form.service_kwargs())

    def get_success_url(self, obj: models.Model) -> str:
        return self.get_cancel_url()

    def get_cancel_url(self) -> str:
        return self.url("beheer-leerling-update", leerling_uuid=self.kwargs["leerling_uuid"])


def _plaatsing(view: Any) -> Plaatsing:
    return get_object_or_404(
        Plaatsing.objects.select_related("leerling", "groep", "groep__schooljaar"),
        pk=view.kwargs["plaatsing_id"],
    )


def _plaatsing_back_url(view: Any, plaatsing: Plaatsing) -> str:
    """Back to where the user came from: the groep (?vanuit=groep) or the leerling."""
    if view.request.GET.get("vanuit") == "groep":
        return str(view.url("beheer-groep-update", groep_id=plaatsing.groep_id))
    return str(view.url("beheer-leerling-update", leerling_uuid=plaatsing.leerling.uuid))


class PlaatsingUpdateView(BeheerFormView):
    section = "leerlingen"
    form_class = PlaatsingForm
    versioned = True
    success_message = "De plaatsing is opgeslagen."

    def get_object(self) -> Plaatsing:
        return _plaatsing(self)

    def get_title(self) -> str:
        assert isinstance(self.object, Plaatsing)
        return f"Plaatsing van {self.object.leerling} in {self.object.groep}"

    def save(self, form: Any) -> models.Model:
        return services.plaatsing_update(
            plaatsing=self.obj(Plaatsing), user=self.tenant.user, **form.service_kwargs()
        )

    def get_success_url(self, obj: models.Model) -> str:
        assert isinstance(obj, Plaatsing)
        return _plaatsing_back_url(self, obj)

    def get_cancel_url(self) -> str:
        assert isinstance(self.object, Plaatsing)
        return _plaatsing_back_url(self, self.object)

    def extra_context_data(self) -> dict[str, Any]:
        assert isinstance(self.object, Plaatsing)
        url = self.url("beheer-plaatsing-delete", plaatsing_id=self.object.pk)
        if self.request.GET.get("vanuit") == "groep":
            url += "?vanuit=groep"
        return {
            "delete_url": url,
            "delete_confirm": f"Plaatsing van {self.object} verwijderen? Gebruik liever een "
            "einddatum als de leerling echt in deze groep heeft gezeten.",
        }


class PlaatsingDeleteView(BeheerActionView):
    section = "leerlingen"
    title = "Plaatsing verwijderen"
    question = (
        "Weet je zeker dat je de plaatsing van %(obj)s wilt verwijderen? Heeft de leerling "
        "echt in deze groep gezeten, vul dan liever een einddatum in."
    )
    done_message = "De plaatsing van %(obj)s is verwijderd."

    def get_object(self) -> Plaatsing:
        return _plaatsing(self)

    def perform(self, obj: Any) -> None:
        services.plaatsing_delete(plaatsing=obj)

    def get_success_url(self, obj: Any) -> str:
        return _plaatsing_back_url(self, obj)


# --- medewerkers (the school's staff records), invitations and lidmaatschappen -------------


def _medewerker(view: Any, *, aangenomen: bool = False) -> Medewerker:
    """This school's staff record (tenant-scoped: 404 for another school's); with
    `aangenomen` only one whose invitation was accepted (a role needs an account)."""
    qs = Medewerker.objects.all()
    if aangenomen:
        qs = qs.filter(gebruiker__isnull=False)
    return get_object_or_404(qs, pk=view.kwargs["medewerker_id"])


def _medewerker_url(view: Any, lid: Lidmaatschap) -> str:
    medewerker = selectors.medewerker_van(lid)
    return str(view.url("beheer-medewerker-update", medewerker_id=medewerker.pk))


class MedewerkerListView(BeheerPage):
    template_name = "beheer/medewerker_list.html"
    section = "medewerkers"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["medewerkers"] = selectors.medewerkers_for_list()
        return context


class MedewerkerCreateView(BeheerFormView):
    """Invite a person. The same answer and the same page follow for every address, so the
    form does not tell whether an address has an account anywhere."""

    section = "medewerkers"
    form_class = MedewerkerForm
    title = "Medewerker uitnodigen"
    submit_label = "Uitnodiging versturen"

    def save(self, form: Any) -> models.Model:
        return beheer_services.medewerker_uitnodigen(
            school=self.tenant.school, door=self.tenant.user, **form.service_kwargs()
        )

    def get_success_message(self, obj: models.Model) -> str:
        assert isinstance(obj, Medewerker)
        return (
            f"Er is een uitnodiging voor {self.tenant.school.naam} gestuurd naar {obj.email}. "
            "De medewerker krijgt toegang zodra de uitnodiging is aangenomen."
        )

    def get_success_url(self, obj: models.Model) -> str:
        return self.url("beheer-medewerker-list")

    def get_cancel_url(self) -> str:
        return self.url("beheer-medewerker-list")


class MedewerkerUpdateView(BeheerFormView):
    template_name = "beheer/medewerker_form.html"
    section = "medewerkers"
    form_class = MedewerkerUpdateForm
    versioned = True
    success_message = "De gegevens van de medewerker zijn opgeslagen."

    def get_object(self) -> Medewerker:
        return _medewerker(self)

    def get_title(self) -> str:
        return f"Medewerker {self.object}"

    def save(self, form: Any) -> models.Model:
        return beheer_services.medewerker_update(
            medewerker=self.obj(Medewerker), user=self.tenant.user, **form.service_kwargs()
        )

    def get_success_url(self, obj: models.Model) -> str:
        return self.url("beheer-medewerker-update", medewerker_id=obj.pk)

    def get_cancel_url(self) -> str:
        return self.url("beheer-medewerker-list")

    def extra_context_data(self) -> dict[str, Any]:
        medewerker = self.obj(Medewerker)
        return {
            "lidmaatschappen": selectors.medewerker_lidmaatschappen(medewerker),
            "uitnodiging": selectors.laatste_uitnodiging(medewerker),
            "today": timezone.localdate(),
        }


class UitnodigingOpnieuwView(BeheerActionView):
    section = "medewerkers"
    title = "Uitnodiging opnieuw versturen"
    question = (
        "Een nieuwe uitnodiging naar %(obj)s sturen? De link in de vorige uitnodiging werkt "
        "dan niet meer."
    )
    confirm_label = "Opnieuw versturen"
    done_message = "Er is een nieuwe uitnodiging gestuurd naar %(obj)s."

    def get_object(self) -> Medewerker:
        return _medewerker(self)

    def get_question(self, obj: models.Model) -> str:
        assert isinstance(obj, Medewerker)
        return self.question % {"obj": obj.email}

    def perform(self, obj: Any) -> None:
        try:
            beheer_services.uitnodiging_opnieuw(medewerker=obj, door=self.tenant.user)
        except ValidationError as exc:
            raise DeleteRefused(" ".join(exc.messages)) from exc
        self.done_message = self.done_message % {"obj": obj.email}

    def get_success_url(self, obj: Any) -> str:
        return self.url("beheer-medewerker-update", medewerker_id=obj.pk)


class LidmaatschapCreateView(BeheerFormView):
    section = "medewerkers"
    form_class = LidmaatschapForm
    submit_label = "Rol toevoegen"
    success_message = "De rol is toegevoegd."

    def medewerker(self) -> Medewerker:
        if not hasattr(self, "_medewerker"):
            self._medewerker = _medewerker(self, aangenomen=True)
        return self._medewerker

    def get_title(self) -> str:
        return f"Rol toevoegen voor {self.medewerker()}"

    def save(self, form: Any) -> models.Model:
        gebruiker = self.medewerker().gebruiker
        assert gebruiker is not None
        return services.lidmaatschap_create(
            school=self.tenant.school, gebruiker=gebruiker, **form.service_kwargs()
        )

    def get_success_url(self, obj: models.Model) -> str:
        return self.get_cancel_url()

    def get_cancel_url(self) -> str:
        return self.url("beheer-medewerker-update", medewerker_id=self.kwargs["medewerker_id"])


def _lidmaatschap(view: Any) -> Lidmaatschap:
    return get_object_or_404(
        Lidmaatschap.objects.select_related("gebruiker", "afdeling"),
        pk=view.kwargs["lidmaatschap_id"],
    )


class LidmaatschapUpdateView(BeheerFormView):
    section = "medewerkers"
    form_class = LidmaatschapForm
    versioned = True
    success_message = "De rol is opgeslagen."

    def get_object(self) -> Lidmaatschap:
        return _lidmaatschap(self)

    def get_title(self) -> str:
        lid = self.obj(Lidmaatschap)
        return f"Rol van {selectors.medewerker_van(lid)} – {lid.get_rol_display()}"

    def save(self, form: Any) -> models.Model:
        return services.lidmaatschap_update(
            lidmaatschap=self.obj(Lidmaatschap), by=self.tenant.user, **form.service_kwargs()
        )

    def get_success_url(self, obj: models.Model) -> str:
        assert isinstance(obj, Lidmaatschap)
        return _medewerker_url(self, obj)

    def get_cancel_url(self) -> str:
        return _medewerker_url(self, self.obj(Lidmaatschap))


class LidmaatschapEndView(BeheerActionView):
    section = "medewerkers"
    title = "Rol beëindigen"
    question = (
        "Weet je zeker dat je de rol %(obj)s wilt beëindigen? De medewerker heeft vanaf "
        "vandaag geen toegang meer via deze rol."
    )
    confirm_label = "Rol beëindigen"
    done_message = "De rol %(obj)s is beëindigd."

    def get_object(self) -> Lidmaatschap:
        return _lidmaatschap(self)

    def get_question(self, obj: models.Model) -> str:
        return self.question % {"obj": _rol_van(obj)}

    def perform(self, obj: Any) -> None:
        services.lidmaatschap_end(lidmaatschap=obj, by=self.tenant.user)
        self.done_message = self.done_message % {"obj": _rol_van(obj)}

    def get_success_url(self, obj: Any) -> str:
        return _medewerker_url(self, obj)


def _rol_van(lid: Any) -> str:
    """A role as this school names its holder (never the account's own name)."""
    return f"{selectors.medewerker_van(lid)} – {lid.get_rol_display()}"
