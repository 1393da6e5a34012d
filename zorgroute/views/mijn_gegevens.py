"""Mijn gegevens: the account holder changes the account's own name. It is the only place
where that name changes (issue 19: a school edits only its own staff record)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from ..beheer import services
from ..beheer.forms import AccountNaamForm
from ..models import Gebruiker
from ..versioning import VERSION_FIELD, StaleVersion

TEMPLATE = "registration/mijn_gegevens.html"


def _account(request: HttpRequest) -> Gebruiker:
    """The logged-in account itself (request.user is a lazy proxy; the version lock needs
    the model instance)."""
    assert request.user.pk is not None  # LoginRequiredMixin ran first
    return Gebruiker.objects.get(pk=request.user.pk)


class MijnGegevensView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = _account(request)
        form = AccountNaamForm(instance=user, version=user.versie)
        return render(request, TEMPLATE, {"form": form})

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = _account(request)
        form = AccountNaamForm(request.POST, instance=user, version=user.versie)
        if not form.is_valid():
            return render(request, TEMPLATE, {"form": form}, status=400)
        data = form.cleaned_data
        try:
            services.account_naam_update(
                gebruiker=user,
                version=data.get(VERSION_FIELD) or 0,
                voornaam=data["voornaam"],
                tussenvoegsel=data["tussenvoegsel"],
                achternaam=data["achternaam"],
            )
        except StaleVersion:
            form.add_error(
                None, "Je gegevens zijn intussen op een andere plek gewijzigd. Probeer het opnieuw."
            )
            return render(request, TEMPLATE, {"form": form}, status=409)
        messages.success(request, "Je naam is opgeslagen.")
        return redirect("mijn-gegevens")
