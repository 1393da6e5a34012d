"""Two-factor login pages (outside any school, like the login page): the code after the
password, setting up the authenticator app, the backup codes shown once, and the user's own
page to make new backup codes or set the app up again. The rules are in zorgroute.mfa."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from .. import mfa
from ..models import Gebruiker

T = TypeVar("T")

WRONG_CODE = _(
    "Deze code klopt niet. Controleer de code in je app (hij verandert elke 30 seconden) of "
    "gebruik een van je reservecodes."
)
LOCKED = _(
    "Te veel onjuiste codes achter elkaar. Wacht %(seconden)s seconden en probeer het dan opnieuw."
)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=24,
        help_text=_("De 6 cijfers uit je authenticator-app, of een reservecode van 10 cijfers."),
        error_messages={"required": _("Vul de code in."), "max_length": _("Deze code is te lang.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "spellcheck": "false",
                "aria-describedby": "id_code_helptext",
            }
        ),
    )


def _checked(form: CodeForm, check: Callable[[str], T | None]) -> T | None:
    """Check the form's code; a wrong code or the lock becomes the field's Dutch error."""
    try:
        result = check(form.cleaned_data["code"])
    except mfa.Locked as locked:
        form.add_error("code", LOCKED % {"seconden": locked.seconds})
        return None
    if result is None:
        form.add_error("code", WRONG_CODE)
    return result


def _next_url(request: HttpRequest) -> str:
    """The page to return to, only on this site; else the school picker."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("kies-school")


def _with_next(name: str, request: HttpRequest) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next_url(request)})}"


class TweestapsMixin(LoginRequiredMixin):
    request: HttpRequest

    @property
    def gebruiker(self) -> Gebruiker:
        user = self.request.user
        assert isinstance(user, Gebruiker)
        return user


class CodeView(TweestapsMixin, TemplateView):
    """After the password: the code from the app or a backup code."""

    template_name = "registration/tweestaps_code.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        if mfa.has_second_factor(request):
            return redirect(_next_url(request))
        if not mfa.has_confirmed_device(self.gebruiker):
            return redirect(_with_next("tweestaps-instellen", request))
        return super().dispatch(request, *args, **kwargs)

    def _render(self, form: CodeForm, status: int = 200) -> HttpResponse:
        context = {"form": form, "next": _next_url(self.request)}
        return self.render_to_response(context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._render(CodeForm())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = CodeForm(request.POST)
        kind: str | None = None
        if form.is_valid():
            kind = _checked(form, lambda code: mfa.check_code(user=self.gebruiker, code=code))
        if kind is None:
            return self._render(form)
        target = _next_url(request)
        mfa.verify_second_factor(request, via=kind)
        if kind == "backup":
            over = mfa.device_status(self.gebruiker).reservecodes
            messages.warning(
                request,
                f"Je hebt een reservecode gebruikt; je hebt er nog {over}. Maak nieuwe "
                "reservecodes via Tweestapsverificatie als je ze bijna op hebt.",
            )
        return redirect(target)


class InstellenView(TweestapsMixin, TemplateView):
    """Set up the authenticator app: a QR code and the secret, confirmed with a first code."""

    template_name = "registration/tweestaps_instellen.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and mfa.has_confirmed_device(self.gebruiker):
            # Already set up: a second app only through the code first (own page).
            if mfa.has_second_factor(request):
                return redirect("tweestaps")
            return redirect(_with_next("tweestaps-code", request))
        return super().dispatch(request, *args, **kwargs)

    def _render(self, form: CodeForm, status: int = 200) -> HttpResponse:
        device = mfa.enrolment_device(
            user=self.gebruiker,
            device_id=self.request.session.get(mfa.ENROLMENT_SESSION_KEY),
        )
        self.request.session[mfa.ENROLMENT_SESSION_KEY] = device.pk
        context = {
            "form": form,
            "next": _next_url(self.request),
            "qr_svg": mfa.qr_svg(device),
            "geheim": mfa.format_secret(device),
        }
        return self.render_to_response(context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._render(CodeForm())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = CodeForm(request.POST)
        device_id = request.session.get(mfa.ENROLMENT_SESSION_KEY)
        codes: list[str] | None = None
        if form.is_valid() and device_id is not None:
            codes = _checked(
                form,
                lambda code: mfa.confirm_enrolment(
                    user=self.gebruiker, device_id=device_id, code=code
                ),
            )
        if codes is None:
            return self._render(form)
        target = _next_url(request)
        mfa.verify_second_factor(request, via="totp")
        request.session.pop(mfa.ENROLMENT_SESSION_KEY, None)
        request.session[mfa.NEW_CODES_SESSION_KEY] = codes
        messages.success(request, "Tweestapsverificatie staat aan.")
        return redirect(f"{reverse('tweestaps-reservecodes')}?{urlencode({'next': target})}")


class VerifiedMixin(TweestapsMixin):
    """Only a session that passed the second factor (else: the code or setting up first)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not mfa.has_second_factor(request):
            return redirect(mfa.second_factor_url(request))
        return super().dispatch(request, *args, **kwargs)


class ReservecodesView(VerifiedMixin, TemplateView):
    """The ten new backup codes, shown once (then they are only in the user's hands)."""

    template_name = "registration/tweestaps_reservecodes.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        codes = request.session.pop(mfa.NEW_CODES_SESSION_KEY, None)
        if codes is None:
            return redirect("tweestaps")
        context = {
            "codes": [mfa.format_backup_code(code) for code in codes],
            "next": _next_url(request),
        }
        return self.render_to_response(context)


class TweestapsView(VerifiedMixin, TemplateView):
    """The user's own two-factor page: the status, new backup codes, set the app up again."""

    template_name = "registration/tweestaps.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["status"] = mfa.device_status(self.gebruiker)
        context["via"] = mfa.second_factor_method(self.request)
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        actie = request.POST.get("actie")
        if actie == "reservecodes":
            request.session[mfa.NEW_CODES_SESSION_KEY] = mfa.regenerate_backup_codes(
                user=self.gebruiker
            )
            messages.success(request, "Je oude reservecodes werken niet meer.")
            return redirect("tweestaps-reservecodes")
        if actie == "opnieuw":
            mfa.reset_second_factor(
                gebruiker=self.gebruiker,
                door=self.gebruiker,
                reden="Tweestapsverificatie door de medewerker zelf opnieuw ingesteld",
            )
            mfa.forget_second_factor(request)
            messages.success(request, "Je oude app en reservecodes werken niet meer.")
            return redirect("tweestaps-instellen")
        return redirect("tweestaps")
