"""List, start and open an overview."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from zorgroute import permissions as p
from zorgroute.selectors import current_schooljaar
from zorgroute.views.base import TenantViewMixin
from zorgroute.views.versioned import submit

from .. import selectors, services
from ..access import visible_overzichten
from ..forms import (
    OpmerkingForm,
    OverzichtCreateForm,
)
from ..kolommen import kolommen
from ..models import (
    Groepsoverzicht,
)
from .base import OverzichtMixin

# --- List and create --------------------------------------------------------------------------


class OverzichtListView(TenantViewMixin, TemplateView):
    required_permission = p.VIEW_GROEPSOVERZICHT
    template_name = "groepsoverzicht/overzicht/list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        ctx = self.tenant
        overzichten = selectors.overzichten_met_tellers(visible_overzichten(ctx))
        context.update(
            overzichten=overzichten,
            mag_starten=ctx.has_perm(p.CHANGE_GROEPSOVERZICHT),
        )
        return context


class OverzichtCreateView(TenantViewMixin, View):
    """Start an overview: a class (cyclus A) or a lesgroep (cyclus B) and a periode. Says
    which previous overview will be carried over (htmx fills that in as the user picks)."""

    required_permission = p.CHANGE_GROEPSOVERZICHT
    template_name = "groepsoverzicht/overzicht/create.html"

    def form(self, data: Any = None, **kwargs: Any) -> OverzichtCreateForm:
        return OverzichtCreateForm(data, ctx=self.tenant, schooljaar=current_schooljaar(), **kwargs)

    def vorige(self, form: OverzichtCreateForm) -> Groepsoverzicht | None:
        data = form.cleaned_data
        if data.get("groep") is None or data.get("periode") is None:
            return None
        return selectors.vorig_overzicht(
            groep=data["groep"],
            periode=data["periode"],
            cyclus=data["cyclus"],
            lesgroep=data["lesgroep"],
        )

    def render_form(
        self, form: OverzichtCreateForm, *, vorige: Groepsoverzicht | None, status: int = 200
    ) -> HttpResponse:
        return render(
            self.request,
            self.template_name,
            {
                "tenant": self.tenant,
                "school": self.tenant.school,
                "form": form,
                "vorige": vorige,
                "gekozen": form.is_bound and form.is_valid(),
                "bestaand": getattr(form, "bestaand", None),
            },
            status=status,
        )

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        # With both choices in the query string (htmx preview), say what will be carried over.
        if "keuze" in request.GET and "periode" in request.GET:
            form = self.form(request.GET)
            vorige = self.vorige(form) if form.is_valid() else None
            return self.render_form(form, vorige=vorige)
        # ?keuze=g-<groep_id> or l-<lesgroep_id> preselects (links from a class page).
        return self.render_form(self.form(initial={"keuze": request.GET.get("keuze")}), vorige=None)

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        vorige: Groepsoverzicht | None = None

        def save(form: OverzichtCreateForm) -> Groepsoverzicht:
            nonlocal vorige
            data = form.cleaned_data
            vorige = self.vorige(form)
            bestaand = selectors.bestaand_overzicht(
                groep=data["groep"],
                periode=data["periode"],
                cyclus=data["cyclus"],
                lesgroep=data["lesgroep"],
            )
            if bestaand is not None:
                form.bestaand = bestaand  # type: ignore[attr-defined]
                raise ValidationError(
                    {
                        "periode": _(
                            "Er is al een groepsoverzicht voor deze klas of lesgroep in deze "
                            "periode."
                        )
                    }
                )
            return services.groepsoverzicht_create(
                groep=data["groep"],
                periode=data["periode"],
                cyclus=data["cyclus"],
                lesgroep=data["lesgroep"],
                user=self.tenant.user,
                vorige=vorige if data.get("overnemen") else None,
            )

        submission = submit(self.form, request.POST, save)
        if submission.result is None:
            return self.render_form(submission.form, vorige=vorige, status=submission.status)
        if vorige is not None and submission.form.cleaned_data.get("overnemen"):
            messages.success(
                request,
                _(
                    "Groepsoverzicht gestart. Notities en onderwijsbehoeften zijn overgenomen "
                    "uit %s."
                )
                % vorige,
            )
        else:
            messages.success(request, _("Groepsoverzicht gestart."))
        return HttpResponseRedirect(
            reverse(
                "groepsoverzicht-detail",
                kwargs={"school": self.tenant.school.slug, "overzicht_id": submission.result.pk},
            )
        )


# --- The overview page ------------------------------------------------------------------------


class OverzichtDetailView(OverzichtMixin, View):
    required_permission = p.VIEW_GROEPSOVERZICHT

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        grid = selectors.overzicht_grid(self.tenant, self.overzicht, self.rechten)
        cols = kolommen(self.overzicht, self.rechten)
        rijen = [(rij, [self.cel_field(rij.regel, k) for k in cols]) for rij in grid.rijen]
        context: dict[str, Any] = {
            "grid": grid,
            "tellers": selectors.Tellers.van_grid(grid),
            "rijen": rijen,
            "kolommen": cols,
            "aantal_kolommen": 3 + len(grid.domeinen) + len(cols),
            "verantwoordelijke": getattr(self.overzicht, "verantwoordelijke", ""),
            "meer_verantwoordelijken": max(
                (getattr(self.overzicht, "aantal_verantwoordelijken", 0) or 0) - 1, 0
            ),
            "aandachtspunten": self.aandachtspunten_field(),
            "opmerkingen": (
                selectors.open_opmerkingen(self.overzicht) if self.rechten.bewerken else []
            ),
        }
        if self.rechten.opmerken:
            context["opmerking_form"] = OpmerkingForm(
                leerlingen=[(r.regel.leerling_id, str(r.regel.leerling)) for r in grid.rijen]
            )
        return self.fragment("groepsoverzicht/overzicht/detail.html", context)
