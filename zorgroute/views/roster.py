"""Home, classes and pupils: what every staff member opens first."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.module_loading import import_string

from .. import access, selectors
from .. import permissions as p
from ..models import Groep, Plaatsing, Rol
from .base import TenantTemplateView


class HomeView(TenantTemplateView):
    """One home page whose content follows the role: "mijn klassen" for a mentor or docent,
    "hele school" for the zorgcoördinator, "mijn afdeling" for a teamleider."""

    required_permission = p.VIEW_HOME
    template_name = "zorgroute/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        ctx = self.tenant
        schooljaar = selectors.current_schooljaar()
        groepen = (
            list(selectors.groepen_for_list(ctx, schooljaar)) if ctx.has_perm(p.VIEW_GROEP) else []
        )
        if ctx.has_role(Rol.ZORGCOORDINATOR) or ctx.has_role(Rol.SCHOOLLEIDER):
            blik = "school"
        elif ctx.has_role(Rol.TEAMLEIDER):
            blik = "afdeling"
        elif ctx.has_role(Rol.BEHEERDER) and not ctx.has_role(Rol.DOCENT):
            blik = "beheer"
        elif ctx.has_role(Rol.DOCENT):
            blik = "klassen"
        elif ctx.has_role(Rol.PRIVACY):
            blik = "privacy"
        else:
            blik = "gedeeld"
        user_id = ctx.user.pk
        mentor_ids = {g.pk for g in groepen if any(m.pk == user_id for m in g.mentoren.all())}
        context.update(
            blik=blik,
            schooljaar=schooljaar,
            groepen=groepen,
            mentorgroepen=[g for g in groepen if g.pk in mentor_ids],
            lesgroepgroepen=[g for g in groepen if g.pk not in mentor_ids],
            totaal_leerlingen=sum(getattr(g, "aantal_leerlingen", 0) for g in groepen),
            gedeelde_leerlingen=(
                list(access.visible_leerlingen(ctx)[:50]) if blik == "gedeeld" else []
            ),
            panelen=panelen(settings.ZORGROUTE_HOME_PANELS, self.request),
        )
        return context


class GroepListView(TenantTemplateView):
    required_permission = p.VIEW_GROEP
    template_name = "zorgroute/groep_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        schooljaar = selectors.current_schooljaar()
        context["schooljaar"] = schooljaar
        context["groepen"] = list(selectors.groepen_for_list(self.tenant, schooljaar))
        return context


def panelen(hooks: list[str], *args: Any) -> list[tuple[str, dict[str, Any]]]:
    """Panels that feature apps add to a core page (settings.ZORGROUTE_*_PANELS): each hook
    returns (template name, context) or None. The core imports no feature app."""
    result = []
    for path in hooks:
        panel = import_string(path)(*args)
        if panel is not None:
            result.append(panel)
    return result


def groep_panelen(request: HttpRequest, groep: Groep) -> list[tuple[str, dict[str, Any]]]:
    return panelen(settings.ZORGROUTE_GROEP_PANELS, request, groep)


class GroepDetailView(TenantTemplateView):
    required_permission = p.VIEW_GROEP
    template_name = "zorgroute/groep_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        groep = access.access_groep(self.request, self.kwargs["groep_id"])
        plaatsingen = selectors.groep_plaatsingen(self.tenant, groep)
        context.update(
            groep=groep,
            mentoren=list(groep.mentoren.order_by("achternaam")),
            plaatsingen=plaatsingen,
            aantal_leerlingen=Plaatsing.objects.active().filter(groep=groep).count(),
            lesgroepen=selectors.groep_lesgroepen(groep),
            toont_leerlingen=self.tenant.has_perm(p.VIEW_LEERLING),
            panelen=groep_panelen(self.request, groep),
        )
        return context


class LeerlingInzagesView(TenantTemplateView):
    """Who opened this pupil's page, and when (for an AVG inzageverzoek of parents): the
    zorgcoördinator and the privacy officer, for every pupil of the school."""

    required_permission = p.VIEW_ACCESS_LOG
    template_name = "zorgroute/leerling_inzages.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        leerling = access.access_school_leerling(self.request, self.kwargs["leerling_uuid"])
        context.update(leerling=leerling, inzages=selectors.leerling_access_events(leerling))
        return context


class LeerlingDetailView(TenantTemplateView):
    required_permission = p.VIEW_LEERLING
    template_name = "zorgroute/leerling_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        leerling = access.access_leerling(self.request, self.kwargs["leerling_uuid"])
        plaatsingen = selectors.leerling_plaatsingen(leerling)
        today = timezone.localdate()
        huidige = next(
            (
                pl
                for pl in plaatsingen
                if pl.startdatum <= today and (pl.einddatum is None or pl.einddatum >= today)
            ),
            None,
        )
        context.update(
            leerling=leerling,
            plaatsingen=plaatsingen,
            huidige_plaatsing=huidige,
            toont_inzages=self.tenant.has_perm(p.VIEW_ACCESS_LOG),
            panelen=panelen(settings.ZORGROUTE_LEERLING_PANELS, self.request, leerling),
        )
        return context
