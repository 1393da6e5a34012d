"""Login, logout, passwords and the school picker (the only user pages outside a tenant)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from .. import mfa
from ..lockout import allow_password_reset, normalize_login_email
from ..models import Gebruiker
from ..selectors import schools_for_user
from ..sessions import end_all_sessions


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mailadres"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        # One generic message: never reveal whether the account exists.
        "invalid_login": _(
            "Dit e-mailadres en wachtwoord horen niet bij elkaar. Probeer het opnieuw."
        ),
        "inactive": _("Dit e-mailadres en wachtwoord horen niet bij elkaar. Probeer het opnieuw."),
    }

    def clean_username(self) -> str:
        return normalize_login_email(self.cleaned_data.get("username"))


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        """Someone with an authenticator app types its code right after the password (the
        tenant middleware asks the others to set one up where a school needs it)."""
        url = super().get_success_url()
        user = self.request.user
        if isinstance(user, Gebruiker) and mfa.has_confirmed_device(user):
            return f"{reverse('tweestaps-code')}?{urlencode({'next': url})}"
        return url


class LogoutView(auth_views.LogoutView):
    pass


class WachtwoordVergetenForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def clean_email(self) -> str:
        return normalize_login_email(self.cleaned_data.get("email"))

    def get_users(self, email: str) -> Iterator[Gebruiker]:
        """Also accounts without a password yet (made by a beheerder's LVS link through the
        API): this link is how they choose their first one. Django's form skips those."""
        yield from Gebruiker.objects.filter(
            email__iexact=normalize_login_email(email), is_active=True
        )


class WachtwoordVergetenView(auth_views.PasswordResetView):
    """Forgotten or first password: a link by e-mail. The answer is the same whether the
    address has an account or not (nobody learns who works where)."""

    form_class = WachtwoordVergetenForm
    template_name = "registration/wachtwoord_vergeten.html"
    email_template_name = "registration/wachtwoord_mail.txt"
    subject_template_name = "registration/wachtwoord_onderwerp.txt"

    def form_valid(self, form: WachtwoordVergetenForm) -> HttpResponse:
        # Over the limit per address or per source: no mail, and the same answer.
        if not allow_password_reset(self.request, form.cleaned_data["email"]):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class WachtwoordVerstuurdView(auth_views.PasswordResetDoneView):
    template_name = "registration/wachtwoord_verstuurd.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "per_uur": settings.ZORGROUTE_PASSWORD_RESET_PER_ADDRESS,
        }


class WachtwoordKiezenView(auth_views.PasswordResetConfirmView):
    template_name = "registration/wachtwoord_kiezen.html"


class WachtwoordIngesteldView(auth_views.PasswordResetCompleteView):
    template_name = "registration/wachtwoord_ingesteld.html"


class WachtwoordWijzigenForm(PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": _("Je huidige wachtwoord klopt niet. Probeer het opnieuw."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Huidig wachtwoord")
        self.fields["new_password2"].label = _("Nieuw wachtwoord (nog een keer)")


class WachtwoordWijzigenView(auth_views.PasswordChangeView):
    """A logged-in user changes their password (the current one first). This session stays
    logged in (with a new key); every other session of the account ends."""

    form_class = WachtwoordWijzigenForm
    template_name = "registration/wachtwoord_wijzigen.html"

    def form_valid(self, form: WachtwoordWijzigenForm) -> HttpResponse:
        form.save()
        end_all_sessions(user=form.user)
        update_session_auth_hash(self.request, form.user)
        messages.success(
            self.request,
            _("Je wachtwoord is gewijzigd. Op je andere apparaten ben je uitgelogd."),
        )
        return redirect("password_change")


class UitloggenOveralView(LoginRequiredMixin, View):
    """POST: end every session of the account, on every device, this one included."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        end_all_sessions(user=request.user)  # type: ignore[arg-type]
        logout(request)
        messages.success(request, _("Je bent op alle apparaten uitgelogd."))
        return redirect("login")


def start(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("kies-school")
    return redirect("login")


class KiesSchoolView(LoginRequiredMixin, TemplateView):
    template_name = "zorgroute/kies_school.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        scholen = schools_for_user(request.user)  # type: ignore[arg-type]
        if len(scholen) == 1:
            return redirect("home", school=scholen[0].slug)
        return self.render_to_response({"scholen": scholen})
