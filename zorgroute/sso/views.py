"""The school sign-in pages (public: choose the school, start, the provider's callback) and
the beheer page where a school's beheerder configures its identity provider."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_http_methods

from ..beheer.base import BeheerFormView
from ..mfa import verify_second_factor
from ..models import School, SchoolInlog
from ..tenancy.db import tenant_context
from . import client, selectors, services
from .forms import KiesSchoolForm, SchoolInlogForm

#: The sign-in that is under way: its state, the school and where to go afterwards.
PENDING_KEY = "zorgroute_schoolinlog_bezig"
#: Set at a school sign-in: the id of the school whose provider signed this session in.
SCHOOL_KEY = "zorgroute_schoolinlog_school"

NOT_AVAILABLE = (
    "Voor deze school is inloggen met een schoolaccount niet ingesteld. Log in met je "
    "e-mailadres en wachtwoord, of vraag de beheerder van je school."
)
STATE_REFUSED = (
    "Deze inlogpoging is verlopen of hoort niet bij deze browser. Inloggen is geweigerd; "
    "begin opnieuw."
)
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _refused(request: HttpRequest, message: str, *, status: int = 403) -> HttpResponse:
    return render(request, "sso/geweigerd.html", {"message": message}, status=status)


def _safe_next(value: str | None, slug: str) -> str:
    """Only a page of the same school on this site."""
    if value and value.startswith(f"/{slug}/") and url_has_allowed_host_and_scheme(value, None):
        return value
    return ""


def _callback_uri(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("schoolinlog-callback"))


@require_http_methods(["GET", "POST"])
def kies_school(request: HttpRequest) -> HttpResponse:
    nxt = request.GET.get("next", "")
    if request.method == "POST":
        form = KiesSchoolForm(request.POST)
        if form.is_valid():
            url = reverse("schoolinlog-start", kwargs={"school_slug": form.cleaned_data["school"]})
            url = f"{url}?{urlencode({'next': nxt})}" if nxt.startswith("/") else url
            # Not a redirect: the form's CSP (form-action 'self') would also cover the
            # redirect on to the provider, and the browser would block it.
            return render(request, "sso/doorsturen.html", {"start_url": url})
    else:
        first = nxt.strip("/").split("/", 1)[0]
        form = KiesSchoolForm(initial={"school": first} if first else None)
    return render(request, "sso/kies_school.html", {"form": form, "next": nxt})


@require_GET
def start(request: HttpRequest, school_slug: str) -> HttpResponse:
    school = School.objects.filter(slug=school_slug).first()
    if school is None:
        return _refused(request, NOT_AVAILABLE, status=404)
    with tenant_context(school.pk):
        inlog = selectors.active_school_inlog()
        if inlog is None:
            return _refused(request, NOT_AVAILABLE, status=404)
        try:
            state, response = client.authorization_redirect(request, inlog, _callback_uri(request))
        except client.ProviderError as exc:
            return _refused(request, exc.message, status=502)
    request.session[PENDING_KEY] = {
        "state": state,
        "school": school.slug,
        "next": _safe_next(request.GET.get("next"), school.slug),
    }
    return response


def _pending(request: HttpRequest) -> dict[str, str] | None:
    pending = request.session.pop(PENDING_KEY, None)
    state = request.GET.get("state", "")
    if not pending or not state or not constant_time_compare(pending["state"], state):
        return None
    return dict(pending)


def _sign_in(request: HttpRequest, inlog: SchoolInlog) -> tuple[Any, bool]:
    """The account and whether the provider's second factor counts (raises a refusal)."""
    claims = client.verified_claims(request, inlog)
    user = services.account_for_sign_in(inlog=inlog, claims=claims)
    return user, inlog.vertrouwt_mfa and services.provider_reports_mfa(inlog, claims)


@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    pending = _pending(request)
    school = School.objects.filter(slug=pending["school"]).first() if pending else None
    if pending is None or school is None:
        return _refused(request, STATE_REFUSED, status=400)
    with tenant_context(school.pk):
        inlog = selectors.active_school_inlog()
        if inlog is None:
            return _refused(request, NOT_AVAILABLE, status=404)
        try:
            user, second_factor = _sign_in(request, inlog)
        except (client.ProviderError, services.SignInRefused) as exc:
            return _refused(request, exc.message)
    login(request, user, backend=MODEL_BACKEND)  # a new session key
    request.session[SCHOOL_KEY] = school.pk
    if second_factor:
        verify_second_factor(request, via="oidc")
    return redirect(pending["next"] or reverse("home", kwargs={"school": school.slug}))


class SchoolInlogBeheerView(BeheerFormView):
    """/<school>/beheer/inloggen-met-schoolaccount/: create or change the one configuration."""

    template_name = "sso/beheer.html"
    section = "schoolinlog"
    form_class = SchoolInlogForm
    title = "Inloggen met schoolaccount"
    success_message = "De instellingen voor inloggen met een schoolaccount zijn opgeslagen."

    def get_object(self) -> SchoolInlog | None:
        return selectors.school_inlog()

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"school": self.tenant.school}
        if self.object is not None:
            kwargs.update(instance=self.object, version=self.obj(SchoolInlog).versie)
        return kwargs

    def save(self, form: Any) -> SchoolInlog:
        if self.object is None:
            return services.schoolinlog_create(
                school=self.tenant.school, user=self.tenant.user, values=form.values()
            )
        return services.schoolinlog_update(
            inlog=self.obj(SchoolInlog),
            version=form.service_kwargs()["version"],
            user=self.tenant.user,
            values=form.values(),
        )

    def get_success_url(self, obj: Any) -> str:
        return self.url("beheer-schoolinlog")

    def extra_context_data(self) -> dict[str, Any]:
        inlog = self.object if isinstance(self.object, SchoolInlog) else None
        slug = self.tenant.school.slug
        return {
            "callback_url": _callback_uri(self.request),
            "direct_url": self.request.build_absolute_uri(
                reverse("schoolinlog-start", kwargs={"school_slug": slug})
            ),
            "gekoppeld": selectors.linked_account_count(inlog) if inlog else 0,
        }
