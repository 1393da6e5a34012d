"""The kijkwijzer (bijlage 5) and begrijpwijzer (bijlage 7a) next to an overview: read with
VIEW_GROEPSOVERZICHT, save with the right to change the overview (403 otherwise). An item a
colleague changed after the page was loaded is not overwritten: the page comes back (409)
with the conflict notice and the colleague's answer at that item."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from zorgroute import permissions as p
from zorgroute.versioning import FieldConflict, StaleVersion
from zorgroute.views.base import TenantTemplateView
from zorgroute.views.versioned import submit

from ..access import Rechten, access_overzicht, require
from ..models import Groepsoverzicht
from ..selectors import checklist_antwoorden, overzicht_grid
from . import (
    BEGRIJPWIJZER,
    KEUZES,
    KIJKWIJZER,
    Antwoord,
    Checklist,
    Voorantwoord,
    voorantwoorden,
)
from . import keuze as _keuze
from .forms import ChecklistForm
from .services import checklist_update

LEEG: Antwoord = (None, "")


def _rij(
    bewaard: Antwoord | None,
    voorstel: Voorantwoord | None,
    invoer: Antwoord | None,
) -> dict[str, Any]:
    """One item of the page: the user's input, else the stored answer, else the proposal.
    `gezien` is the stored answer: saving again deliberately replaces a colleague's."""
    if invoer is not None:
        gekozen, opmerking = invoer
    elif bewaard is not None:
        gekozen, opmerking = bewaard
    else:
        gekozen, opmerking = (voorstel.antwoord if voorstel else None), ""
    gezien = bewaard or LEEG
    return {
        "voorstel": voorstel,
        "voorstel_keuze": _keuze(voorstel.antwoord) if voorstel else "",
        "bewaard": bewaard,
        "gezien": gezien,
        "gezien_keuze": _keuze(gezien[0]),
        "keuze": _keuze(gekozen),
        "opmerking": opmerking,
    }


class ChecklistView(TenantTemplateView):
    required_permission = p.VIEW_GROEPSOVERZICHT
    template_name = "groepsoverzicht/checklist/checklist.html"
    checklist: Checklist = KIJKWIJZER

    def _load(self) -> tuple[Groepsoverzicht, Rechten]:
        return access_overzicht(self.request, self.kwargs["overzicht_id"])

    def _page(
        self,
        overzicht: Groepsoverzicht,
        rechten: Rechten,
        *,
        form: ChecklistForm | None = None,
        conflict: StaleVersion | None = None,
        status: int = 200,
    ) -> HttpResponse:
        invoer = form.antwoorden() if form is not None else {}
        opgeslagen = checklist_antwoorden(overzicht, self.checklist.codes)
        voor = voorantwoorden(self.checklist, overzicht_grid(self.tenant, overzicht, rechten))
        per_item: dict[str, FieldConflict] = {
            c.name: c for c in (conflict.conflicts if conflict else [])
        }
        secties = [
            (
                sectie,
                [
                    {
                        "item": item,
                        "conflict": per_item.get(item.code),
                        **_rij(
                            opgeslagen.get(item.code),
                            voor.get(item.code),
                            invoer.get(item.code),
                        ),
                    }
                    for item in items
                ],
            )
            for sectie, items in self.checklist.secties()
        ]
        code = self.checklist.afspraken
        afspraken = _rij(opgeslagen.get(code), None, invoer.get(code))
        context = self.get_context_data(
            overzicht=overzicht,
            rechten=rechten,
            checklist=self.checklist,
            secties=secties,
            keuzes=KEUZES,
            afspraken=afspraken["opmerking"],
            afspraken_gezien=afspraken["gezien"][1],
            afspraken_conflict=per_item.get(code),
            conflict=conflict,
            form=form,
            andere=BEGRIJPWIJZER if self.checklist is KIJKWIJZER else KIJKWIJZER,
        )
        return self.render_to_response(context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        overzicht, rechten = self._load()
        return self._page(overzicht, rechten)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        overzicht, rechten = self._load()
        require(rechten.bewerken)

        def save(form: ChecklistForm) -> int:
            return checklist_update(
                overzicht=overzicht,
                antwoorden=form.antwoorden(),
                gezien=form.gezien(),
                user=self.tenant.user,
            )

        submission = submit(
            lambda data: ChecklistForm(data, checklist=self.checklist), request.POST, save
        )
        if not submission.saved:
            return self._page(
                overzicht,
                rechten,
                form=submission.form,
                conflict=submission.conflict,
                status=submission.status,
            )
        aantal = submission.result or 0
        messages.success(
            request,
            f"{self.checklist.titel}: opgeslagen ({aantal} "
            f"{'antwoord' if aantal == 1 else 'antwoorden'} gewijzigd).",
        )
        return HttpResponseRedirect(
            reverse(
                f"groepsoverzicht-{self.checklist.slug}",
                kwargs={"school": self.tenant.school.slug, "overzicht_id": overzicht.pk},
            )
        )


class KijkwijzerView(ChecklistView):
    checklist = KIJKWIJZER


class BegrijpwijzerView(ChecklistView):
    checklist = BEGRIJPWIJZER
