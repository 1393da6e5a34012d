"""Every number drills down to the classes behind it: the compliance summary per step and
status, the triage waiting time, each point of the trend and of the cohort comparison, and
every number of the board view (to that school's own drill-down, with the same choice)."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

from django.utils import timezone

from izo_zat import models as izo
from opbrengsten import selectors as s
from zorgroute import models as m

from .. import factories as f
from ..world import SchoolWorld, build_school
from . import data


def _url(world: SchoolWorld, pad: str) -> str:
    return f"/{world.school.slug}/opbrengsten/{pad}"


def _links(page: str, maat: str) -> list[str]:
    """The drill-down links of one measure on a page, unescaped."""
    return [
        html.unescape(h)
        for h in re.findall(r'href="([^"]*/opbrengsten/uitsplitsing/\?[^"]*)"', page)
        if f"maat={maat}" in html.unescape(h)
    ]


def _met(links: list[str], param: str, waarde: object) -> str:
    """The first link with exactly this parameter value."""
    return next(h for h in links if re.search(rf"[?&]{param}={waarde}(&|$)", h))


def _rijen(page: str) -> dict[str, list[str]]:
    """The class rows of a drill-down page: {class name: [cells after the leerjaar]}."""
    rijen = {}
    for rij in re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", page, flags=re.S):
        naam = re.sub(r"<[^>]+>", "", rij.split("</th>")[0]).strip()
        cellen = [
            html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<td>(.*?)</td>", rij)
        ]
        rijen[naam] = cellen[1:]
    return rijen


# --- Compliance ----------------------------------------------------------------------------


def test_every_compliance_count_opens_exactly_the_classes_behind_it(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    """Each cell of the summary (step × status) links to a class list whose class-cycles
    add up to that cell, and each listed class has that status for that step."""
    k = data.klas(world, "2A", leerjaar=2, n=6)
    data.evalueer(world, k, bereikt=6, deels=0, niet=0)
    data.klas(world, "2B", leerjaar=2, n=6)
    client = login("schoolleider")
    jaar = world.schooljaar.pk
    page = client.get(_url(world, f"?schooljaar={jaar}")).content.decode()
    with in_school(world.school):
        n = s.naleving(data.selectie(world), vandaag=timezone.localdate())
    links = _links(page, "naleving")
    gezien = 0
    for veld, _label, telling in n.per_stap:
        for status, aantal in telling.items():
            link = next(h for h in links if h.endswith(f"&stap={veld}&status={status}"))
            drill = client.get(link)
            assert drill.status_code == 200
            rijen = _rijen(drill.content.decode())
            assert sum(int(c[0]) for c in rijen.values()) == aantal
            verwacht = {
                kl.groep.naam
                for kl in n.klassen
                if next(st for st in kl.stappen if st.stap == veld).status == status
            }
            assert set(rijen) == verwacht
            gezien += 1
    assert gezien >= 5
    # Without a status: every class with its status per cycle.
    alle = client.get(_url(world, f"uitsplitsing/?schooljaar={jaar}&maat=naleving&stap=groepsplan"))
    rijen = _rijen(alle.content.decode())
    assert set(rijen) == {"1A", "1B", "2A", "2B"}
    assert rijen["2A"][0].startswith("Cyclus 1: ")
    # An unknown step or status is a clear 404, not an error.
    for params in ["stap=bestaat-niet", "stap=groepsplan&status=half"]:
        fout = client.get(_url(world, f"uitsplitsing/?schooljaar={jaar}&maat=naleving&{params}"))
        assert fout.status_code == 404
        assert "Dit cijfer bestaat niet" in fout.content.decode()


# --- Waiting time --------------------------------------------------------------------------


def _aanmeldingen(world: SchoolWorld, k: data.Klas, getrieerd: int, dagen: int) -> None:
    ingediend = timezone.make_aware(
        dt.datetime.combine(world.periode.startdatum + dt.timedelta(days=3), dt.time(9))
    )
    for leerling in k.leerlingen[:getrieerd]:
        aanmelding = izo.Aanmelding.objects.create(
            school=world.school,
            leerling=leerling,
            groep=k.groep,
            aanmelder=world.users["mentor"],
            status="teruggestuurd",
            ingediend_op=ingediend,
        )
        besluit = izo.Triagebesluit.objects.create(
            school=world.school,
            aanmelding=aanmelding,
            uitkomst="terugsturen",
            reden="Eerst in de klas",
            door=world.users["zorgcoordinator"],
        )
        izo.Triagebesluit.objects.filter(pk=besluit.pk).update(
            created_at=ingediend + dt.timedelta(days=dagen)
        )


def test_waiting_time_drills_down_per_class_and_hides_small_classes(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    groot = data.klas(world, "2A", leerjaar=2, n=8)
    klein = data.klas(world, "2B", leerjaar=2, n=8)
    with in_school(world.school):
        _aanmeldingen(world, groot, 6, dagen=3)
        _aanmeldingen(world, klein, 2, dagen=10)
    client = login("zorgcoordinator")
    jaar = world.schooljaar.pk
    page = client.get(_url(world, f"?schooljaar={jaar}")).content.decode()
    # 8 triaged, on average (6×3 + 2×10) / 8 = 4.75 days; the cell links to the classes.
    assert "4,8" in page
    link = next(h for h in _links(page, "zorg") if "soort=wachttijd" in h)
    rijen = _rijen(client.get(link).content.decode())
    assert rijen["2A"] == ["6", "3,0"]
    # Two triaged in 2B: neither the count nor an average that would describe them.
    assert rijen["2B"] == ["<5", "<5"]
    assert rijen["1A"] == ["0", "–"]


# --- Trend and cohort ----------------------------------------------------------------------


def test_each_trend_moment_and_cohort_year_opens_its_classes(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    jaar = world.schooljaar
    vorig, vorige_periode = data.vorig_jaar(world)
    ambitie = data.toets_ambitie(world, jaar, leerjaar=2, drempel="III", percentage=80)
    nu = data.klas(world, "2A", leerjaar=2, n=20)
    ook = data.klas(world, "2B", leerjaar=2, n=10)
    toen = data.klas(world, "2X", leerjaar=2, n=20, schooljaar=vorig, periode=vorige_periode)
    m1 = data.toetsmoment(world, "M2-1", jaar.startdatum + dt.timedelta(days=20))
    m2 = data.toetsmoment(world, "M2-2", jaar.startdatum + dt.timedelta(days=60))
    m0 = data.toetsmoment(world, "M2-vorig", vorig.startdatum + dt.timedelta(days=60))
    data.toets(world, nu, m1, [3] * 10 + [2] * 10)  # 2A: 50% at M2-1
    data.toets(world, nu, m2, [4] * 15 + [1] * 5)  # 2A: 75% at M2-2
    data.toets(world, ook, m1, [3] * 10)  # 2B: 100% at M2-1
    data.toets(world, toen, m0, [3] * 12 + [1] * 8)  # 2X: 60% a year earlier
    client = login("schoolleider")
    page = client.get(_url(world, f"?schooljaar={jaar.pk}")).content.decode()
    links = _links(page, "toets")
    trend_m1 = _met(links, "moment", m1.pk)
    rijen = _rijen(client.get(trend_m1).content.decode())
    assert rijen["2A"] == ["20", "50%"] and rijen["2B"] == ["10", "100%"]
    trend_m2 = client.get(_met(links, "moment", m2.pk)).content.decode()
    assert "toetsmoment M2-2" in trend_m2
    assert _rijen(trend_m2)["2A"] == ["20", "75%"]
    # The cohort bar of last year opens last year's classes against this year's ambitie.
    cohort = _met(links, "schooljaar", vorig.pk)
    assert f"ambitie={ambitie.pk}" in cohort and "periode=" not in cohort
    vorig_page = client.get(cohort).content.decode()
    assert f"schooljaar {vorig.naam}" in vorig_page
    assert _rijen(vorig_page) == {"2X": ["20", "60%"]}
    # A toetsmoment of another schooljaar is not a point of this year's trend.
    fout = client.get(
        _url(world, f"uitsplitsing/?schooljaar={jaar.pk}&maat=toets&ambitie={ambitie.pk}")
        + f"&moment={m0.pk}"
    )
    assert fout.status_code == 404
    # An ambitie of a later year may drill into an earlier one, not the other way round.
    oud = data.toets_ambitie(world, vorig, leerjaar=2, drempel="III", percentage=70)
    later = client.get(
        _url(world, f"uitsplitsing/?schooljaar={jaar.pk}&maat=toets&ambitie={oud.pk}")
    )
    assert later.status_code == 404


# --- Board ---------------------------------------------------------------------------------


def _bestuur(world: SchoolWorld) -> SchoolWorld:
    """A second school of the same board where the world's schoolleider is schoolleider too,
    with 9 signalled pupils in leerjaar 2 and two cycles."""
    tweede = build_school("gamma", organisatie=world.school.organisatie)
    f.LidmaatschapFactory(
        school=tweede.school, gebruiker=world.users["schoolleider"], rol=m.Rol.SCHOOLLEIDER
    )
    f.PeriodeFactory(
        schooljaar=tweede.schooljaar,
        naam="Cyclus 2",
        startdatum=tweede.periode.einddatum + dt.timedelta(days=1),
        einddatum=tweede.periode.einddatum + dt.timedelta(days=60),
    )
    data.signaleer(tweede, data.klas(tweede, "2A", leerjaar=2, n=9), 9)
    return tweede


def test_every_board_number_links_to_that_schools_drill_down(
    world: SchoolWorld, login: Any
) -> None:
    tweede = _bestuur(world)
    client = login("schoolleider")
    page = client.get(_url(world, "bestuur/?leerjaar=2")).content.decode()
    # gamma's 9 signalled pupils open gamma's classes, in gamma's own schooljaar.
    link = html.unescape(
        re.search(
            rf'href="(/{tweede.school.slug}/opbrengsten/uitsplitsing/\?[^"]*maat=signalering[^"]*)"',
            page,
        ).group(1)  # type: ignore[union-attr]
    )
    assert f"schooljaar={tweede.schooljaar.pk}" in link and "leerjaar=2" in link
    drill = client.get(link)
    assert drill.status_code == 200
    assert _rijen(drill.content.decode())["2A"] == ["9"]
    # Every cell of a school's row is a link to that school's own pages.
    tabel = page[page.index('id="kop-vergelijking"') :]
    for school in (world.school, tweede.school):
        rij = next(
            r for r in re.findall(r"<tr>(.*?)</tr>", tabel, flags=re.S) if f">{school.naam}<" in r
        )
        cellen = re.findall(r"<td>(.*?)</td>", rij, flags=re.S)
        assert len(cellen) == 13
        assert all(f'href="/{school.slug}/opbrengsten/' in c for c in cellen[1:])


def test_board_filters_by_cycle_and_afdeling_and_names_the_schools_left_out(
    world: SchoolWorld, login: Any
) -> None:
    tweede = _bestuur(world)
    f.AfdelingFactory(school=world.school, naam="Havo")
    client = login("schoolleider")
    cyclus2 = client.get(_url(world, "bestuur/?cyclus=2")).content.decode()
    # The world's school has one cycle: it is left out, and says why.
    assert f"{world.school.naam}: geen cyclus 2" in cyclus2
    assert "Cyclus 2 (de 2e periode van elke school)" in cyclus2
    cyclus1 = client.get(_url(world, "bestuur/?cyclus=1")).content.decode()
    assert "geen cyclus" not in cyclus1 and ">9<" in cyclus1
    havo = client.get(_url(world, "bestuur/?afdeling=Havo")).content.decode()
    assert f"{tweede.school.naam}: geen afdeling Havo" in havo
    # A shared afdeling name filters both schools to their own afdeling of that name.
    bovenbouw = client.get(_url(world, "bestuur/?afdeling=Bovenbouw")).content.decode()
    assert "Niet meegeteld" not in bovenbouw
    assert ">9<" not in bovenbouw  # gamma's 2A is in Onderbouw
    for params, melding in [
        ("cyclus=x", "Cyclus 'x' bestaat niet"),
        ("afdeling=Mavo", "Geen school van het bestuur heeft een afdeling 'Mavo'"),
    ]:
        resp = client.get(_url(world, f"bestuur/?{params}"))
        assert resp.status_code == 200 and melding in html.unescape(resp.content.decode())


def test_board_table_as_csv_with_the_same_suppressed_cells(world: SchoolWorld, login: Any) -> None:
    tweede = _bestuur(world)
    client = login("schoolleider")
    page = client.get(_url(world, "bestuur/?leerjaar=2")).content.decode()
    assert "bestuur/csv/?leerjaar=2" in page
    resp = client.get(_url(world, "bestuur/csv/?leerjaar=2"))
    assert resp.status_code == 200 and resp["Content-Type"].startswith("text/csv")
    tekst = resp.content.decode("utf-8-sig")
    regels = {r.split(";")[0]: r.split(";") for r in tekst.splitlines() if r}
    assert regels["School"][:3] == ["School", "Selectie", "Leerlingen"]
    assert regels[tweede.school.naam][2] == "9"  # 9 pupils in gamma's leerjaar 2
    # The world's school has 0 pupils in leerjaar 2; its 1A (1 pupil) is not in the CSV.
    assert regels[world.school.naam][2] == "0"
    een = client.get(_url(world, "bestuur/csv/?leerjaar=1")).content.decode("utf-8-sig")
    assert f"{world.school.naam};" in een and ";<5;" in een


# --- The class page ------------------------------------------------------------------------


def test_a_class_pages_numbers_are_that_class_and_link_to_its_pupils(
    world: SchoolWorld, login: Any
) -> None:
    """On one class's page the numbers are that class's: they do not open the school's
    class lists; signals and goals open the pupils table for a role that sees pupils."""
    k = data.klas(world, "2A", leerjaar=2, n=7)
    data.signaleer(world, k, 6)
    url = _url(world, f"groepen/{k.groep.pk}/?schooljaar={world.schooljaar.pk}")
    leider = login("schoolleider").get(url).content.decode()
    assert "/opbrengsten/uitsplitsing/" not in leider
    assert 'href="#kop-leerlingen"' not in leider  # the schoolleider sees no pupils here
    zorg = login("zorgcoordinator").get(url).content.decode()
    assert "/opbrengsten/uitsplitsing/" not in zorg
    assert '<a href="#kop-leerlingen">6</a>' in zorg


def test_another_schools_ambitie_or_toetsmoment_in_a_drill_down_is_not_found(
    world: SchoolWorld, school_b: SchoolWorld, login: Any
) -> None:
    """Ids in the drill-down's parameters are looked up in this school only: school B's
    ambitie or toetsmoment gives the same 404 as one that does not exist."""
    eigen = world.ob["ambitie"]
    vreemd = data.toets_ambitie(
        school_b, school_b.schooljaar, leerjaar=2, drempel="III", percentage=80
    )
    vreemd_moment = data.toetsmoment(
        school_b, "M-b", school_b.schooljaar.startdatum + dt.timedelta(days=20)
    )
    client = login("schoolleider")
    basis = _url(world, f"uitsplitsing/?schooljaar={world.schooljaar.pk}&maat=toets")
    assert client.get(f"{basis}&ambitie={eigen.pk}").status_code == 200
    assert client.get(f"{basis}&ambitie={vreemd.pk}").status_code == 404
    assert client.get(f"{basis}&ambitie={eigen.pk}&moment={vreemd_moment.pk}").status_code == 404
