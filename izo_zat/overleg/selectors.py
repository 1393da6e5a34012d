"""Reads for the IZO and ZAT meetings: the agenda (derived from the cases' next discussion
dates, never stored), the lists of meetings, and what a case page shows. Each runs a fixed
number of queries whatever the number of cases (pinned at two sizes in the tests)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from zorgroute import permissions as perms
from zorgroute.models import Gebruiker, Plaatsing, Rol
from zorgroute.tenancy.context import TenantContext

from .. import zorgniveaus
from ..aanmelding.models import Triagebesluit
from ..access import (
    gedeelde_trajecten,
    leerlingen_van_mentor,
    visible_aanmeldingen,
    visible_izo_verslagen,
    visible_overleggen,
    visible_trajecten,
    visible_zatcasussen,
)
from ..advies.models import AdviesStatus, Handelingsadvies
from ..partners.models import Partnerlid
from ..traject.models import Traject, TrajectRoute, TrajectStatus
from ..zat.models import (
    Doorverwijzing,
    ZatActie,
    ZatActieStatus,
    Zatcasus,
    ZatcasusStatus,
    ZatVerslag,
)
from .models import Izobesluit, IzoVerslag, OverlegSoort, OverlegStatus, Zorgoverleg
from .services import mogelijke_deelnemers


def klas_subquery(leerling_ref: str = "leerling_id") -> Subquery:
    """The name of the pupil's class today, in the same query."""
    return Subquery(
        Plaatsing.objects.active()
        .filter(leerling_id=OuterRef(leerling_ref))
        .order_by("-startdatum")
        .values("groep__naam")[:1]
    )


@dataclass
class Agendapunt:
    """One case on a meeting's agenda."""

    soort: str  # "nieuw", "melden" (shortened route), "vervolg"
    traject: Traject
    klas: str
    niveau: str
    verslag: IzoVerslag | ZatVerslag | None = None
    casus: Zatcasus | None = None
    aantal_besluiten: int = 0
    aantal_adviezen: int = 0

    @property
    def soort_label(self) -> str:
        return {
            "nieuw": "Nieuwe aanmelding",
            "melden": "Verkorte route: melden",
            "vervolg": "Vervolgbespreking",
        }[self.soort]

    @property
    def klaar(self) -> bool:
        """The report has a summary and an evaluation date (or the case was closed)."""
        v = self.verslag
        return bool(v and v.samenvatting and (v.evaluatiedatum or self._gesloten))

    @property
    def _gesloten(self) -> bool:
        if self.casus is not None:
            return self.casus.status == ZatcasusStatus.AFGESLOTEN
        return self.traject.status != TrajectStatus.OPEN


_SOORT_VOLGORDE = {"nieuw": 0, "melden": 1, "vervolg": 2}


def izo_agenda(ctx: TenantContext, overleg: Zorgoverleg) -> list[Agendapunt]:
    """Open trajecten due by the meeting's date (the IZO date set at triage, on the
    shortened route, or at the evaluation of an earlier IZO) and those discussed in it, as
    far as the user may see them. Two queries."""
    besproken = IzoVerslag.objects.filter(overleg=overleg).values("traject_id")
    q = Q(pk__in=besproken)
    if overleg.status != OverlegStatus.AFGESLOTEN:
        q |= Q(status=TrajectStatus.OPEN, izo_datum__lte=overleg.datum)
    eerder = IzoVerslag.objects.filter(
        traject_id=OuterRef("pk"), overleg__status=OverlegStatus.AFGESLOTEN
    ).exclude(overleg=overleg)
    trajecten = list(
        visible_trajecten(ctx)
        .filter(q)
        .select_related("leerling")
        .annotate(klas=klas_subquery(), eerder_besproken=Exists(eerder))
        .order_by("izo_datum", "leerling__achternaam", "pk")
    )
    verslagen = {
        v.traject_id: v
        for v in IzoVerslag.objects.filter(
            overleg=overleg, traject_id__in=[t.pk for t in trajecten]
        ).annotate(
            n_besluiten=Count("besluiten", distinct=True),
            n_adviezen=Count("handelingsadviezen", distinct=True),
        )
    }
    school_type = ctx.school.type
    punten = []
    for t in trajecten:
        if getattr(t, "eerder_besproken", False):
            soort = "vervolg"
        elif t.route == TrajectRoute.VERKORT:
            soort = "melden"
        else:
            soort = "nieuw"
        v = verslagen.get(t.pk)
        punten.append(
            Agendapunt(
                soort=soort,
                traject=t,
                klas=getattr(t, "klas", None) or "",
                niveau=zorgniveaus.label(school_type, t.zorgniveau),
                verslag=v,
                aantal_besluiten=getattr(v, "n_besluiten", 0),
                aantal_adviezen=getattr(v, "n_adviezen", 0),
            )
        )
    punten.sort(key=lambda a: _SOORT_VOLGORDE[a.soort])
    return punten


def zat_agenda(ctx: TenantContext, overleg: Zorgoverleg) -> list[Agendapunt]:
    """Open ZAT cases due by the meeting's date (new referrals, follow-ups on their
    evaluation date) and those discussed in it, as far as the user may see them (a partner
    only the cases shared with them). Two queries."""
    besproken = ZatVerslag.objects.filter(overleg=overleg).values("casus_id")
    q = Q(pk__in=besproken)
    if overleg.status != OverlegStatus.AFGESLOTEN:
        q |= ~Q(status=ZatcasusStatus.AFGESLOTEN) & Q(zat_datum__lte=overleg.datum)
    casussen = list(
        visible_zatcasussen(ctx)
        .filter(q)
        .select_related("traject", "traject__leerling")
        .annotate(klas=klas_subquery("traject__leerling_id"))
        .order_by("zat_datum", "traject__leerling__achternaam", "pk")
    )
    verslagen = {
        v.casus_id: v
        for v in ZatVerslag.objects.filter(
            overleg=overleg, casus_id__in=[c.pk for c in casussen]
        ).annotate(n_adviezen=Count("handelingsadviezen"))
    }
    school_type = ctx.school.type
    punten = [
        Agendapunt(
            soort="nieuw" if c.status == ZatcasusStatus.AANGEMELD else "vervolg",
            traject=c.traject,
            casus=c,
            klas=getattr(c, "klas", None) or "",
            niveau=zorgniveaus.label(school_type, c.traject.zorgniveau),
            verslag=verslagen.get(c.pk),
            aantal_adviezen=getattr(verslagen.get(c.pk), "n_adviezen", 0),
        )
        for c in casussen
    ]
    punten.sort(key=lambda a: _SOORT_VOLGORDE[a.soort])
    return punten


@dataclass
class Overleglijst:
    komend: list[Zorgoverleg] = field(default_factory=list)
    afgesloten: list[Zorgoverleg] = field(default_factory=list)


def overleggen(ctx: TenantContext, soort: str) -> Overleglijst:
    """Coming (and running) meetings first, then the closed ones, newest first. One query."""
    rijen = list(
        visible_overleggen(ctx, soort)
        .select_related("voorzitter")
        .annotate(
            n_verslagen=Count("izo_verslagen", distinct=True)
            + Count("zat_verslagen", distinct=True)
        )
        .order_by("-datum", "-tijd", "-pk")
    )
    lijst = Overleglijst()
    for o in rijen:
        (lijst.afgesloten if o.status == OverlegStatus.AFGESLOTEN else lijst.komend).append(o)
    lijst.komend.reverse()
    return lijst


def niet_geagendeerd(ctx: TenantContext, overleg: Zorgoverleg) -> QuerySet[Traject]:
    """Open trajecten not due yet, which the zorgcoördinator can still put on the agenda."""
    return (
        visible_trajecten(ctx)
        .filter(status=TrajectStatus.OPEN)
        .exclude(izo_datum__lte=overleg.datum)
        .exclude(izo_verslagen__overleg=overleg)
        .select_related("leerling")
        .order_by("leerling__achternaam", "leerling__voornaam")
    )


def verslagen_van_traject(traject: Traject, zichtbaar: QuerySet[IzoVerslag]) -> list[IzoVerslag]:
    """The traject's IZO reports the user may see, newest first, with their decisions. Two
    queries."""
    from django.db.models import Prefetch

    return list(
        zichtbaar.filter(traject=traject)
        .select_related("overleg")
        .prefetch_related(
            Prefetch(
                "besluiten",
                queryset=Izobesluit.objects.select_related("uitvoerder").order_by("pk"),
            )
        )
        .order_by("-overleg__datum", "-pk")
    )


@dataclass
class HomePaneel:
    overleggen: list[Zorgoverleg] = field(default_factory=list)  # coming IZO/ZAT meetings
    adviezen: list[Any] = field(default_factory=list)  # waiting for the mentor
    casussen: list[Zatcasus] = field(default_factory=list)  # shared with a partner
    acties: list[ZatActie] = field(default_factory=list)  # plan-van-aanpak actions for me

    @property
    def leeg(self) -> bool:
        return not (self.overleggen or self.adviezen or self.casussen or self.acties)


def home_paneel(ctx: TenantContext) -> HomePaneel:
    paneel = HomePaneel()
    vandaag = timezone.localdate()
    paneel.overleggen = list(
        (visible_overleggen(ctx, OverlegSoort.IZO) | visible_overleggen(ctx, OverlegSoort.ZAT))
        .exclude(status=OverlegStatus.AFGESLOTEN)
        .filter(datum__gte=vandaag - dt.timedelta(days=7))
        .order_by("datum", "tijd", "pk")[:6]
    )
    if ctx.has_perm(perms.CHANGE_GROEPSPLAN) and ctx.has_role(Rol.DOCENT):
        adviezen: list[Handelingsadvies] = list(
            Handelingsadvies.objects.filter(
                status=AdviesStatus.VOORGESTELD,
                traject__leerling__in=leerlingen_van_mentor(ctx.user.pk),
            )
            .select_related("traject__leerling")
            .order_by("created_at", "pk")[:20]
        )
        paneel.adviezen = adviezen
    if ctx.has_role(Rol.ZAT_LID):
        paneel.casussen = list(
            visible_zatcasussen(ctx)
            .filter(traject__in=gedeelde_trajecten(ctx).values("pk"))
            .select_related("traject__leerling")
            .order_by("zat_datum", "pk")[:20]
        )
    if ctx.has_perm(perms.VIEW_ZAT):
        mijn = Q(uitvoerder_id=ctx.user.pk) | Q(
            partner__in=Partnerlid.objects.filter(gebruiker_id=ctx.user.pk).values("partner_id")
        )
        paneel.acties = list(
            ZatActie.objects.filter(mijn, status=ZatActieStatus.OPEN)
            .filter(casus__in=visible_zatcasussen(ctx).values("pk"))
            .select_related("casus__traject__leerling", "partner")
            .order_by("deadline", "pk")[:20]
        )
    return paneel


@dataclass(frozen=True)
class Zorgitem:
    """One IZO/ZAT item on the pupil's dossier timeline."""

    datum: dt.date
    titel: str
    tekst: str
    url: str = ""


def zorg_tijdlijn(ctx: TenantContext, leerling_id: int) -> list[Zorgitem]:
    """The pupil's aanmeldingen and triage decisions, trajecten, IZO reports, ZAT cases and
    referrals out, as far as the user may see them, newest first. Five queries; none for a
    user who sees no trajecten."""
    if not ctx.has_perm(perms.VIEW_TRAJECT):
        return []
    slug = ctx.school.slug

    def url(name: str, **kwargs: int) -> str:
        return reverse(name, kwargs={"school": slug, **kwargs})

    items: list[Zorgitem] = []
    for b in (
        Triagebesluit.objects.filter(
            aanmelding__in=visible_aanmeldingen(ctx).filter(leerling_id=leerling_id).values("pk")
        )
        .select_related("aanmelding")
        .order_by("pk")
    ):
        items.append(
            Zorgitem(
                timezone.localdate(b.created_at),
                "Triage IZO-aanmelding",
                f"{b.get_uitkomst_display()}: {b.reden}",
                url("izo-aanmelding", aanmelding_id=b.aanmelding_id),
            )
        )
    trajecten = list(visible_trajecten(ctx).filter(leerling_id=leerling_id).order_by("pk"))
    for t in trajecten:
        items.append(
            Zorgitem(
                timezone.localdate(t.created_at),
                "Traject geopend",
                t.get_route_display(),
                url("izo-traject-detail", traject_id=t.pk),
            )
        )
        if t.gesloten_op:
            items.append(
                Zorgitem(timezone.localdate(t.gesloten_op), "Traject afgesloten", t.afsluitreden)
            )
    ids = [t.pk for t in trajecten]
    for v in (
        visible_izo_verslagen(ctx)
        .filter(traject_id__in=ids)
        .select_related("overleg")
        .order_by("pk")
    ):
        items.append(
            Zorgitem(
                v.overleg.datum,
                "Besproken in het IZO",
                v.samenvatting or "(nog geen samenvatting)",
                url("izo-verslag-detail", verslag_id=v.pk),
            )
        )
    casussen = list(visible_zatcasussen(ctx).filter(traject_id__in=ids).order_by("pk"))
    for c in casussen:
        items.append(
            Zorgitem(
                timezone.localdate(c.created_at),
                "Aangemeld bij het ZAT",
                c.vraag,
                url("zat-casus", zatcasus_id=c.pk),
            )
        )
    for d in Doorverwijzing.objects.filter(casus__in=[c.pk for c in casussen]).select_related(
        "partner"
    ):
        items.append(
            Zorgitem(
                d.aangevraagd_op,
                "Doorverwijzing vanuit het ZAT",
                f"{d.get_soort_display()}"
                + (f" ({d.partner.naam})" if d.partner else "")
                + f": {d.get_status_display().lower()}",
                url("zat-casus", zatcasus_id=d.casus_id),
            )
        )
    items.sort(key=lambda i: i.datum, reverse=True)
    return items


def personen(school_id: int, soort: str) -> Any:
    """Who can be invited or named in a report, by name."""
    return Gebruiker.objects.filter(pk__in=mogelijke_deelnemers(school_id, soort)).order_by(
        "achternaam", "voornaam"
    )
