"""The beheerder resets a staff member's two-factor login (a lost or new phone): their app
and backup codes are deleted, and at their next login they set up a new app. Only accounts
with a membership in this school (404 for any other); recorded in the account's history."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.shortcuts import get_object_or_404

from zorgroute import mfa
from zorgroute.models import Gebruiker, Medewerker

from .base import BeheerActionView, BeheerFormView
from .forms import TweestapsBeleidForm


class TweestapsResetView(BeheerActionView):
    section = "medewerkers"
    title = "Tweestapsverificatie resetten"
    confirm_label = "Tweestapsverificatie resetten"
    done_message = (
        "De tweestapsverificatie van %(obj)s is gereset. Bij de volgende keer inloggen stelt "
        "%(obj)s een nieuwe authenticator-app in."
    )

    def get_object(self) -> Gebruiker:
        # The school's own staff record (404 for another school's); the reset acts on the
        # account it is linked to, so an invitation not yet accepted has nothing to reset.
        medewerker = get_object_or_404(
            Medewerker.objects.filter(gebruiker__isnull=False), pk=self.kwargs["medewerker_id"]
        )
        self.medewerker = medewerker
        assert medewerker.gebruiker is not None
        return medewerker.gebruiker

    def get_question(self, obj: models.Model) -> str:
        assert isinstance(obj, Gebruiker)
        status = mfa.device_status(obj)
        if not status.ingesteld:
            return (
                f"{obj} heeft nog geen authenticator-app ingesteld. Resetten verwijdert "
                f"eventuele reservecodes ({status.reservecodes})."
            )
        return (
            f"{obj} logt in met een authenticator-app en heeft nog {status.reservecodes} "
            "reservecodes. Na het resetten werken de app en de reservecodes niet meer, en "
            f"stelt {obj} bij de volgende keer inloggen een nieuwe app in. Doe dit alleen als "
            "je zeker weet dat het verzoek van deze medewerker zelf komt."
        )

    def perform(self, obj: Any) -> None:
        mfa.reset_second_factor(
            gebruiker=obj,
            door=self.tenant.user,
            reden=f"Tweestapsverificatie gereset door beheerder ({self.tenant.school.slug})",
        )

    def get_success_url(self, obj: models.Model) -> str:
        return self.url("beheer-medewerker-update", medewerker_id=self.medewerker.pk)


class TweestapsBeleidView(BeheerFormView):
    """/<school>/beheer/tweestapsverificatie/: extend two-factor login to all staff."""

    section = "tweestaps"
    form_class = TweestapsBeleidForm
    title = "Tweestapsverificatie"
    success_message = "De instelling voor tweestapsverificatie is opgeslagen."

    def get_form_kwargs(self) -> dict[str, Any]:
        school = self.tenant.school
        return {
            "school": school,
            "initial": {"tweestaps_voor_iedereen": school.tweestaps_voor_iedereen},
        }

    def save(self, form: Any) -> Any:
        return mfa.school_tweestaps_instellen(
            school=self.tenant.school,
            voor_iedereen=form.cleaned_data["tweestaps_voor_iedereen"],
        )

    def get_success_url(self, obj: Any) -> str:
        return self.url("beheer-tweestaps")
