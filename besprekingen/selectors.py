"""What the bespreking pages read: the agenda pre-filled from the data (bijlage 15), the
preparation checklist (bijlage 17), the home-page lists and the pupil dossier timeline.

Every function runs a fixed number of queries, whatever the number of pupils: the meeting
screen's query count is pinned at two class sizes in the tests. The view-models of the
planning pages and of the meeting screen are in besprekingen.plannen.selectors and
besprekingen.vergadering.selectors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from groepsoverzicht.access import Rechten as OverzichtRechten
from groepsoverzicht.access import rechten as overzicht_rechten
from groepsoverzicht.access import with_rights
from groepsoverzicht.models import Groepsoverzicht, SignaalStatus, Signalering
from groepsoverzicht.selectors import Grid, Rij, overzicht_grid
from groepsplan.models import (
    Doelevaluatie,
    DoelResultaat,
    Groepsplan,
    Plangroep,
    Plangroeplid,
    PlanStatus,
)
from groepsplan.services import Suggestie, Voortgang, clustersuggesties, evaluatievoortgang
from zorgroute.access import visible_leerlingen
from zorgroute.models import Gebruiker, Leerling, Lidmaatschap, Rol
from zorgroute.tenancy.context import TenantContext

from . import agenda
from .access import visible_besprekingen
from .models import (
    Actie,
    ActieStatus,
    Besluit,
    Bespreking,
    Deelnemer,
    Inbreng,
    Soort,
    Status,
    Verslagpunt,
)


@dataclass
class Kandidaat:
    """A pupil to consider for an IZO aanmelding, with the reasons from the data."""

    rij: Rij
    redenen: list[str] = field(default_factory=list)


@dataclass
class Checkpunt:
    """One item of the preparation checklist (bijlage 17): ready or not, and why."""

    punt: str
    titel: str
    klaar: bool | None  # None: not applicable
    basis: str


@dataclass
class Verslag:
    """What the meeting recorded: texts per point, decisions, actions, questions."""

    punten: dict[str, Verslagpunt]
    besluiten: list[Besluit]
    acties: list[Actie]
    inbreng: list[Inbreng]
    deelnemers: list[Deelnemer]

    def besluiten_bij(self, punt: str) -> list[Besluit]:
        return [b for b in self.besluiten if b.punt == punt]

    def inbreng_bij(self, punt: str) -> list[Inbreng]:
        return [i for i in self.inbreng if i.punt == punt]


@dataclass
class Voorbereiding:
    """The agenda of one meeting, each point with the data it discusses."""

    bespreking: Bespreking
    overzicht: Groepsoverzicht | None
    overzicht_rechten: OverzichtRechten | None
    grid: Grid | None
    plan: Groepsplan | None
    plangroepen: list[Plangroep]
    suggesties: list[Suggestie]
    vorig_plan: Groepsplan | None
    vorig_voortgang: Voortgang | None
    niet_bereikt: set[int]
    bilateraal: list[Bespreking]
    kandidaten: list[Kandidaat]
    verslag: Verslag
    checklist: list[Checkpunt]

    @property
    def gesignaleerd(self) -> list[Rij]:
        return [r for r in self.grid.rijen if r.signaleringen or r.voorstellen] if self.grid else []

    @property
    def niet_gesignaleerd(self) -> list[Rij]:
        """Pupils without a signal or proposal: the ones the teachers may "miss"."""
        return (
            [r for r in self.grid.rijen if not (r.signaleringen or r.voorstellen)]
            if self.grid
            else []
        )

    @property
    def onvolledig(self) -> list[Rij]:
        return [r for r in self.grid.rijen if r.onvolledig] if self.grid else []

    @property
    def leerlingen(self) -> list[Leerling]:
        """The pupils a decision or question can be about."""
        if self.grid:
            return [r.regel.leerling for r in self.grid.rijen]
        return [self.bespreking.leerling] if self.bespreking.leerling else []


def verslag(bespreking: Bespreking) -> Verslag:
    return Verslag(
        punten={v.punt: v for v in bespreking.verslagpunten.select_related("gewijzigd_door")},
        besluiten=list(
            bespreking.besluiten.select_related(
                "leerling", "auteur", "evalueert", "aanmelding"
            ).order_by("created_at", "pk")
        ),
        acties=list(
            bespreking.acties.select_related("eigenaar", "leerling", "gedaan_door").order_by(
                "deadline", "pk"
            )
        ),
        inbreng=list(
            bespreking.inbreng.select_related("auteur", "leerling").order_by("created_at", "pk")
        ),
        deelnemers=list(
            bespreking.deelnemers.select_related("gebruiker").order_by(
                "-zorgteam", "gebruiker__achternaam", "gebruiker__voornaam"
            )
        ),
    )


def open_bilaterale_overleggen(bespreking: Bespreking) -> list[Bespreking]:
    """Bilateral overleggen about pupils of this class up to the meeting's date that no
    closed groepsbespreking has evaluated yet."""
    geevalueerd = Besluit.objects.filter(
        evalueert_id=OuterRef("pk"), bespreking__status=Status.AFGESLOTEN
    ).exclude(bespreking_id=bespreking.pk)
    return list(
        Bespreking.objects.filter(
            soort=Soort.BILATERAAL, groep_id=bespreking.groep_id, datum__lte=bespreking.datum
        )
        .exclude(Exists(geevalueerd))
        .select_related("leerling", "voorzitter")
        .order_by("datum", "pk")
    )


def _overzicht(
    ctx: TenantContext, bespreking: Bespreking
) -> tuple[Groepsoverzicht, OverzichtRechten]:
    """The meeting's overview with the user's rights on it. Invited attendees who do not
    teach the class (a vaksectie colleague) read it as part of the meeting; the rights say
    who may change it."""
    overzicht = (
        with_rights(Groepsoverzicht.objects.filter(pk=bespreking.groepsoverzicht_id or 0), ctx)
        .select_related("groep", "periode", "lesgroep", "lesgroep__vak")
        .get()
    )
    return overzicht, overzicht_rechten(ctx, overzicht)


def _plan_van(overzicht: Groepsoverzicht) -> Groepsplan | None:
    return Groepsplan.objects.filter(groepsoverzicht=overzicht).first()


def _vorig_plan(overzicht: Groepsoverzicht) -> Groepsplan | None:
    if overzicht.vorige_id is None:
        return None
    return (
        Groepsplan.objects.filter(groepsoverzicht_id=overzicht.vorige_id)
        .select_related("groepsoverzicht__periode")
        .first()
    )


def voorbereiding(ctx: TenantContext, bespreking: Bespreking) -> Voorbereiding:
    if bespreking.groepsoverzicht_id is None:
        return Voorbereiding(
            bespreking=bespreking,
            overzicht=None,
            overzicht_rechten=None,
            grid=None,
            plan=None,
            plangroepen=[],
            suggesties=[],
            vorig_plan=None,
            vorig_voortgang=None,
            niet_bereikt=set(),
            bilateraal=[],
            kandidaten=[],
            verslag=verslag(bespreking),
            checklist=[],
        )
    overzicht, o_rechten = _overzicht(ctx, bespreking)
    grid = overzicht_grid(ctx, overzicht, o_rechten)
    plan = _plan_van(overzicht)
    plangroepen: list[Plangroep] = []
    suggesties: list[Suggestie] = []
    if plan is not None:
        plangroepen = list(
            plan.plangroepen.prefetch_related(
                Prefetch("leden", queryset=Plangroeplid.objects.select_related("leerling"))
            ).order_by("deel", "volgorde", "pk")
        )
    else:
        suggesties = clustersuggesties(overzicht)
    vorig = _vorig_plan(overzicht)
    voortgang = evaluatievoortgang(vorig) if vorig else None
    niet_bereikt = (
        set(
            Doelevaluatie.objects.filter(
                doel__plangroep__groepsplan=vorig,
                resultaat=DoelResultaat.NIET,
                leerling__isnull=False,
            ).values_list("leerling_id", flat=True)
        )
        if vorig
        else set()
    )
    bilateraal = (
        open_bilaterale_overleggen(bespreking) if bespreking.soort == Soort.GROEPSBESPREKING else []
    )
    eerder_gesignaleerd = (
        set(
            Signalering.objects.filter(
                regel__groepsoverzicht_id=overzicht.vorige_id, status=SignaalStatus.BEVESTIGD
            ).values_list("regel__leerling_id", flat=True)
        )
        if overzicht.vorige_id
        else set()
    )
    met_bilateraal = {b.leerling_id for b in bilateraal}
    kandidaten = []
    for rij in grid.rijen:
        if not rij.signaleringen:
            continue
        redenen = []
        leerling_id = rij.regel.leerling_id
        if leerling_id in niet_bereikt:
            redenen.append("doel in het vorige groepsplan niet bereikt")
        if leerling_id in eerder_gesignaleerd:
            redenen.append("ook in de vorige periode gesignaleerd")
        if leerling_id in met_bilateraal:
            redenen.append("bilateraal overleg met het zorgteam")
        if redenen:
            kandidaten.append(Kandidaat(rij=rij, redenen=redenen))
    v = Voorbereiding(
        bespreking=bespreking,
        overzicht=overzicht,
        overzicht_rechten=o_rechten,
        grid=grid,
        plan=plan,
        plangroepen=plangroepen,
        suggesties=suggesties,
        vorig_plan=vorig,
        vorig_voortgang=voortgang,
        niet_bereikt=niet_bereikt,
        bilateraal=bilateraal,
        kandidaten=kandidaten,
        verslag=verslag(bespreking),
        checklist=[],
    )
    v.checklist = checklist(v)
    return v


def _n(n: int, enkelvoud: str, meervoud: str) -> str:
    return f"{n} {enkelvoud if n == 1 else meervoud}"


def checklist(v: Voorbereiding) -> list[Checkpunt]:
    """Bijlage 17, answered from the data: what is still missing before the meeting."""
    assert v.grid is not None and v.overzicht is not None
    grid, punten = v.grid, []
    if v.vorig_plan is None:
        punten.append(
            Checkpunt(
                agenda.VORIG_PLAN,
                "Vorig groepsplan geëvalueerd",
                None,
                "Er is geen vorig groepsplan.",
            )
        )
    else:
        klaar = v.vorig_plan.status in (PlanStatus.GEEVALUEERD, PlanStatus.AFGESLOTEN)
        vg = v.vorig_voortgang
        basis = (
            "Het vorige groepsplan is geëvalueerd."
            if klaar
            else f"Nog niet afgerond: {vg.geevalueerd if vg else 0} van {vg.totaal if vg else 0} "
            "evaluaties ingevuld."
        )
        punten.append(Checkpunt(agenda.VORIG_PLAN, "Vorig groepsplan geëvalueerd", klaar, basis))
    if v.bespreking.soort == Soort.GROEPSBESPREKING:
        heeft = bool(v.overzicht.aandachtspunten_groep.strip())
        punten.append(
            Checkpunt(
                agenda.AANDACHTSPUNTEN,
                "Aandachtspunten voor de hele groep bepaald",
                heeft,
                "Ingevuld in het groepsoverzicht."
                if heeft
                else "Nog geen aandachtspunten voor de hele groep in het groepsoverzicht.",
            )
        )
    voorstellen = grid.aantal_voorstellen
    punten.append(
        Checkpunt(
            agenda.SIGNALEREN,
            "Leerlingen gesignaleerd die extra aandacht nodig hebben",
            voorstellen == 0 and grid.aantal_gesignaleerd > 0,
            (
                f"{_n(voorstellen, 'voorstel', 'voorstellen')} van de signaleringsregels nog niet "
                "bevestigd of afgewezen."
                if voorstellen
                else f"{_n(grid.aantal_gesignaleerd, 'leerling', 'leerlingen')} gesignaleerd."
            ),
        )
    )
    onvolledig = grid.aantal_onvolledig
    punten.append(
        Checkpunt(
            agenda.BEHOEFTEN,
            "Onderwijsbehoeften van gesignaleerde leerlingen ingevuld",
            onvolledig == 0,
            f"Bij {_n(onvolledig, 'leerling', 'leerlingen')} ontbreekt een volledige "
            "onderwijsbehoefte (doel en wat de leerling nodig heeft)."
            if onvolledig
            else "Elke gesignaleerde leerling heeft een volledige onderwijsbehoefte.",
        )
    )
    subgroepen = [g for g in v.plangroepen if g.soort != "basis"]
    punten.append(
        Checkpunt(
            agenda.CLUSTEREN,
            "Voorstel voor clustering gemaakt",
            bool(subgroepen),
            f"{_n(len(subgroepen), 'subgroep', 'subgroepen')} in het concept-groepsplan."
            if subgroepen
            else (
                f"Nog geen groepsplan; {_n(len(v.suggesties), 'suggestie', 'suggesties')} voor "
                "subgroepen uit de onderwijsbehoeften."
                if v.plan is None
                else "Het groepsplan heeft nog geen subgroepen."
            ),
        )
    )
    if v.bespreking.soort == Soort.GROEPSBESPREKING:
        punten.append(
            Checkpunt(
                agenda.IZO,
                "Leerlingen bekeken voor aanmelding bij het zorgteam",
                None if not v.kandidaten else False,
                f"{_n(len(v.kandidaten), 'leerling komt', 'leerlingen komen')} mogelijk in "
                "aanmerking; bespreek ze onder 'Aanmelden bij het intern zorgteam'."
                if v.kandidaten
                else "Geen leerlingen die uit de gegevens naar voren komen.",
            )
        )
    vragen = len(v.verslag.inbreng)
    punten.append(
        Checkpunt(
            agenda.VRAGEN,
            "Vragen en gesprekspunten van docenten verzameld",
            None,
            f"{_n(vragen, 'vraag of gesprekspunt', 'vragen en gesprekspunten')} ingebracht.",
        )
    )
    return punten


# --- Home page and dossier ---------------------------------------------------------------------


def mijn_besprekingen(ctx: TenantContext, *, vanaf: dt.date | None = None) -> QuerySet[Bespreking]:
    """Meetings the user attends or chairs that are not closed, from today on (or ongoing)."""
    vanaf = vanaf or timezone.localdate()
    user_id = ctx.user.pk
    return (
        visible_besprekingen(ctx)
        .filter(deelnemers__gebruiker_id=user_id)
        .exclude(status=Status.AFGESLOTEN)
        .exclude(soort=Soort.BILATERAAL)
        .select_related("groep", "groepsoverzicht__lesgroep", "voorzitter")
        .order_by("datum", "tijd", "pk")
        .distinct()
    )


def recente_verslagen(ctx: TenantContext, *, dagen: int = 30) -> QuerySet[Bespreking]:
    """Closed meetings of the last `dagen` days the user attended: their reports."""
    sinds = timezone.now() - dt.timedelta(days=dagen)
    return (
        visible_besprekingen(ctx)
        .filter(deelnemers__gebruiker_id=ctx.user.pk, afgesloten_op__gte=sinds)
        .filter(status=Status.AFGESLOTEN)
        .exclude(soort=Soort.BILATERAAL)
        .select_related("groep", "groepsoverzicht__lesgroep")
        .order_by("-afgesloten_op")
        .distinct()
    )


def mijn_acties(ctx: TenantContext) -> QuerySet[Actie]:
    """Open actions the user owns, soonest deadline first. An action is its owner's even if
    they can no longer open the meeting; `leerling_zichtbaar` says whether the pupil's name
    may be shown (in the same query)."""
    zichtbaar = visible_leerlingen(ctx).filter(pk=OuterRef("leerling_id"))
    return (
        Actie.objects.filter(eigenaar_id=ctx.user.pk, status=ActieStatus.OPEN)
        .select_related("bespreking", "bespreking__groep", "leerling", "besluit__aanmelding")
        .annotate(leerling_zichtbaar=Exists(zichtbaar))
        .order_by("deadline", "pk")
    )


@dataclass
class Tijdlijnitem:
    datum: dt.date
    bespreking: Bespreking
    soort: str  # "besluit", "actie" or "inbreng"
    tekst: str
    titel: str
    item: Besluit | Actie | Inbreng


def dossier_tijdlijn(ctx: TenantContext, leerling: Leerling) -> list[Tijdlijnitem]:
    """Every bespreking item about the pupil (decisions, actions, questions brought in), in
    date order, from the meetings this user may see; nothing for a user who may not see the
    pupil."""
    if not visible_leerlingen(ctx).filter(pk=leerling.pk).exists():
        return []
    zichtbaar = visible_besprekingen(ctx).values("pk")
    items: list[Tijdlijnitem] = []
    for b in Besluit.objects.filter(leerling=leerling, bespreking__in=zichtbaar).select_related(
        "bespreking", "bespreking__groep"
    ):
        items.append(
            Tijdlijnitem(
                b.bespreking.datum,
                b.bespreking,
                "besluit",
                b.tekst,
                b.get_soort_display(),
                b,
            )
        )
    for a in Actie.objects.filter(leerling=leerling, bespreking__in=zichtbaar).select_related(
        "bespreking", "bespreking__groep", "eigenaar"
    ):
        items.append(
            Tijdlijnitem(a.bespreking.datum, a.bespreking, "actie", a.omschrijving, "Actie", a)
        )
    for i in Inbreng.objects.filter(leerling=leerling, bespreking__in=zichtbaar).select_related(
        "bespreking", "bespreking__groep", "auteur"
    ):
        items.append(
            Tijdlijnitem(
                i.bespreking.datum,
                i.bespreking,
                "inbreng",
                i.tekst,
                agenda.titel(i.bespreking.soort, i.punt),
                i,
            )
        )
    items.sort(key=lambda t: (t.datum, t.bespreking.pk), reverse=True)
    return items


# --- The pages' view-models -------------------------------------------------------------------


def medewerkers(school_id: int) -> list[Gebruiker]:
    """Staff of the school today (ZAT partners excluded): who may own an action. One query."""
    ids = (
        Lidmaatschap.objects.active()
        .filter(school_id=school_id)
        .exclude(rol=Rol.ZAT_LID)
        .values("gebruiker_id")
    )
    return list(Gebruiker.objects.filter(pk__in=ids).order_by("achternaam", "voornaam", "pk"))


def leerlingen_van(bespreking: Bespreking) -> list[Leerling]:
    """The pupils a decision, action or question can be about (the overview's rows). One
    query."""
    if bespreking.groepsoverzicht_id is None:
        return [bespreking.leerling] if bespreking.leerling else []
    return list(
        Leerling.objects.filter(
            pk__in=bespreking.groepsoverzicht.regels.values("leerling_id")  # type: ignore[union-attr]
        ).order_by("achternaam", "voornaam", "pk")
    )


def deelnemers_van(bespreking: Bespreking) -> list[Gebruiker]:
    return [d.gebruiker for d in bespreking.deelnemers.select_related("gebruiker")]
