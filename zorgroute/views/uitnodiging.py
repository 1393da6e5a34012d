"""The link in an invitation mail: /uitnodiging/<school>/<sleutel>/<token>/ (public, guarded
by the token). A person without an account chooses name and password; the holder of an
existing account logs in with the invited address and confirms. Only then is the account
linked to the school. The school's tenant is entered for the invitation's own rows only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from ..beheer import services
from ..beheer.forms import UitnodigingAannemenForm
from ..forms import add_service_errors
from ..models import School, Uitnodiging
from ..tenancy.db import tenant_context

TEMPLATE = "registration/uitnodiging.html"


class UitnodigingView(View):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        school = School.objects.filter(slug=kwargs["school"]).first()
        if school is None:
            raise Http404
        user_id = request.user.pk if request.user.is_authenticated else None
        with tenant_context(school.pk, user_id=user_id):
            try:
                uitnodiging = services.uitnodiging_voor_link(kwargs["sleutel"], kwargs["token"])
            except services.UitnodigingOngeldig as exc:
                return self.page(request, school, fout=exc.message, status=exc.status)
            return self.handle(request, school, uitnodiging)

    def page(
        self, request: HttpRequest, school: School, *, status: int = 200, **context: Any
    ) -> HttpResponse:
        return render(request, TEMPLATE, {"uitgenodigd_voor": school, **context}, status=status)

    def handle(
        self, request: HttpRequest, school: School, uitnodiging: Uitnodiging
    ) -> HttpResponse:
        account = services.account_voor(uitnodiging)
        if account is None:
            return self.nieuw_account(request, school, uitnodiging)
        if not request.user.is_authenticated:
            messages.info(request, f"Log in om de uitnodiging voor {school.naam} te bevestigen.")
            return redirect_to_login(request.get_full_path())
        if request.method == "POST":
            return self.bevestigen(request, school, uitnodiging)
        return self.page(request, school, bevestigen=True, uitnodiging=uitnodiging)

    def bevestigen(
        self, request: HttpRequest, school: School, uitnodiging: Uitnodiging
    ) -> HttpResponse:
        try:
            services.uitnodiging_bevestigen(uitnodiging=uitnodiging, gebruiker=request.user)  # type: ignore[arg-type]
        except services.UitnodigingOngeldig as exc:
            return self.page(request, school, fout=exc.message, status=400)
        messages.success(request, f"Welkom bij {school.naam}: je account is gekoppeld.")
        return redirect(reverse("home", kwargs={"school": school.slug}))

    def nieuw_account(
        self, request: HttpRequest, school: School, uitnodiging: Uitnodiging
    ) -> HttpResponse:
        m = uitnodiging.medewerker
        initial = {
            "voornaam": m.voornaam,
            "tussenvoegsel": m.tussenvoegsel,
            "achternaam": m.achternaam,
        }
        if request.method != "POST":
            form = UitnodigingAannemenForm(initial=initial)
            return self.page(request, school, form=form, uitnodiging=uitnodiging)
        form = UitnodigingAannemenForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            account = services.NieuwAccount(
                voornaam=data["voornaam"],
                tussenvoegsel=data["tussenvoegsel"],
                achternaam=data["achternaam"],
                password=data["password1"],
            )
            try:
                services.uitnodiging_aannemen(uitnodiging=uitnodiging, account=account)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    add_service_errors(form, exc)
                else:  # the password validators
                    form.add_error("password1", exc)
            else:
                messages.success(
                    request,
                    f"Je account voor {school.naam} is aangemaakt. Log in met "
                    f"{m.email} en je nieuwe wachtwoord.",
                )
                return redirect(reverse("login"))
        return self.page(request, school, form=form, uitnodiging=uitnodiging, status=400)
