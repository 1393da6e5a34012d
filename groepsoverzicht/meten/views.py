"""Configuring what is measured (CONFIGURE_METEN: zorgcoördinator and beheerder):
meetinstrumenten with their domeinen and toetsmomenten, the school's ijkpunten and the
hulpzinnen. Thin views on the beheer base classes: forms validate, `services` writes,
objects come only through the scoped managers (another school's id is a 404)."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView

from zorgroute import permissions as p
from zorgroute.beheer.base import BeheerActionView, BeheerFormView
from zorgroute.forms import version_field
from zorgroute.models import VersionedDocument
from zorgroute.versioning import VERSION_FIELD, StaleVersion
from zorgroute.views.base import TenantViewMixin
from zorgroute.views.versioned import submit

from ..models import CruciaalMoment, Domein, Hulpzin, Ijkpunt, Meetinstrument, Toetsmoment
from . import selectors, services
from .forms import (
    CruciaalMomentForm,
    DomeinForm,
    HulpzinForm,
    IjkpuntForm,
    MeetinstrumentForm,
    ToetsmomentForm,
)

#: (section key, label, url name) of the meten sub-navigation.
METEN_NAV = [
    ("index", "Meetinstrumenten en ijkpunten", "meten-index"),
    ("hulpzinnen", "Hulpzinnen", "meten-hulpzin-list"),
    ("resultaten", "Resultaten invoeren", "resultaten-index"),
]


class MetenMixin(TenantViewMixin):
    required_permission = p.CONFIGURE_METEN
    section: ClassVar[str] = "index"
    kwargs: dict[str, Any]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        slug = self.tenant.school.slug
        context["meten_nav"] = [
            {
                "key": key,
                "label": label,
                "url": reverse(name, kwargs={"school": slug}),
                "current": key == self.section,
            }
            for key, label, name in METEN_NAV
            if name != "resultaten-index" or self.tenant.has_perm(p.ENTER_RESULTATEN)
        ]
        return context

    def url(self, name: str, **kwargs: Any) -> str:
        return reverse(name, kwargs={"school": self.tenant.school.slug, **kwargs})


class MetenFormView(MetenMixin, BeheerFormView):
    """Create/update form with the beheer look (Dutch errors), under CONFIGURE_METEN instead
    of MANAGE_ROSTER. Update views set `versioned = True`: the form carries the row's
    `versie`, and a stale save comes back (409) with the conflict notice and the user's
    input (`zorgroute.views.versioned.submit`)."""

    required_permission = p.CONFIGURE_METEN
    template_name = "groepsoverzicht/meten/form.html"
    stale: StaleVersion | None = None

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"school": self.tenant.school}
        if self.object is not None:
            kwargs["instance"] = self.object
        return kwargs

    def make_form(self, data: Any = None) -> forms.BaseForm:
        form = self.form_class(data=data, **self.get_form_kwargs())
        if self.versioned and isinstance(self.object, VersionedDocument):
            form.fields[VERSION_FIELD] = version_field(self.object.versie)
        return form

    def service_kwargs(self, form: Any) -> dict[str, Any]:
        """The form's values for the service; an update also gets the version the user saw
        (a post without it is refused as stale) and who saves."""
        data = dict(form.cleaned_data)
        if self.versioned:
            data[VERSION_FIELD] = data.get(VERSION_FIELD) or 0
            data["user"] = self.tenant.user
        return data

    def get_success_url(self, obj: models.Model) -> str:
        return self.url("meten-index")

    def get_cancel_url(self) -> str:
        return self.url("meten-index")

    def render_form(
        self, form: forms.BaseForm, *, conflict: StaleVersion | None = None, status: int = 200
    ) -> HttpResponse:
        self.stale = conflict
        return super().render_form(form, status=status)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # The page shows `partials/conflict_notice.html` for it.
        context["conflict"] = self.stale
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        submission = submit(self.make_form, request.POST, self.save)
        if submission.saved:
            assert submission.result is not None
            messages.success(request, self.get_success_message(submission.result))
            return redirect(self.get_success_url(submission.result))
        return self.render_form(
            submission.form,
            conflict=submission.conflict,
            status=409 if submission.conflict else 200,
        )


class MetenActionView(MetenMixin, BeheerActionView):
    required_permission = p.CONFIGURE_METEN
    template_name = "groepsoverzicht/meten/confirm.html"

    def get_success_url(self, obj: models.Model) -> str:
        return self.url("meten-index")


# --- overview ------------------------------------------------------------------------------


class MetenIndexView(MetenMixin, TemplateView):
    template_name = "groepsoverzicht/meten/index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(selectors.meten_overzicht())
        return context


class StandaardView(MetenMixin, TemplateView):
    """One click: the default VO configuration (services.standaard_meten_create).
    GET asks for confirmation (also without JavaScript); POST creates what is missing."""

    template_name = "groepsoverzicht/meten/standaard.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseRedirect:
        summary = services.standaard_meten_create(school=self.tenant.school)
        if summary.iets_aangemaakt:
            messages.success(
                request,
                f"Standaardinstellingen aangemaakt: {len(summary.instrumenten)} "
                f"meetinstrumenten, {summary.domeinen} domeinen, {summary.ijkpunten} ijkpunten "
                f"en {summary.hulpzinnen} hulpzinnen.",
            )
        else:
            messages.info(request, "De standaardinstellingen waren er al; er is niets veranderd.")
        return redirect(self.url("meten-index"))


# --- meetinstrumenten ----------------------------------------------------------------------


class InstrumentCreateView(MetenFormView):
    form_class = MeetinstrumentForm
    title = "Nieuw meetinstrument"
    success_message = "Het meetinstrument is toegevoegd. Voeg nu de domeinen toe."

    def save(self, form: Any) -> models.Model:
        return services.instrument_create(school=self.tenant.school, **self.service_kwargs(form))


class InstrumentUpdateView(MetenFormView):
    form_class = MeetinstrumentForm
    versioned = True
    success_message = "Het meetinstrument is opgeslagen."

    def get_object(self) -> Meetinstrument:
        return get_object_or_404(Meetinstrument.objects.all(), pk=self.kwargs["instrument_id"])

    def get_title(self) -> str:
        return f"Meetinstrument {self.object}"

    def save(self, form: Any) -> models.Model:
        return services.instrument_update(
            instrument=self.obj(Meetinstrument), **self.service_kwargs(form)
        )

    def extra_context_data(self) -> dict[str, Any]:
        assert self.object is not None
        return {
            "delete_url": self.url("meten-instrument-delete", instrument_id=self.object.pk),
            "delete_confirm": f"Meetinstrument {self.object} met domeinen, toetsmomenten en "
            "ijkpunten verwijderen?",
        }


class InstrumentDeleteView(MetenActionView):
    title = "Meetinstrument verwijderen"
    question = (
        "Weet je zeker dat je meetinstrument %(obj)s wilt verwijderen, met zijn domeinen, "
        "toetsmomenten en ijkpunten? Dat kan alleen zolang er geen resultaten zijn."
    )
    done_message = "Meetinstrument %(obj)s is verwijderd."

    def get_object(self) -> Meetinstrument:
        return get_object_or_404(Meetinstrument.objects.all(), pk=self.kwargs["instrument_id"])

    def perform(self, obj: Any) -> None:
        services.instrument_delete(instrument=obj)

    def get_cancel_url(self, obj: models.Model) -> str:
        return self.url("meten-instrument-update", instrument_id=obj.pk)


# --- domeinen ------------------------------------------------------------------------------


class DomeinCreateView(MetenFormView):
    form_class = DomeinForm
    success_message = "Het domein is toegevoegd."

    def instrument(self) -> Meetinstrument:
        return get_object_or_404(Meetinstrument.objects.all(), pk=self.kwargs["instrument_id"])

    def get_title(self) -> str:
        return f"Nieuw domein van {self.instrument()}"

    def save(self, form: Any) -> models.Model:
        return services.domein_create(instrument=self.instrument(), **self.service_kwargs(form))


class DomeinUpdateView(MetenFormView):
    form_class = DomeinForm
    versioned = True
    success_message = "Het domein is opgeslagen."

    def get_object(self) -> Domein:
        return get_object_or_404(
            Domein.objects.select_related("instrument"), pk=self.kwargs["domein_id"]
        )

    def get_title(self) -> str:
        domein = self.obj(Domein)
        return f"Domein {domein.code} van {domein.instrument}"

    def save(self, form: Any) -> models.Model:
        return services.domein_update(domein=self.obj(Domein), **self.service_kwargs(form))

    def extra_context_data(self) -> dict[str, Any]:
        assert self.object is not None
        return {
            "delete_url": self.url("meten-domein-delete", domein_id=self.object.pk),
            "delete_confirm": f"Domein {self.object} verwijderen?",
        }


class DomeinDeleteView(MetenActionView):
    title = "Domein verwijderen"
    question = (
        "Weet je zeker dat je domein %(obj)s wilt verwijderen, met zijn ijkpunten? Dat kan "
        "alleen zolang er geen resultaten zijn."
    )
    done_message = "Domein %(obj)s is verwijderd."

    def get_object(self) -> Domein:
        return get_object_or_404(Domein.objects.all(), pk=self.kwargs["domein_id"])

    def perform(self, obj: Any) -> None:
        services.domein_delete(domein=obj)

    def get_cancel_url(self, obj: models.Model) -> str:
        return self.url("meten-domein-update", domein_id=obj.pk)


# --- toetsmomenten -------------------------------------------------------------------------


class ToetsmomentCreateView(MetenFormView):
    form_class = ToetsmomentForm
    success_message = "Het toetsmoment is toegevoegd."

    def instrument(self) -> Meetinstrument:
        return get_object_or_404(Meetinstrument.objects.all(), pk=self.kwargs["instrument_id"])

    def get_title(self) -> str:
        return f"Nieuw toetsmoment van {self.instrument()}"

    def save(self, form: Any) -> models.Model:
        return services.toetsmoment_create(
            instrument=self.instrument(), **self.service_kwargs(form)
        )


class ToetsmomentUpdateView(MetenFormView):
    form_class = ToetsmomentForm
    versioned = True
    success_message = "Het toetsmoment is opgeslagen."

    def get_object(self) -> Toetsmoment:
        return get_object_or_404(
            Toetsmoment.objects.select_related("instrument"), pk=self.kwargs["toetsmoment_id"]
        )

    def get_title(self) -> str:
        return f"Toetsmoment {self.object}"

    def save(self, form: Any) -> models.Model:
        return services.toetsmoment_update(
            toetsmoment=self.obj(Toetsmoment), **self.service_kwargs(form)
        )

    def extra_context_data(self) -> dict[str, Any]:
        assert self.object is not None
        return {
            "delete_url": self.url("meten-toetsmoment-delete", toetsmoment_id=self.object.pk),
            "delete_confirm": f"Toetsmoment {self.object} verwijderen?",
        }


class ToetsmomentDeleteView(MetenActionView):
    title = "Toetsmoment verwijderen"
    question = (
        "Weet je zeker dat je toetsmoment %(obj)s wilt verwijderen? Dat kan alleen zolang er "
        "geen resultaten zijn."
    )
    done_message = "Toetsmoment %(obj)s is verwijderd."

    def get_object(self) -> Toetsmoment:
        return get_object_or_404(
            Toetsmoment.objects.select_related("instrument"), pk=self.kwargs["toetsmoment_id"]
        )

    def perform(self, obj: Any) -> None:
        services.toetsmoment_delete(toetsmoment=obj)

    def get_cancel_url(self, obj: models.Model) -> str:
        return self.url("meten-toetsmoment-update", toetsmoment_id=obj.pk)


# --- cruciale leermomenten -----------------------------------------------------------------


class CruciaalMomentCreateView(MetenFormView):
    form_class = CruciaalMomentForm
    title = "Nieuw cruciaal leermoment"
    success_message = "Het cruciale leermoment is toegevoegd."

    def save(self, form: Any) -> models.Model:
        return services.cruciaal_moment_create(
            school=self.tenant.school, **self.service_kwargs(form)
        )


class CruciaalMomentUpdateView(MetenFormView):
    form_class = CruciaalMomentForm
    versioned = True
    success_message = "Het cruciale leermoment is opgeslagen."

    def get_object(self) -> CruciaalMoment:
        return get_object_or_404(
            CruciaalMoment.objects.select_related("domein"),
            pk=self.kwargs["cruciaal_moment_id"],
        )

    def get_title(self) -> str:
        return f"Cruciaal leermoment {self.object}"

    def save(self, form: Any) -> models.Model:
        return services.cruciaal_moment_update(
            moment=self.obj(CruciaalMoment), **self.service_kwargs(form)
        )

    def extra_context_data(self) -> dict[str, Any]:
        assert self.object is not None
        return {
            "delete_url": self.url(
                "meten-cruciaal-moment-delete", cruciaal_moment_id=self.object.pk
            ),
            "delete_confirm": f"Cruciaal leermoment {self.object} verwijderen?",
        }


class CruciaalMomentDeleteView(MetenActionView):
    title = "Cruciaal leermoment verwijderen"
    question = (
        "Weet je zeker dat je %(obj)s wilt verwijderen? Signaleringen die het al voorstelde "
        "blijven staan, met hun toelichting."
    )
    done_message = "%(obj)s is verwijderd."

    def get_object(self) -> CruciaalMoment:
        return get_object_or_404(CruciaalMoment.objects.all(), pk=self.kwargs["cruciaal_moment_id"])

    def perform(self, obj: Any) -> None:
        services.cruciaal_moment_delete(moment=obj)

    def get_cancel_url(self, obj: models.Model) -> str:
        return self.url("meten-cruciaal-moment-update", cruciaal_moment_id=obj.pk)


# --- ijkpunten -----------------------------------------------------------------------------


class IjkpuntCreateView(MetenFormView):
    form_class = IjkpuntForm
    title = "Nieuw ijkpunt"
    success_message = "Het ijkpunt is toegevoegd."

    def save(self, form: Any) -> models.Model:
        return services.ijkpunt_create(school=self.tenant.school, **self.service_kwargs(form))


class IjkpuntUpdateView(MetenFormView):
    form_class = IjkpuntForm
    versioned = True
    success_message = "Het ijkpunt is opgeslagen."

    def get_object(self) -> Ijkpunt:
        return get_object_or_404(
            Ijkpunt.objects.select_related("domein__instrument"), pk=self.kwargs["ijkpunt_id"]
        )

    def get_title(self) -> str:
        return f"Ijkpunt {self.object}"

    def save(self, form: Any) -> models.Model:
        return services.ijkpunt_update(ijkpunt=self.obj(Ijkpunt), **self.service_kwargs(form))

    def extra_context_data(self) -> dict[str, Any]:
        assert self.object is not None
        return {
            "delete_url": self.url("meten-ijkpunt-delete", ijkpunt_id=self.object.pk),
            "delete_confirm": f"Ijkpunt {self.object} verwijderen?",
        }


class IjkpuntDeleteView(MetenActionView):
    title = "Ijkpunt verwijderen"
    question = (
        "Weet je zeker dat je ijkpunt %(obj)s wilt verwijderen? Signaleringen die het al "
        "voorstelde blijven staan, met hun toelichting."
    )
    done_message = "Ijkpunt %(obj)s is verwijderd."

    def get_object(self) -> Ijkpunt:
        return get_object_or_404(
            Ijkpunt.objects.select_related("domein"), pk=self.kwargs["ijkpunt_id"]
        )

    def perform(self, obj: Any) -> None:
        services.ijkpunt_delete(ijkpunt=obj)

    def get_cancel_url(self, obj: models.Model) -> str:
        return self.url("meten-ijkpunt-update", ijkpunt_id=obj.pk)


# --- hulpzinnen ----------------------------------------------------------------------------


class HulpzinListView(MetenMixin, TemplateView):
    template_name = "groepsoverzicht/meten/hulpzin_list.html"
    section = "hulpzinnen"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["categorieen"] = selectors.hulpzinnen_per_categorie()
        context["leeg"] = not context["categorieen"]
        return context


class HulpzinFormMixin:
    section = "hulpzinnen"

    def get_success_url(self, obj: models.Model) -> str:
        return self.url("meten-hulpzin-list")  # type: ignore[attr-defined]

    def get_cancel_url(self) -> str:
        return self.url("meten-hulpzin-list")  # type: ignore[attr-defined]


class HulpzinCreateView(HulpzinFormMixin, MetenFormView):
    form_class = HulpzinForm
    title = "Nieuwe hulpzin"
    success_message = "De hulpzin is toegevoegd."

    def save(self, form: Any) -> models.Model:
        return services.hulpzin_create(school=self.tenant.school, **self.service_kwargs(form))


class HulpzinUpdateView(HulpzinFormMixin, MetenFormView):
    form_class = HulpzinForm
    versioned = True
    success_message = "De hulpzin is opgeslagen."

    def get_object(self) -> Hulpzin:
        return get_object_or_404(Hulpzin.objects.all(), pk=self.kwargs["hulpzin_id"])

    def get_title(self) -> str:
        return "Hulpzin wijzigen"

    def save(self, form: Any) -> models.Model:
        return services.hulpzin_update(hulpzin=self.obj(Hulpzin), **self.service_kwargs(form))

    def extra_context_data(self) -> dict[str, Any]:
        assert self.object is not None
        return {
            "delete_url": self.url("meten-hulpzin-delete", hulpzin_id=self.object.pk),
            "delete_confirm": f"Hulpzin '{self.object}' verwijderen?",
        }


class HulpzinDeleteView(MetenActionView):
    section = "hulpzinnen"
    title = "Hulpzin verwijderen"
    question = "Weet je zeker dat je de hulpzin '%(obj)s' wilt verwijderen?"
    done_message = "De hulpzin is verwijderd."

    def get_object(self) -> Hulpzin:
        return get_object_or_404(Hulpzin.objects.all(), pk=self.kwargs["hulpzin_id"])

    def perform(self, obj: Any) -> None:
        services.hulpzin_delete(hulpzin=obj)

    def get_success_url(self, obj: models.Model) -> str:
        return self.url("meten-hulpzin-list")

    def get_cancel_url(self, obj: models.Model) -> str:
        return self.url("meten-hulpzin-update", hulpzin_id=obj.pk)


class HulpzinStandaardView(MetenMixin, TemplateView):
    """ "Standaardlijst toevoegen": the hulpzinnen of bijlage 7b, for an empty list."""

    template_name = "groepsoverzicht/meten/hulpzin_standaard.html"
    section = "hulpzinnen"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["leeg"] = not selectors.heeft_hulpzinnen()
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        aantal = services.hulpzinnen_standaard_create(school=self.tenant.school)
        if aantal:
            messages.success(request, f"{aantal} hulpzinnen uit de standaardlijst toegevoegd.")
        else:
            messages.info(
                request,
                "De lijst is niet leeg; de standaardlijst is niet toegevoegd. Verwijder eerst "
                "de bestaande hulpzinnen als je opnieuw wilt beginnen.",
            )
        return redirect(self.url("meten-hulpzin-list"))
