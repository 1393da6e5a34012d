"""What the IZO aanmelding (bijlage 20) shows from the pupil's data, so the applicant only
writes what the data cannot say.

`voorinvulling` runs a fixed number of queries whatever the number of results, plans or
besprekingen (pinned at two sizes in the tests)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from besprekingen.selectors import Tijdlijnitem, dossier_tijdlijn
from groepsoverzicht.access import visible_overzichten
from groepsoverzicht.models import (
    Cyclus,
    Domein,
    InstrumentSoort,
    Onderwijsbehoefte,
    Overzichtregel,
    Resultaat,
    SignaalStatus,
    Signalering,
)
from groepsplan.access import visible_plannen
from groepsplan.ihp_opp.models import Handelingsplan, Ontwikkelingsperspectief
from groepsplan.models import Doelevaluatie, Groepsplan, Plandoel, Plangroep, Plangroeplid
from zorgroute import permissions as perms
from zorgroute.models import Gebruiker, Groep, Leerling, Mentoraat, Plaatsing
from zorgroute.tenancy.context import TenantContext

from ..access import visible_aanmeldingen, with_relations
from .models import Aanmelding, AanmeldingStatus, Triagebesluit
from .services import BEWERKBAAR

#: How many of the most recent results per domain the form shows (trend over test moments).
RESULTATEN_PER_DOMEIN = 3


@dataclass
class Domeinresultaten:
    domein: Domein
    resultaten: list[Resultaat]  # most recent first


@dataclass
class Planregel:
    """The pupil in one group of an earlier groepsplan, with its goals and evaluations."""

    lid: Plangroeplid
    doelen: list[Plandoel]

    @property
    def plangroep(self) -> Plangroep:
        return self.lid.plangroep

    @property
    def groepsplan(self) -> Groepsplan:
        return self.lid.plangroep.groepsplan


@dataclass
class Voorinvulling:
    """Bijlage 20's facts, from the data."""

    leerling: Leerling
    groep: Groep | None  # the pupil's class today (or the aanmelding's)
    mentoren: list[Gebruiker]
    resultaten: list[Domeinresultaten]
    seo: list[Domeinresultaten]
    regels: list[Overzichtregel]  # the rows of the latest periode, cyclus A first
    plannen: list[Planregel]
    ihps: list[Handelingsplan]
    opp: Ontwikkelingsperspectief | None
    eerdere_aanmeldingen: list[Aanmelding]
    tijdlijn: list[Tijdlijnitem]
    suggesties: dict[str, str] = field(default_factory=dict)

    @property
    def regel_a(self) -> Overzichtregel | None:
        return next((r for r in self.regels if r.groepsoverzicht.cyclus == Cyclus.A), None)


def _klas(leerling: Leerling, aanmelding: Aanmelding) -> tuple[Groep | None, list[Gebruiker]]:
    plaatsing = (
        Plaatsing.objects.active()
        .filter(leerling=leerling)
        .select_related("groep")
        .order_by("-startdatum")
        .first()
    )
    groep = plaatsing.groep if plaatsing else aanmelding.groep
    mentoren = [
        m.gebruiker
        for m in Mentoraat.objects.filter(groep=groep)
        .select_related("gebruiker")
        .order_by("gebruiker__achternaam", "pk")
    ]
    return groep, mentoren


def _resultaten(leerling: Leerling) -> tuple[list[Domeinresultaten], list[Domeinresultaten]]:
    per_domein: dict[int, Domeinresultaten] = {}
    for r in (
        Resultaat.objects.filter(leerling=leerling)
        .select_related("domein", "domein__instrument", "toetsmoment")
        .order_by(
            "domein__instrument__soort",
            "domein__instrument__naam",
            "domein__volgorde",
            "domein__code",
            "-toetsmoment__datum",
        )
    ):
        rij = per_domein.setdefault(r.domein_id, Domeinresultaten(r.domein, []))
        if len(rij.resultaten) < RESULTATEN_PER_DOMEIN:
            rij.resultaten.append(r)
    rijen = list(per_domein.values())
    seo = [d for d in rijen if d.domein.instrument.soort == InstrumentSoort.SEO]
    overig = [d for d in rijen if d.domein.instrument.soort != InstrumentSoort.SEO]
    return overig, seo


def _regels(ctx: TenantContext, leerling: Leerling) -> list[Overzichtregel]:
    regels = list(
        Overzichtregel.objects.filter(
            leerling=leerling, groepsoverzicht__in=visible_overzichten(ctx).values("pk")
        )
        .select_related(
            "groepsoverzicht", "groepsoverzicht__periode", "groepsoverzicht__lesgroep__vak"
        )
        .prefetch_related(
            Prefetch(
                "signaleringen",
                queryset=Signalering.objects.exclude(status=SignaalStatus.AFGEWEZEN).order_by(
                    "created_at", "pk"
                ),
            ),
            Prefetch(
                "onderwijsbehoeften",
                queryset=Onderwijsbehoefte.objects.select_related("domein").order_by(
                    "created_at", "pk"
                ),
            ),
        )
        .order_by("-groepsoverzicht__periode__startdatum", "groepsoverzicht__cyclus", "pk")
    )
    if not regels:
        return []
    laatste = regels[0].groepsoverzicht.periode_id
    return [r for r in regels if r.groepsoverzicht.periode_id == laatste]


def _plannen(ctx: TenantContext, leerling: Leerling) -> list[Planregel]:
    leden = list(
        Plangroeplid.objects.filter(
            leerling=leerling, plangroep__groepsplan__in=visible_plannen(ctx).values("pk")
        )
        .select_related(
            "plangroep",
            "plangroep__groepsplan",
            "plangroep__groepsplan__groepsoverzicht",
            "plangroep__groepsplan__groepsoverzicht__periode",
            "plangroep__groepsplan__groepsoverzicht__groep",
            "plangroep__groepsplan__groepsoverzicht__lesgroep__vak",
        )
        .order_by("-plangroep__groepsplan__startdatum", "plangroep__deel", "plangroep__volgorde")
    )
    doelen: dict[int, list[Plandoel]] = defaultdict(list)
    for doel in (
        Plandoel.objects.filter(plangroep_id__in=[lid.plangroep_id for lid in leden])
        .prefetch_related(
            Prefetch(
                "evaluaties",
                queryset=Doelevaluatie.objects.filter(
                    Q(leerling__isnull=True) | Q(leerling=leerling)
                ).order_by("pk"),
                to_attr="voor_leerling",
            )
        )
        .order_by("volgorde", "pk")
    ):
        doelen[doel.plangroep_id].append(doel)
    return [Planregel(lid, doelen[lid.plangroep_id]) for lid in leden]


def _uit_regel(regel: Overzichtregel | None) -> dict[str, str]:
    """What the pupil's overview row says that the aanmelding asks again."""
    if regel is None:
        return {}
    talenten = f"Talenten: {regel.talenten}" if regel.talenten.strip() else ""
    teksten = {
        "stimulerend": "\n".join(x for x in (regel.stimulerend.strip(), talenten) if x),
        "belemmerend": regel.belemmerend.strip(),
        "werkhouding": regel.werkhouding.strip(),
    }
    return {veld: tekst for veld, tekst in teksten.items() if tekst}


def _planregel_tekst(p: Planregel) -> str:
    """One groepsplan the pupil was in, with each goal and how it was evaluated."""
    tekst = f"- Groepsplan {p.groepsplan.groepsoverzicht}: {p.plangroep.naam}"
    for doel in p.doelen:
        evaluaties = getattr(doel, "voor_leerling", [])
        eigen = next((e for e in evaluaties if e.leerling_id), None)
        evaluatie = eigen or next(iter(evaluaties), None)
        uitkomst = (
            f" ({evaluatie.get_resultaat_display().lower()})"
            if evaluatie
            else " (nog niet geëvalueerd)"
        )
        tekst += f"\n  doel: {doel.tekst}{uitkomst}"
    return tekst


def _suggesties(v: Voorinvulling) -> dict[str, str]:
    """Initial text for empty fields of a new aanmelding, from the data."""
    s = _uit_regel(v.regel_a or (v.regels[0] if v.regels else None))
    gedaan = [_planregel_tekst(p) for p in v.plannen] + [
        f"- Individueel handelingsplan ({ihp.get_soort_display().lower()})" for ihp in v.ihps
    ]
    if gedaan:
        s["al_gedaan"] = "\n".join(gedaan)
    seo = [
        f"{d.domein.naam}: {d.resultaten[0].waarde} ({d.resultaten[0].toetsmoment.naam})"
        for d in v.seo
        if d.resultaten
    ]
    if seo:
        s["sociaal_emotioneel"] = "SEO-uitslag: " + "; ".join(seo) + "."
    return s


def voorinvulling(ctx: TenantContext, aanmelding: Aanmelding) -> Voorinvulling:
    leerling = aanmelding.leerling
    groep, mentoren = _klas(leerling, aanmelding)
    resultaten, seo = _resultaten(leerling)
    plannen = _plannen(ctx, leerling)
    v = Voorinvulling(
        leerling=leerling,
        groep=groep,
        mentoren=mentoren,
        resultaten=resultaten,
        seo=seo,
        regels=_regels(ctx, leerling),
        plannen=plannen,
        ihps=list(
            Handelingsplan.objects.filter(
                leerling=leerling, groepsplan__in=visible_plannen(ctx).values("pk")
            )
            .select_related("groepsplan__groepsoverzicht__periode", "groepsplan__groepsoverzicht")
            .order_by("-startdatum", "pk")
        ),
        opp=Ontwikkelingsperspectief.objects.filter(leerling=leerling).first(),
        eerdere_aanmeldingen=list(
            Aanmelding.objects.filter(leerling=leerling)
            .exclude(pk=aanmelding.pk)
            .select_related("aanmelder")
            .order_by("-created_at")
        ),
        tijdlijn=dossier_tijdlijn(ctx, leerling),
    )
    v.suggesties = _suggesties(v)
    return v


def datum_van(aanmelding: Aanmelding) -> dt.date:
    return aanmelding.created_at.date()


#: How long a decided aanmelding stays in the inbox and on the home page.
RECENT_DAGEN = 30


#: How many waiting aanmeldingen the home panel names (the count covers all).
PANEEL_OUDSTE = 5


def met_laatste_besluit(qs: QuerySet[Aanmelding]) -> QuerySet[Aanmelding]:
    """Annotate the latest triage decision (outcome, reason, question, first-line actions,
    date) in the same query: lists and the home panel show it without a query per row."""
    laatste = Triagebesluit.objects.filter(aanmelding_id=OuterRef("pk")).order_by(
        "-created_at", "-pk"
    )
    return qs.annotate(
        laatste_uitkomst=Subquery(laatste.values("uitkomst")[:1]),
        laatste_reden=Subquery(laatste.values("reden")[:1]),
        laatste_vraag=Subquery(laatste.values("gevraagde_informatie")[:1]),
        laatste_acties=Subquery(laatste.values("eerstelijns_acties")[:1]),
        laatste_op=Subquery(laatste.values("created_at")[:1]),
    )


def _lijst(qs: QuerySet[Aanmelding]) -> QuerySet[Aanmelding]:
    return met_laatste_besluit(qs).select_related("leerling", "groep", "aanmelder", "traject")


def wachtdagen(aanmelding: Aanmelding, vandaag: dt.date | None = None) -> int:
    """Whole days since the aanmelding was (last) submitted."""
    if aanmelding.ingediend_op is None:
        return 0
    vandaag = vandaag or timezone.localdate()
    return max(0, (vandaag - timezone.localdate(aanmelding.ingediend_op)).days)


@dataclass
class Inbox:
    """The zorgcoördinator's triage inbox."""

    wacht: list[Aanmelding]  # ingediend, oldest first (with `wachtdagen`)
    info_gevraagd: list[Aanmelding]
    geaccepteerd: list[Aanmelding]  # recent
    teruggestuurd: list[Aanmelding]  # recent
    eigen_concepten: list[Aanmelding]  # the zorgcoördinator's own concepts


def inbox(ctx: TenantContext) -> Inbox:
    """One query whatever the number of aanmeldingen."""
    sinds = timezone.now() - dt.timedelta(days=RECENT_DAGEN)
    qs = visible_aanmeldingen(ctx).filter(
        Q(status__in=(AanmeldingStatus.INGEDIEND, AanmeldingStatus.INFO_GEVRAAGD))
        | Q(
            status__in=(AanmeldingStatus.GEACCEPTEERD, AanmeldingStatus.TERUGGESTUURD),
            updated_at__gte=sinds,
        )
        | Q(status=AanmeldingStatus.CONCEPT, aanmelder_id=ctx.user.pk)
    )
    rijen = list(_lijst(qs).order_by("ingediend_op", "created_at", "pk"))
    vandaag = timezone.localdate()
    for a in rijen:
        a.wachtdagen = wachtdagen(a, vandaag)  # type: ignore[attr-defined]

    def _met(status: str) -> list[Aanmelding]:
        return [a for a in rijen if a.status == status]

    def _recent(status: str) -> list[Aanmelding]:
        return sorted(_met(status), key=lambda a: a.updated_at, reverse=True)

    return Inbox(
        wacht=_met(AanmeldingStatus.INGEDIEND),
        info_gevraagd=_met(AanmeldingStatus.INFO_GEVRAAGD),
        geaccepteerd=_recent(AanmeldingStatus.GEACCEPTEERD),
        teruggestuurd=_recent(AanmeldingStatus.TERUGGESTUURD),
        eigen_concepten=_met(AanmeldingStatus.CONCEPT),
    )


def mijn_aanmeldingen(ctx: TenantContext) -> list[Aanmelding]:
    """Every aanmelding the user may open (their own and their class's), newest first, with
    whether they may complete it (`is_mentor`). One query."""
    qs = with_relations(visible_aanmeldingen(ctx), ctx)
    return list(_lijst(qs).order_by("-created_at", "-pk"))


@dataclass
class Paneel:
    wacht: list[Aanmelding] = field(default_factory=list)  # for the zorgcoördinator
    te_doen: list[Aanmelding] = field(default_factory=list)  # concept / info gevraagd
    lopend: list[Aanmelding] = field(default_factory=list)  # ingediend, waiting for triage
    besloten: list[Aanmelding] = field(default_factory=list)  # recently decided

    @property
    def aantal_wacht(self) -> int:
        return len(self.wacht)


def home_paneel(ctx: TenantContext, *, triage: bool) -> Paneel:
    """The home panel in one query: for the zorgcoördinator every aanmelding waiting for
    triage; for the applicant (and the mentor of the class) the aanmeldingen that need them
    and the recently decided ones."""
    sinds = timezone.now() - dt.timedelta(days=RECENT_DAGEN)
    user_id = ctx.user.pk
    eigen = Q(aanmelder_id=user_id)
    if not ctx.has_perm(perms.VIEW_ALL_LEERLINGEN):
        eigen = Q()  # visible_aanmeldingen holds only their own and their class's
    mijn = eigen & (
        Q(
            status__in=(
                AanmeldingStatus.CONCEPT,
                AanmeldingStatus.INFO_GEVRAAGD,
                AanmeldingStatus.INGEDIEND,
            )
        )
        | Q(
            status__in=(AanmeldingStatus.GEACCEPTEERD, AanmeldingStatus.TERUGGESTUURD),
            updated_at__gte=sinds,
        )
    )
    filter_ = mijn | Q(status=AanmeldingStatus.INGEDIEND) if triage else mijn
    rijen = list(
        _lijst(with_relations(visible_aanmeldingen(ctx), ctx).filter(filter_)).order_by(
            "ingediend_op", "created_at", "pk"
        )
    )
    vandaag = timezone.localdate()
    for a in rijen:
        a.wachtdagen = wachtdagen(a, vandaag)  # type: ignore[attr-defined]

    def _is_mijn(a: Aanmelding) -> bool:
        return a.aanmelder_id == user_id or bool(getattr(a, "is_mentor", False))

    paneel = Paneel()
    for a in rijen:
        if triage and a.status == AanmeldingStatus.INGEDIEND:
            paneel.wacht.append(a)
        if not _is_mijn(a):
            continue
        if a.status in BEWERKBAAR:
            paneel.te_doen.append(a)
        elif a.status == AanmeldingStatus.INGEDIEND:
            paneel.lopend.append(a)
        else:
            paneel.besloten.append(a)
    paneel.besloten.sort(key=lambda a: a.updated_at, reverse=True)
    return paneel
