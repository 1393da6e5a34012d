"""The chart geometry never carries a suppressed value, and the benchmark command runs
(tiny, rolled back: the real numbers are for the machine, not for a test)."""

from __future__ import annotations

import io

from django.core.management import call_command

from opbrengsten import grafiek as g
from opbrengsten.suppressie import aandeel, cel
from zorgroute import models as m


def test_a_suppressed_bar_has_no_length_and_the_axis_ignores_it() -> None:
    gr = g.maak(
        id="t",
        titel="Test",
        series=["leerlingen"],
        balken=[
            g.Balk(label="klein", segmenten=[g.Segment(0, cel(3))]),
            g.Balk(label="groot", segmenten=[g.Segment(0, cel(12))]),
        ],
    )
    klein, groot = gr.balken
    assert klein.onderdrukt and klein.segmenten[0].breedte == 0
    assert "<5" in klein.beschrijving and "3" not in klein.beschrijving
    assert not groot.onderdrukt and groot.segmenten[0].breedte > 0
    assert gr.schaal_max == 12  # a round maximum from the shown values only
    assert [t for _x, t in gr.streepjes] == ["0", "3", "6", "9", "12"]
    assert [leg.patroon for leg in gr.legenda] == ["vol", "leeg"]


def test_percent_chart_with_an_ambitie_line() -> None:
    gr = g.maak(
        id="p",
        titel="Doelen",
        series=["% bereikt"],
        balken=[g.Balk(label="Lj 2", segmenten=[g.Segment(1, aandeel(15, 20))], doel=80)],
        eenheid="procent",
    )
    balk = gr.balken[0]
    assert balk.doel_x is not None and balk.doel_x > balk.segmenten[0].x + balk.segmenten[0].breedte
    assert gr.heeft_doel and gr.legenda[0].patroon == "streep"
    assert "(ambitie 80%)" in balk.beschrijving


def test_benchmark_command_runs_and_leaves_nothing_behind(db: None) -> None:
    voor = m.School.objects.count()
    out = io.StringIO()
    call_command(
        "opbrengsten_benchmark",
        scholen=2,
        leerlingen=40,
        jaren=1,
        herhalingen=1,
        stdout=out,
    )
    tekst = out.getvalue()
    assert "schooldashboard (hele schooljaar)" in tekst
    assert "bestuursdashboard (alle scholen)" in tekst
    assert "triviale tenantpagina" in tekst
    assert m.School.objects.count() == voor
