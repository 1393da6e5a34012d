"""Generic beheer views: every one requires manage_roster and runs in the tenant scope the
middleware opened; objects are fetched only through the scoped managers (404 otherwise)."""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from django import forms
from django.contrib import messages
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from zorgroute import permissions as p
from zorgroute.services import DeleteRefused
from zorgroute.versioning import StaleVersion
from zorgroute.views.base import TenantViewMixin
from zorgroute.views.versioned import VersionedFormMixin

M = TypeVar("M", bound=models.Model)

#: (section key, label, url name) of the beheer sub-navigation.
BEHEER_NAV = [
    ("index", "Overzicht", "beheer-index"),
    ("schooljaren", "Schooljaren en periodes", "beheer-schooljaar-list"),
    ("afdelingen", "Afdelingen", "beheer-afdeling-list"),
    ("groepen", "Groepen", "beheer-groep-list"),
    ("vakken", "Vakken", "beheer-vak-list"),
    ("lesgroepen", "Lesgroepen", "beheer-lesgroep-list"),
    ("leerlingen", "Leerlingen", "beheer-leerling-list"),
    ("medewerkers", "Medewerkers", "beheer-medewerker-list"),
    ("koppelingen", "API-clients", "beheer-apiclient-list"),
    ("schoolinlog", "Inloggen met schoolaccount", "beheer-schoolinlog"),  # issue 19
    ("tweestaps", "Tweestapsverificatie", "beheer-tweestaps"),  # issue 19
]


class BeheerMixin(TenantViewMixin):
    required_permission = p.MANAGE_ROSTER
    #: Which item of the beheer sub-navigation is current.
    section: ClassVar[str] = "index"
    kwargs: dict[str, Any]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        slug = self.tenant.school.slug
        context["beheer_nav"] = [
            {
                "key": key,
                "label": label,
                "url": reverse(name, kwargs={"school": slug}),
                "current": key == self.section,
            }
            for key, label, name in BEHEER_NAV
        ]
        return context

    def url(self, name: str, **kwargs: Any) -> str:
        return reverse(name, kwargs={"school": self.tenant.school.slug, **kwargs})


class BeheerPage(BeheerMixin, TemplateView):
    pass


class BeheerFormView(VersionedFormMixin[forms.BaseForm], BeheerMixin, TemplateView):
    """GET shows the form, POST validates it and calls `save()` (a service) through
    `zorgroute.views.versioned.submit`. Update views set `versioned = True`: the form
    carries the row's `versie`, and a stale save (409) shows the current values next to the
    user's input, keeps that input and saves nothing."""

    template_name = "beheer/form.html"
    form_class: type[forms.BaseForm]
    versioned: ClassVar[bool] = False
    title: str = ""
    submit_label: str = "Opslaan"
    success_message: str = "Opgeslagen."
    object: models.Model | None = None

    def get_object(self) -> models.Model | None:
        return None

    def obj(self, model: type[M]) -> M:
        """The object of an update view, typed."""
        assert isinstance(self.object, model)
        return self.object

    def get_title(self) -> str:
        return self.title

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"school": self.tenant.school}
        if self.object is not None:
            kwargs["instance"] = self.object
            if self.versioned:
                kwargs["version"] = self.object.versie  # type: ignore[attr-defined]
        return kwargs

    def make_form(self, data: QueryDict | None = None) -> forms.BaseForm:
        return self.form_class(data=data, **self.get_form_kwargs())

    def get_success_url(self, obj: models.Model) -> str:
        raise NotImplementedError

    def get_cancel_url(self) -> str:
        return self.url("beheer-index")

    def get_success_message(self, obj: models.Model) -> str:
        return self.success_message

    def extra_context_data(self) -> dict[str, Any]:
        return {}

    def form_saved(self, result: Any) -> HttpResponse:
        messages.success(self.request, self.get_success_message(result))
        return redirect(self.get_success_url(result))

    def render_form(
        self, form: forms.BaseForm, *, status: int = 200, conflict: StaleVersion | None = None
    ) -> HttpResponse:
        context = self.get_context_data(
            form=form,
            object=self.object,
            title=self.get_title(),
            submit_label=self.submit_label,
            cancel_url=self.get_cancel_url(),
            conflict=conflict,
            **self.extra_context_data(),
        )
        return self.render_to_response(context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        return self.render_form(self.make_form())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)


class BeheerActionView(BeheerMixin, TemplateView):
    """A destructive action (delete, end a role): GET asks for confirmation (also without
    JavaScript), POST performs it through a service. A refused action (`DeleteRefused`) is
    reported in Dutch and changes nothing."""

    template_name = "beheer/confirm.html"
    title: str = ""
    question: str = ""
    confirm_label: str = "Verwijderen"
    done_message: str = "Verwijderd."
    object: models.Model

    def get_object(self) -> models.Model:
        raise NotImplementedError

    def perform(self, obj: models.Model) -> None:
        raise NotImplementedError

    def get_success_url(self, obj: models.Model) -> str:
        raise NotImplementedError

    def get_cancel_url(self, obj: models.Model) -> str:
        return self.get_success_url(obj)

    def get_question(self, obj: models.Model) -> str:
        return self.question % {"obj": obj}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.object = self.get_object()
        context = self.get_context_data(
            object=obj,
            title=self.title,
            question=self.get_question(obj),
            confirm_label=self.confirm_label,
            cancel_url=self.get_cancel_url(obj),
        )
        return self.render_to_response(context)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseRedirect:
        obj = self.object = self.get_object()
        try:
            self.perform(obj)
        except DeleteRefused as exc:
            messages.error(request, exc.message)
            return redirect(self.get_cancel_url(obj))
        messages.success(request, self.done_message % {"obj": obj})
        return redirect(self.get_success_url(obj))
