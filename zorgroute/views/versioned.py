"""The view side of `zorgroute.versioning`: one way to save a form or an autosaved field
that a colleague may have changed meanwhile.

- `submit()` validates a form, calls the service and turns its errors into the page: a
  `ValidationError` onto the form's fields (400), a `StaleVersion` into a 409 that keeps
  everything the user typed, carries the current version (so saving again deliberately
  replaces the colleague's version) and names the colleague. `VersionedFormMixin` is the
  same for class-based form views.
- `autosave()` answers an autosaved field (`partials/autosave_field.html`): the saved time,
  or on a conflict both texts with "Mijn tekst bewaren" and "Tekst van collega overnemen".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models
from django.http import HttpRequest, HttpResponse, QueryDict
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from ..forms import add_service_errors
from ..versioning import VERSION_FIELD, FieldConflict, StaleVersion

F = TypeVar("F", bound=forms.BaseForm)
T = TypeVar("T")

AUTOSAVE_TEMPLATE = "partials/autosave_field.html"
AUTOSAVE_SAVED_TEMPLATE = "partials/autosave_saved.html"


@dataclass
class Submission(Generic[F, T]):
    """What `submit()` did: `saved` with the service's result, or the form to show again
    with `status` 400 (invalid) or 409 (`conflict`, a colleague saved meanwhile)."""

    form: F
    status: int = 200
    result: T | None = None
    conflict: StaleVersion | None = None

    @property
    def saved(self) -> bool:
        return self.status == 200


def submit(
    make_form: Callable[[QueryDict], F], data: QueryDict, save: Callable[[F], T]
) -> Submission[F, T]:
    """Validate `make_form(data)` and call `save(form)` (one service call)."""
    form = make_form(data)
    if not form.is_valid():
        return Submission(form, status=400)
    try:
        result = save(form)
    except StaleVersion as exc:
        if not exc.deleted:
            # Keep what the user typed; the next save deliberately replaces what the
            # colleague saved (they have now seen it).
            data = data.copy()
            data[form.add_prefix(VERSION_FIELD)] = str(exc.version)
            form = make_form(data)
            form.is_valid()
        form.add_error(None, exc.message)
        if not exc.conflicts:
            exc.conflicts = conflict_rows(form, exc.current)
        return Submission(form, status=409, conflict=exc)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return Submission(form, status=400)
    except IntegrityError:
        form.add_error(
            None,
            _(
                "Opslaan is niet gelukt: iemand anders sloeg tegelijk iets vergelijkbaars op. "
                "Controleer de gegevens en probeer het opnieuw."
            ),
        )
        return Submission(form, status=400)
    return Submission(form, result=result)


def _display(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, models.Manager):
        return ", ".join(str(v) for v in value.all()) or "–"
    if isinstance(value, list | tuple | models.QuerySet):
        return ", ".join(str(v) for v in value) or "–"
    return str(value)


def conflict_rows(form: forms.BaseForm, current: models.Model | None) -> list[FieldConflict]:
    """Per visible form field: the stored value next to the user's, for the conflict
    notice (`partials/conflict_notice.html`)."""
    if current is None:
        return []
    rows = []
    data = getattr(form, "cleaned_data", {})
    for name, formfield in form.fields.items():
        if formfield.widget.is_hidden or name in (VERSION_FIELD, "password"):
            continue
        display = getattr(current, f"get_{name}_display", None)
        theirs = display() if callable(display) else getattr(current, name, None)
        mine = data.get(name, form.data.get(name) if hasattr(form.data, "get") else None)
        if isinstance(formfield, forms.ChoiceField) and not isinstance(
            formfield, forms.ModelChoiceField
        ):
            labels = dict(formfield.choices)  # type: ignore[arg-type]
            if isinstance(mine, list | tuple):  # a multiple choice
                mine = [labels.get(v, v) for v in mine]
            else:
                mine = labels.get(mine, mine)
        rows.append(
            FieldConflict(
                name=name,
                label=str(formfield.label or name),
                theirs=_display(theirs),
                mine=_display(mine),
            )
        )
    return rows


class VersionedFormMixin(Generic[F]):
    """POST for a view with one versioned form: `make_form(data)`, `save(form)` (a
    service), `form_saved(result)` (the redirect) and `render_form(form, status=,
    conflict=)` (the page). A 409 shows `partials/conflict_notice.html`."""

    request: HttpRequest

    def make_form(self, data: QueryDict | None = None) -> F:
        raise NotImplementedError

    def save(self, form: F) -> Any:
        raise NotImplementedError

    def form_saved(self, result: Any) -> HttpResponse:
        raise NotImplementedError

    def render_form(
        self, form: F, *, status: int = 200, conflict: StaleVersion | None = None
    ) -> HttpResponse:
        raise NotImplementedError

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        submission = submit(self.make_form, request.POST, self.save)
        if submission.saved:
            return self.form_saved(submission.result)
        return self.render_form(
            submission.form, status=submission.status, conflict=submission.conflict
        )


# --- Autosaved fields ------------------------------------------------------------------------


class AutosaveForm(forms.Form):
    """What an autosaved field posts: the field, the new text and the text the user saw."""

    veld = forms.CharField(max_length=60)
    waarde = forms.CharField(required=False, strip=False)
    gezien = forms.CharField(required=False, strip=False)


@dataclass
class AutosaveField:
    """One autosaved text field on a page, as `partials/autosave_field.html` shows it.

    `dom_id` is unique on the page; `about` says whose text it is in the conflict notice
    ("Werkhouding van Sanne de Vries")."""

    url: str
    dom_id: str
    name: str
    label: str
    value: str
    about: str = ""
    show_label: bool = False
    rows: int = 3
    conflict: StaleVersion | None = None
    saved_at: dt.datetime | None = None
    hidden: dict[str, Any] = field(default_factory=dict)

    @property
    def their_text(self) -> str:
        return str(self.conflict.conflicts[0].theirs) if self.conflict else self.value

    @property
    def my_text(self) -> str:
        return str(self.conflict.conflicts[0].mine) if self.conflict else self.value


def autosave(
    request: HttpRequest,
    autosave_field: AutosaveField,
    save: Callable[[str, str], str],
    *,
    page: Callable[[AutosaveField, int], HttpResponse],
    saved_redirect: Callable[[], HttpResponse],
) -> HttpResponse:
    """Answer the POST of an autosaved field. `save(value, seen)` calls the service and
    returns the stored text. htmx gets the saved time (or the whole field after a conflict
    choice); without JavaScript the page is redirected, or shown again with the conflict
    (409) by `page(field, status)`."""
    form = AutosaveForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Onvolledige gegevens."), status=400)
    htmx = request.headers.get("HX-Request") == "true"
    try:
        autosave_field.value = save(form.cleaned_data["waarde"], form.cleaned_data["gezien"])
    except StaleVersion as exc:
        autosave_field.conflict = exc
        if not htmx:
            return page(autosave_field, 409)
        response = HttpResponse(_render(request, AUTOSAVE_TEMPLATE, autosave_field))
        response["HX-Retarget"] = f"#af-{autosave_field.dom_id}"
        response["HX-Reswap"] = "outerHTML"
        return response
    except ValidationError as exc:
        return HttpResponse(" ".join(exc.messages), status=400)
    if not htmx:
        return saved_redirect()
    autosave_field.saved_at = timezone.now()
    whole = bool(request.POST.get("hele_cel"))
    template = AUTOSAVE_TEMPLATE if whole else AUTOSAVE_SAVED_TEMPLATE
    return HttpResponse(_render(request, template, autosave_field))


def _render(request: HttpRequest, template: str, autosave_field: AutosaveField) -> str:
    return render_to_string(template, {"af": autosave_field}, request=request)
