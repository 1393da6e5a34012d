"""PDF contexts: the groepsplan together with its groepsoverzicht (one document, as the seed
recommends), an IHP and an OPP ready to sign. Each context is built in a constant number of
queries; `zorgroute.pdf.render_pdf` turns it into bytes."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify

from groepsoverzicht.access import Rechten
from groepsoverzicht.models import Groepsoverzicht
from groepsoverzicht.pdf import overzicht_pdf_context, verantwoordelijken
from zorgroute.models import Gebruiker, Groep, Plaatsing
from zorgroute.tenancy.context import TenantContext

from .ihp_opp.models import Handelingsplan, Ontwikkelingsperspectief
from .models import Deel, Groepsplan, Plangroep, Plangroeplid, Roosteritem

HANDTEKENINGEN_IHP = ["Ouder/verzorger", "Leerling", "Namens school (mentor/docent)"]
HANDTEKENINGEN_OPP = [
    "Ouder/verzorger",
    "Leerling (16 jaar of ouder)",
    "Namens school (zorgcoördinator)",
]


def _bestandsnaam(*delen: str) -> str:
    return "-".join(slugify(d) or "x" for d in delen) + ".pdf"


def plan_bestandsnaam(plan: Groepsplan) -> str:
    overzicht = plan.groepsoverzicht
    naam = overzicht.lesgroep.naam if overzicht.lesgroep else overzicht.groep.naam
    return _bestandsnaam("groepsplan", naam, overzicht.periode.naam)


def plan_pdf_context(
    ctx: TenantContext, plan: Groepsplan, overzicht: Groepsoverzicht, rechten: Rechten
) -> dict[str, Any]:
    """The overview's PDF context plus the plan: groups per deel with pupils, goals, inhoud,
    aanpak, organisatie, evaluatie and rooster; adjustments; the IHP's as appendices."""
    context = overzicht_pdf_context(ctx, overzicht, rechten)
    plangroepen = list(
        Plangroep.objects.filter(groepsplan=plan).prefetch_related(
            Prefetch("leden", queryset=Plangroeplid.objects.select_related("leerling")),
            "doelen",
            Prefetch("rooster", queryset=Roosteritem.objects.select_related("docent")),
        )
    )
    delen: list[dict[str, Any]] = []
    for pg in plangroepen:
        if not delen or delen[-1]["deel"] != pg.deel:
            delen.append({"deel": pg.deel, "label": Deel(pg.deel).label, "groepen": []})
        delen[-1]["groepen"].append(
            {
                "groep": pg,
                "leerlingen": sorted(
                    (lid.leerling for lid in pg.leden.all()), key=lambda ll: ll.achternaam
                ),
                "doelen": list(pg.doelen.all()),
                "rooster": list(pg.rooster.all()),
            }
        )
    context.update(
        plan=plan,
        delen=delen,
        bijstellingen=list(plan.bijstellingen.select_related("auteur", "plangroep")),
        ihps=list(
            Handelingsplan.objects.filter(groepsplan=plan)
            .select_related("leerling")
            .order_by("leerling__achternaam")
        ),
        titel=f"Groepsplan {overzicht}",
    )
    # Whose data the document holds: the overview's pupils, the groups' and the IHP's.
    leerling_ids = set(context["leerling_ids"])
    for deel in delen:
        for groep in deel["groepen"]:
            leerling_ids |= {ll.pk for ll in groep["leerlingen"]}
    leerling_ids |= {ihp.leerling_id for ihp in context["ihps"]}
    context["leerling_ids"] = sorted(leerling_ids)
    return context


def ihp_pdf_context(ctx: TenantContext, ihp: Handelingsplan) -> dict[str, Any]:
    ihp = Handelingsplan.objects.select_related(
        "leerling",
        "groepsplan__groepsoverzicht__groep",
        "groepsplan__groepsoverzicht__periode",
        "groepsplan__groepsoverzicht__lesgroep__vak",
    ).get(pk=ihp.pk)
    overzicht = ihp.groepsplan.groepsoverzicht
    return {
        "ihp": ihp,
        "leerling": ihp.leerling,
        "overzicht": overzicht,
        "verantwoordelijken": verantwoordelijken(overzicht),
        "instemmingen": list(ihp.instemmingen.order_by("datum", "pk")),
        "handtekeningen": HANDTEKENINGEN_IHP,
        "school": ctx.school,
        "gegenereerd_op": timezone.localtime(),
        "bestandsnaam": _bestandsnaam("ihp", ihp.leerling.volledige_naam, overzicht.periode.naam),
    }


def huidige_groep(leerling_id: int) -> Groep | None:
    plaatsing = (
        Plaatsing.objects.active()
        .filter(leerling_id=leerling_id)
        .select_related("groep")
        .order_by("-startdatum")
        .first()
    )
    return plaatsing.groep if plaatsing else None


def opp_pdf_context(ctx: TenantContext, opp: Ontwikkelingsperspectief) -> dict[str, Any]:
    groep = huidige_groep(opp.leerling_id)
    mentoren: list[Gebruiker] = (
        list(groep.mentoren.order_by("achternaam", "voornaam")) if groep else []
    )
    return {
        "opp": opp,
        "leerling": opp.leerling,
        "groep": groep,
        "mentoren": mentoren,
        "verwachtingen": list(opp.verwachtingen.select_related("vak").order_by("vak__naam")),
        "instemmingen": list(opp.instemmingen.order_by("datum", "pk")),
        "handtekeningen": HANDTEKENINGEN_OPP,
        "school": ctx.school,
        "gegenereerd_op": timezone.localtime(),
        "bestandsnaam": _bestandsnaam("opp", opp.leerling.volledige_naam),
    }
