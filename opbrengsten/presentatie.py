"""From measures to what the page, the CSV and the PDF show: charts (grafiek.Grafiek) and
their tables, every cell already suppressed and, where it has one, with its drill-down link.
One builder for the three outputs, so they cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import QueryDict
from django.urls import reverse

from . import grafiek as g
from .models import Ambitie
from .selectors import (
    GEEN_DEADLINE,
    NVT,
    OP_TIJD,
    OPEN,
    STAP_STATUS_LABELS,
    TE_LAAT_GEDAAN,
    TE_LAAT_OPEN,
    Dashboard,
    DoelRij,
    Selectie,
)
from .suppressie import Cel


@dataclass
class Kop:
    tekst: str


@dataclass
class Waarde:
    cel: Cel | str
    link: str = ""

    @property
    def tekst(self) -> str:
        return str(self.cel)

    @property
    def onderdrukt(self) -> bool:
        return isinstance(self.cel, Cel) and self.cel.onderdrukt

    @property
    def uitleg(self) -> str:
        return self.cel.uitleg if isinstance(self.cel, Cel) else ""


@dataclass
class Tabel:
    kolommen: list[str]
    #: (row header, [cells])
    rijen: list[tuple[Waarde, list[Waarde]]]
    bijschrift: str = ""


@dataclass
class Onderdeel:
    """One section of the dashboard: a title, an explanation, charts and their tables."""

    sleutel: str
    titel: str
    uitleg: str
    grafieken: list[g.Grafiek] = field(default_factory=list)
    tabellen: list[Tabel] = field(default_factory=list)
    leeg: str = ""


def _kort(a: Ambitie) -> str:
    code = a.domein.code if a.domein else ""
    return f"Lj {a.leerjaar} {code} ≥ {a.drempel}"


def _c(n: int) -> Cel:
    """A count of classes (not pupils): shown as it is."""
    return Cel(n, str(n))


class Opbouw:
    def __init__(self, slug: str, sel: Selectie) -> None:
        self.slug = slug
        self.sel = sel

    def link(self, maat: str, **extra: object) -> str:
        return (
            reverse("opbrengsten-uitsplitsing", kwargs={"school": self.slug})
            + "?"
            + self.sel.querystring(maat=maat, **extra)
        )

    def dashboardlink(self, anker: str = "") -> str:
        """The school's dashboard with this selection (optionally at one section)."""
        return (
            reverse("opbrengsten", kwargs={"school": self.slug})
            + "?"
            + self.sel.querystring()
            + anker
        )

    def jaarlink(self, maat: str, schooljaar_id: int, **extra: object) -> str:
        """The same drill-down in another schooljaar (a point of the cohort comparison):
        the cycle of this year does not apply there."""
        q = QueryDict(self.sel.querystring(maat=maat, **extra), mutable=True)
        q["schooljaar"] = str(schooljaar_id)
        q.pop("periode", None)
        return (
            reverse("opbrengsten-uitsplitsing", kwargs={"school": self.slug}) + "?" + q.urlencode()
        )

    def klaslink(self, groep_id: int) -> str:
        return (
            reverse("opbrengsten-groep", kwargs={"school": self.slug, "groep_id": groep_id})
            + "?"
            + self.sel.querystring()
        )

    # --- sections ---------------------------------------------------------------------

    def naleving(self, d: Dashboard) -> Onderdeel:
        reeksen = [OP_TIJD, TE_LAAT_GEDAAN, TE_LAAT_OPEN, OPEN]
        balken = [
            g.Balk(
                label=label,
                segmenten=[
                    g.Segment(i, _c(telling.get(status, 0))) for i, status in enumerate(reeksen)
                ],
                link=self.link("naleving", stap=veld),
            )
            for veld, label, telling in d.naleving.per_stap
        ]
        grafiek = g.maak(
            id="naleving",
            titel="Stappen van de cyclus per klas: op tijd of te laat",
            series=[STAP_STATUS_LABELS[s] for s in reeksen],
            balken=balken,
        )
        samenvatting = Tabel(
            ["Stap", *[STAP_STATUS_LABELS[s] for s in [*reeksen, NVT, GEEN_DEADLINE]]],
            [
                (
                    Waarde(label, self.link("naleving", stap=veld)),
                    [
                        Waarde(
                            _c(telling.get(s, 0)),
                            self.link("naleving", stap=veld, status=s) if telling.get(s) else "",
                        )
                        for s in [*reeksen, NVT, GEEN_DEADLINE]
                    ],
                )
                for veld, label, telling in d.naleving.per_stap
            ],
            "Aantal klassen per stap",
        )
        meer_cycli = self.sel.periode is None
        klassen = Tabel(
            [
                *(["Cyclus"] if meer_cycli else []),
                *[label for _v, label, _t in d.naleving.per_stap],
            ],
            [
                (
                    Waarde(k.groep.naam, self.klaslink(k.groep.pk)),
                    [
                        *([Waarde(k.periode.naam)] if meer_cycli else []),
                        *[
                            Waarde(
                                f"{s.teken} {s.label}"
                                + (f" ({s.gedaan_op:%d-%m})" if s.gedaan_op else "")
                            )
                            for s in k.stappen
                        ],
                    ],
                )
                for k in d.naleving.klassen
            ],
            "Per klas: ✓ op tijd, ! te laat gedaan, ✗ te laat en nog open, … nog niet aan de "
            "beurt, – niet van toepassing, ? geen deadline in de jaarplanning",
        )
        return Onderdeel(
            "naleving",
            "Cyclus op tijd",
            "Per stap van de cyclus hoeveel klassen die op tijd deden, tegen de deadlines van de "
            "jaarplanning. 'Gedaan' is hetzelfde als op de takenlijst: de stap staat bij "
            "niemand meer open.",
            [grafiek],
            [samenvatting, klassen],
            "" if d.naleving.klassen else "Geen klassen of geen cycli in deze selectie.",
        )

    def signaleringen(self, d: Dashboard) -> Onderdeel:
        s = d.signaleringen
        balken = [
            g.Balk(
                label=naam,
                segmenten=[g.Segment(0, totaal)],
                link=self.link("signalering", label=key),
            )
            for key, naam, _per, totaal in s.rijen
        ]
        grafiek = g.maak(
            id="signaleringen",
            titel="Gesignaleerde leerlingen per domein",
            series=["leerlingen"],
            balken=balken,
        )
        tabel = Tabel(
            ["Domein", *[f"Leerjaar {lj}" for lj in s.leerjaren], "Totaal"],
            [
                (
                    Waarde(naam),
                    [
                        *[
                            Waarde(per[lj], self.link("signalering", label=key, leerjaar=lj))
                            for lj in s.leerjaren
                        ],
                        Waarde(totaal, self.link("signalering", label=key)),
                    ],
                )
                for key, naam, per, totaal in s.rijen
            ]
            + [
                (
                    Waarde("Leerlingen (elk één keer)"),
                    [
                        *[
                            Waarde(s.per_leerjaar[lj], self.link("signalering", leerjaar=lj))
                            for lj in s.leerjaren
                        ],
                        Waarde(s.totaal, self.link("signalering")),
                    ],
                )
            ],
            "Bevestigde signaleringen, als aantal verschillende leerlingen",
        )
        return Onderdeel(
            "signaleringen",
            "Gesignaleerde leerlingen",
            "Leerlingen met een bevestigde signalering in de groepsoverzichten, per domein en "
            "leerjaar. Een leerling met signalen in twee domeinen telt in beide domeinen mee, "
            "in de onderste regel één keer.",
            [grafiek] if balken else [],
            [tabel] if s.rijen else [],
            "" if s.rijen else "Geen bevestigde signaleringen in deze selectie.",
        )

    def _doelbalken(self, rijen: list[DoelRij], link_param: str) -> list[g.Balk]:
        return [
            g.Balk(
                label=r.label,
                segmenten=[g.Segment(0, r.pct_bereikt)],
                doel=r.ambitie,
                link=self.link("doelen", **({link_param: r.sleutel} if link_param else {})),
            )
            for r in rijen
        ]

    def _doeltabel(self, kop: str, rijen: list[DoelRij], link_param: str, bijschrift: str) -> Tabel:
        def lk(r: DoelRij) -> str:
            if link_param == "groep" and r.groep_id:
                return self.klaslink(r.groep_id)
            return self.link("doelen", **({link_param: r.sleutel} if link_param else {}))

        heeft_ambitie = any(r.ambitie for r in rijen)
        return Tabel(
            [kop, "Bereikt", "Deels", "Niet", "Geëvalueerd", "% bereikt"]
            + (["Ambitie"] if heeft_ambitie else []),
            [
                (
                    Waarde(r.label, lk(r) if link_param == "groep" else ""),
                    [
                        Waarde(r.bereikt, lk(r)),
                        Waarde(r.deels, lk(r)),
                        Waarde(r.niet, lk(r)),
                        Waarde(r.totaal, lk(r)),
                        Waarde(r.pct_bereikt, lk(r)),
                    ]
                    + ([Waarde(f"{r.ambitie}%" if r.ambitie else "–")] if heeft_ambitie else []),
                )
                for r in rijen
            ],
            bijschrift,
        )

    def doelen(self, d: Dashboard) -> Onderdeel:
        dl = d.doelen
        grafieken = []
        if dl.per_leerjaar:
            grafieken.append(
                g.maak(
                    id="doelen-leerjaar",
                    titel="Doelen bereikt per leerjaar, met de ambitie",
                    series=["% bereikt"],
                    balken=self._doelbalken(dl.per_leerjaar, ""),
                    eenheid="procent",
                )
            )
        tabellen = []
        if dl.per_leerjaar:
            tabellen.append(
                self._doeltabel("Leerjaar", [*dl.per_leerjaar, dl.totaal], "", "Per leerjaar")
            )
            tabellen.append(self._doeltabel("Klas", dl.per_groep, "groep", "Per klas"))
            tabellen.append(self._doeltabel("Vak", dl.per_vak, "vak", "Per vak"))
            tabellen.append(self._doeltabel("Domein", dl.per_domein, "domein", "Per domein"))
        return Onderdeel(
            "doelen",
            "Doelen bereikt",
            "Geëvalueerde doelen uit de groepsplannen: bereikt, deels of niet, zoals de docent "
            "het resultaat koos. Een doel van een subgroep telt per leerling, een doel van de "
            "hele groep één keer.",
            grafieken,
            tabellen,
            "" if dl.per_leerjaar else "Nog geen geëvalueerde doelen in deze selectie.",
        )

    def toetsen(self, d: Dashboard) -> Onderdeel:
        grafieken: list[g.Grafiek] = []
        tabellen: list[Tabel] = []
        if d.toetsen:
            grafieken.append(
                g.maak(
                    id="toetsen",
                    titel="Op of boven het niveau van de ambitie (laatste toetsmoment)",
                    series=["% op niveau"],
                    balken=[
                        g.Balk(
                            label=_kort(t.ambitie),
                            segmenten=[g.Segment(0, t.huidig)],
                            doel=t.ambitie.percentage,
                            link=self.link("toets", ambitie=t.ambitie.pk),
                        )
                        for t in d.toetsen
                    ],
                    eenheid="procent",
                )
            )
            tabellen.append(
                Tabel(
                    ["Ambitie", "Toetsmoment", "Getoetst", "Op niveau", "Ambitie"],
                    [
                        (
                            Waarde(str(t.ambitie)),
                            [
                                Waarde(t.huidig_moment or "–"),
                                Waarde(t.aantal, self.link("toets", ambitie=t.ambitie.pk)),
                                Waarde(t.huidig, self.link("toets", ambitie=t.ambitie.pk)),
                                Waarde(f"{t.ambitie.percentage}%"),
                            ],
                        )
                        for t in d.toetsen
                    ],
                    "Laatste toetsmoment in de selectie",
                )
            )
            for t in d.toetsen:
                code = t.ambitie.domein.code if t.ambitie.domein else ""
                trend_links = [
                    self.link("toets", ambitie=t.ambitie.pk, moment=m) for m in t.trend_momenten
                ]
                cohort_links = [
                    self.jaarlink("toets", j, ambitie=t.ambitie.pk) for j in t.cohort_jaren
                ]
                if t.trend:
                    grafieken.append(
                        _ambitiereeks(
                            f"trend-{t.ambitie.pk}",
                            f"Trend leerjaar {t.ambitie.leerjaar} {code} per toetsmoment",
                            0,
                            t.trend,
                            t.ambitie.percentage,
                            trend_links,
                        )
                    )
                if len(t.cohorten) > 1:
                    grafieken.append(
                        _ambitiereeks(
                            f"cohort-{t.ambitie.pk}",
                            f"Leerjaar {t.ambitie.leerjaar} {code} in de schooljaren",
                            1,
                            t.cohorten,
                            t.ambitie.percentage,
                            cohort_links,
                        )
                    )
                tabellen.append(
                    Tabel(
                        ["Meting", "% op niveau"],
                        [
                            (Waarde(f"Toetsmoment {naam}"), [Waarde(c, link)])
                            for (naam, c), link in zip(t.trend, trend_links, strict=True)
                        ]
                        + [
                            (Waarde(f"Schooljaar {naam}"), [Waarde(c, link)])
                            for (naam, c), link in zip(t.cohorten, cohort_links, strict=True)
                        ],
                        f"{t.ambitie}: trend en vergelijking met eerdere jaren",
                    )
                )
        return Onderdeel(
            "toetsen",
            "Toetsresultaten tegen de ambities",
            "Per ambitie het aandeel leerlingen op of boven het niveau, bij het laatste "
            "toetsmoment, de trend over de toetsmomenten van dit schooljaar en hetzelfde "
            "leerjaar in eerdere schooljaren. De streep is de ambitie.",
            grafieken,
            tabellen,
            ""
            if d.toetsen
            else "Geen ambities voor toetsresultaten in dit schooljaar (of leerjaar). De "
            "schoolleider stelt ze in bij Ambities.",
        )

    def zorg(self, d: Dashboard) -> Onderdeel:
        rijen = d.zorg.rijen()
        aantallen = [(k, label, c) for k, label, c in rijen if k != "wachttijd"]
        grafiek = g.maak(
            id="zorg",
            titel="Zorgstroom: IZO, trajecten, ZAT en OPP's",
            series=["aantal"],
            balken=[
                g.Balk(label=label, segmenten=[g.Segment(2, c)], link=self.link("zorg", soort=k))
                for k, label, c in aantallen
            ],
        )
        tabel = Tabel(
            ["Onderdeel", "Aantal"],
            [
                (
                    Waarde(label),
                    [Waarde(c, self.link("zorg", soort=k))],
                )
                for k, label, c in rijen
            ],
            "Leerlingen van de gekozen klassen, in de gekozen periode",
        )
        return Onderdeel(
            "zorg",
            "Zorgstroom",
            "Aanmeldingen bij het IZO en de wachttijd tot de triage, lopende en afgesloten "
            "trajecten, verwijzingen naar het ZAT en OPP's die (bijna) te laat zijn.",
            [grafiek],
            [tabel],
        )

    def interventies(self, d: Dashboard) -> Onderdeel:
        rijen = d.interventies
        grafieken = (
            [
                g.maak(
                    id="interventies",
                    titel="Aanpakken en bereikte doelen",
                    series=["% bereikt"],
                    balken=[
                        g.Balk(
                            label=r.label[:28],
                            segmenten=[g.Segment(3, r.pct_bereikt)],
                            link=self.link("doelen", aanpak=r.sleutel),
                        )
                        for r in rijen
                    ],
                    eenheid="procent",
                )
            ]
            if rijen
            else []
        )
        tabellen = [self._doeltabel("Aanpak", rijen, "aanpak", "Per aanpak")] if rijen else []
        return Onderdeel(
            "interventies",
            "Welke aanpak ging samen met bereikte doelen",
            "De aanpak (methodiek) van de plangroepen in de groepsplannen, met de evaluaties "
            "van hun doelen. Alleen een aanpak die in minstens twee groepsplannen staat en "
            "minstens 5 evaluaties heeft; samenhang, geen bewijs van effect.",
            grafieken,
            tabellen,
            "" if rijen else "Nog geen aanpak die vaak genoeg voorkomt in deze selectie.",
        )

    def alles(self, d: Dashboard) -> list[Onderdeel]:
        return [
            self.naleving(d),
            self.signaleringen(d),
            self.doelen(d),
            self.toetsen(d),
            self.zorg(d),
            self.interventies(d),
        ]


class KlasOpbouw(Opbouw):
    """The sections of one class's page. Its numbers are that class's, so they do not
    link to the school's class lists: signals and goals link to the pupils table on the
    page for a role that sees it, the rest is plain text."""

    def __init__(self, slug: str, sel: Selectie, *, toont_leerlingen: bool) -> None:
        super().__init__(slug, sel)
        self.toont_leerlingen = toont_leerlingen

    def link(self, maat: str, **extra: object) -> str:
        if self.toont_leerlingen and maat in ("signalering", "doelen"):
            return "#kop-leerlingen"
        return ""

    def jaarlink(self, maat: str, schooljaar_id: int, **extra: object) -> str:
        return ""

    def klaslink(self, groep_id: int) -> str:
        return ""


ONDERDELEN = ["naleving", "signaleringen", "doelen", "toetsen", "zorg", "interventies"]


def _ambitiereeks(
    sleutel: str,
    titel: str,
    patroon: int,
    punten: list[tuple[str, Cel]],
    doel: int,
    links: list[str],
) -> g.Grafiek:
    """One bar per moment (trend) or schooljaar (cohort), against the ambitie's line; each
    bar links to the classes behind it."""
    return g.maak(
        id=sleutel,
        titel=titel,
        series=["% op niveau"],
        balken=[
            g.Balk(label=naam, segmenten=[g.Segment(patroon, c)], doel=doel, link=link)
            for (naam, c), link in zip(punten, links, strict=True)
        ],
        eenheid="procent",
    )
