"""Login, logout and the school picker (the only user pages outside a tenant)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

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


class LogoutView(auth_views.LogoutView):
    pass


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
