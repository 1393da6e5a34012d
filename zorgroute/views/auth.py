"""Login, logout and the school picker (the only user pages outside a tenant)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from .. import mfa
from ..models import Gebruiker
from ..selectors import schools_for_user


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

    def get_users(self, email: str) -> Iterator[Gebruiker]:
        """Also accounts without a password yet (made by a beheerder's LVS link through the
        API): this link is how they choose their first one. Django's form skips those."""
        yield from Gebruiker.objects.filter(email__iexact=email.strip(), is_active=True)


class WachtwoordVergetenView(auth_views.PasswordResetView):
    """Forgotten or first password: a link by e-mail. The answer is the same whether the
    address has an account or not (nobody learns who works where)."""

    form_class = WachtwoordVergetenForm
    template_name = "registration/wachtwoord_vergeten.html"
    email_template_name = "registration/wachtwoord_mail.txt"
    subject_template_name = "registration/wachtwoord_onderwerp.txt"


class WachtwoordVerstuurdView(auth_views.PasswordResetDoneView):
    template_name = "registration/wachtwoord_verstuurd.html"


class WachtwoordKiezenView(auth_views.PasswordResetConfirmView):
    template_name = "registration/wachtwoord_kiezen.html"


class WachtwoordIngesteldView(auth_views.PasswordResetCompleteView):
    template_name = "registration/wachtwoord_ingesteld.html"


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


def gezond(request: HttpRequest) -> JsonResponse:
    """Health check for the load balancer and docker-compose."""
    return JsonResponse({"status": "ok", "login": reverse("login")})
