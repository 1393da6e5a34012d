"""Writes to groepsoverzichten: creating one (and carrying the previous cycle over),
autosaving cells without losing a colleague's edit, signals and onderwijsbehoeften.

Every function is keyword-only and atomic; edits are field-level compare-and-swap: the
caller says which value it saw, and a save over a value someone else changed meanwhile is
refused with `zorgroute.versioning.StaleVersion` (both versions), never silently
overwritten.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from zorgroute.models import Gebruiker, Groep, Leerling, Lesgroep, Periode
from zorgroute.versioning import lock, normalised, update_document, update_field

from . import hooks, selectors
from . import signalering as rules
from .models import (
    REGEL_VELDEN,
    CruciaalMoment,
    Cyclus,
    Groepsoverzicht,
    Ijkpunt,
    IjkpuntSoort,
    InstrumentSoort,
    Onderwijsbehoefte,
    Opmerking,
    Overzichtregel,
    Resultaat,
    SignaalReden,
    SignaalStatus,
    Signalering,
)

# --- Creating an overview --------------------------------------------------------------------


def _vorige_regels(
    overzicht: Groepsoverzicht, vorige: Groepsoverzicht, leerling_ids: list[int]
) -> dict[int, Overzichtregel]:
    """Per pupil the row to carry over. Cyclus A: each pupil's most recent earlier row in any
    class (pupils who changed class bring their notes along); cyclus B: `vorige`'s rows."""
    if overzicht.cyclus == Cyclus.B:
        qs = vorige.regels.all()
    else:
        qs = Overzichtregel.objects.filter(
            groepsoverzicht__cyclus=Cyclus.A,
            groepsoverzicht__periode__startdatum__lt=overzicht.periode.startdatum,
            leerling_id__in=leerling_ids,
        )
    found: dict[int, Overzichtregel] = {}
    for regel in qs.prefetch_related("onderwijsbehoeften").order_by(
        "leerling_id", "-groepsoverzicht__periode__startdatum"
    ):
        found.setdefault(regel.leerling_id, regel)
    return found


@transaction.atomic
def groepsoverzicht_create(
    *,
    groep: Groep,
    periode: Periode,
    cyclus: str,
    user: Gebruiker,
    lesgroep: Lesgroep | None = None,
    vorige: Groepsoverzicht | None = None,
) -> Groepsoverzicht:
    """A new overview with a row for every pupil; with `vorige`, notes and standing needs
    are carried over and marked as such. Signals are proposed from the current results."""
    overzicht = Groepsoverzicht(
        school_id=groep.school_id,
        groep=groep,
        periode=periode,
        cyclus=cyclus,
        lesgroep=lesgroep,
        vorige=vorige,
        aangemaakt_door=user,
        aandachtspunten_groep=vorige.aandachtspunten_groep if vorige else "",
    )
    overzicht.full_clean()
    overzicht.save()
    leerlingen = selectors.leerlingen_in_periode(groep=groep, periode=periode, lesgroep=lesgroep)
    oud: dict[int, Overzichtregel] = {}
    if vorige is not None:
        oud = _vorige_regels(overzicht, vorige, [leerling.pk for leerling in leerlingen])
    regels = []
    for leerling in leerlingen:
        regel = Overzichtregel(
            school_id=groep.school_id, groepsoverzicht=overzicht, leerling=leerling
        )
        vorig = oud.get(leerling.pk)
        if vorig is not None:
            for veld in REGEL_VELDEN:
                setattr(regel, veld, getattr(vorig, veld))
            regel.overgenomen = any(getattr(vorig, v) for v in REGEL_VELDEN)
        regels.append(regel)
    # With history rows, so the row's history starts at its creation (or carry-over).
    bulk_create_with_history(regels, Overzichtregel, default_user=user)
    gestopt = hooks.gestopt_na_evaluatie(vorige) if vorige is not None else set()
    behoeften = [
        Onderwijsbehoefte(
            school_id=groep.school_id,
            regel=regel,
            soort=b.soort,
            domein_id=b.domein_id,
            doel=b.doel,
            behoefte=b.behoefte,
            overgenomen=True,
        )
        for regel in regels
        if regel.leerling_id in oud and regel.leerling_id not in gestopt
        for b in oud[regel.leerling_id].onderwijsbehoeften.all()
    ]
    bulk_create_with_history(
        behoeften, Onderwijsbehoefte, default_user=user, default_change_reason="overgenomen"
    )
    signaleringen_voorstellen(overzicht=overzicht)
    return overzicht


# --- Autosave of cells ------------------------------------------------------------------------


@transaction.atomic
def regel_cel_update(
    *, regel: Overzichtregel, veld: str, waarde: str, gezien: str, user: Gebruiker
) -> Overzichtregel:
    """Save one text cell. `gezien` is the value the user's screen showed before editing;
    `StaleVersion` when a colleague changed that cell meanwhile. A row carried over from the
    previous cycle is no longer marked as such once a cell changes."""
    if veld not in REGEL_VELDEN:
        raise ValidationError({veld: _("Dit veld bestaat niet in het groepsoverzicht.")})
    if regel.overgenomen:
        current = lock(regel)
        if current.overgenomen and getattr(current, veld) != normalised(waarde):
            # Part of the save below (and of its history record), not a version of its own.
            Overzichtregel.objects.filter(pk=current.pk).update(overgenomen=False)
    return update_field(
        regel,
        name=veld,
        value=waarde,
        seen=gezien,
        user=user,
        label=str(getattr(Overzichtregel._meta.get_field(veld), "verbose_name", veld)),
        related=["leerling"],
    )


@transaction.atomic
def aandachtspunten_update(
    *, overzicht: Groepsoverzicht, waarde: str, gezien: str, user: Gebruiker
) -> Groepsoverzicht:
    """Save the whole-group attention points (the same compare-and-swap as a cell)."""
    return update_field(
        overzicht,
        name="aandachtspunten_groep",
        value=waarde,
        seen=gezien,
        user=user,
        label=_("aandachtspunten hele groep"),
    )


# --- Signals ----------------------------------------------------------------------------------


def _relevante_ijkpunten(overzicht: Groepsoverzicht) -> list[Ijkpunt]:
    qs = Ijkpunt.objects.filter(actief=True, domein__instrument__actief=True).select_related(
        "domein", "domein__instrument"
    )
    if overzicht.cyclus == Cyclus.A:
        qs = qs.exclude(domein__instrument__soort=InstrumentSoort.VAKTOETS)
    else:
        assert overzicht.lesgroep is not None
        qs = qs.filter(
            domein__instrument__soort=InstrumentSoort.VAKTOETS,
            domein__instrument__vak_id=overzicht.lesgroep.vak_id,
        )
    return list(qs)


def cruciale_momenten_vooruit(overzicht: Groepsoverzicht) -> list[tuple[CruciaalMoment, dt.date]]:
    """The crucial learning moments of this class's leerjaar that the periode looks ahead to,
    with the date each next falls on."""
    periode = overzicht.periode
    found = []
    for moment in CruciaalMoment.objects.filter(leerjaar=overzicht.groep.leerjaar).select_related(
        "domein"
    ):
        datum = rules.volgende_datum(moment.maand, periode.startdatum)
        vanaf = datum - dt.timedelta(days=31 * moment.vooruitkijken)
        if vanaf <= periode.einddatum:
            found.append((moment, datum))
    return found


@transaction.atomic
def signaleringen_voorstellen(*, overzicht: Groepsoverzicht) -> tuple[int, int]:
    """Apply the school's ijkpunten to the results up to the end of the periode (preventive)
    and look ahead to crucial learning moments (proactive). New proposals are added;
    undecided proposals that no longer apply are removed; confirmed or rejected ones are
    never touched. Returns (added, removed)."""
    ijkpunten = _relevante_ijkpunten(overzicht)
    regels = [
        rules.Regel(
            id=i.pk,
            domein_id=i.domein_id,
            domein_code=i.domein.code,
            soort=i.soort,
            drempel=i.drempel,
            drempel_rang=i.drempel_rang,
            aantal_momenten=i.aantal_momenten,
            leerjaar=i.leerjaar,
            reden=i.reden,
        )
        for i in ijkpunten
    ]
    ondergrens = {
        i.domein_id: i.drempel_rang
        for i in ijkpunten
        if i.soort == IjkpuntSoort.ONDER_DREMPEL and i.leerjaar in (None, overzicht.groep.leerjaar)
    }
    momenten = [
        rules.Moment(
            id=m.pk,
            naam=m.naam,
            datum=datum,
            domein_id=m.domein_id,
            domein_code=m.domein.code,
            ondergrens=ondergrens.get(m.domein_id),
        )
        for m, datum in cruciale_momenten_vooruit(overzicht)
        if m.domein_id is not None and m.domein is not None
    ]
    rows = {r.leerling_id: r for r in Overzichtregel.objects.filter(groepsoverzicht=overzicht)}
    metingen: dict[int, list[rules.Meting]] = {}
    for res in Resultaat.objects.filter(
        leerling_id__in=rows.keys(),
        domein_id__in={r.domein_id for r in regels} | {m.domein_id for m in momenten},
        toetsmoment__datum__lte=overzicht.periode.einddatum,
    ).values("leerling_id", "domein_id", "toetsmoment__datum", "waarde", "rang"):
        metingen.setdefault(res["leerling_id"], []).append(
            rules.Meting(res["domein_id"], res["toetsmoment__datum"], res["waarde"], res["rang"])
        )
    # Key: (regel id, "i" + ijkpunt id | "m" + moment id) -> (reden, uitleg, proactief)
    gewenst: dict[tuple[int, str], tuple[str, str, bool]] = {}
    for leerling_id, regel in rows.items():
        reeks = metingen.get(leerling_id, [])
        for v in rules.voorstellen(
            regels=regels, metingen=reeks, leerjaar=overzicht.groep.leerjaar
        ):
            gewenst[(regel.pk, f"i{v.ijkpunt_id}")] = (v.reden, v.uitleg, False)
        for moment_id, uitleg in rules.proactief(momenten=momenten, metingen=reeks):
            gewenst[(regel.pk, f"m{moment_id}")] = (SignaalReden.ACHTERSTAND, uitleg, True)

    def key(s: Signalering) -> tuple[int, str]:
        return (s.regel_id, f"i{s.ijkpunt_id}" if s.ijkpunt_id else f"m{s.cruciaal_moment_id}")

    bestaand = {
        key(s): s
        for s in Signalering.objects.filter(regel__groepsoverzicht=overzicht).filter(
            Q(ijkpunt__isnull=False) | Q(cruciaal_moment__isnull=False)
        )
    }
    verouderd = [
        s.pk
        for k, s in bestaand.items()
        if k not in gewenst and s.status == SignaalStatus.VOORGESTELD
    ]
    nieuw = [
        Signalering(
            school_id=overzicht.school_id,
            regel_id=regel_id,
            ijkpunt_id=int(bron[1:]) if bron[0] == "i" else None,
            cruciaal_moment_id=int(bron[1:]) if bron[0] == "m" else None,
            reden=reden,
            uitleg=uitleg[:300],
            proactief=proactief,
        )
        for (regel_id, bron), (reden, uitleg, proactief) in gewenst.items()
        if (regel_id, bron) not in bestaand
    ]
    bulk_create_with_history(nieuw, Signalering, default_change_reason="voorgesteld door ijkpunt")
    if verouderd:
        Signalering.objects.filter(pk__in=verouderd).delete()
    return len(nieuw), len(verouderd)


@transaction.atomic
def signalering_besluiten(*, signalering: Signalering, status: str, user: Gebruiker) -> Signalering:
    """The mentor confirms or rejects a proposal (or undoes that: back to proposed)."""
    if status not in SignaalStatus.values:
        raise ValidationError({"status": _("Onbekende status.")})
    fresh = Signalering.objects.select_for_update().get(pk=signalering.pk)
    fresh.status = status
    fresh.besloten_door = user if status != SignaalStatus.VOORGESTELD else None
    fresh.besloten_op = timezone.now() if status != SignaalStatus.VOORGESTELD else None
    fresh.save()
    return fresh


@transaction.atomic
def signalering_create(
    *, regel: Overzichtregel, reden: str, uitleg: str, user: Gebruiker, proactief: bool = False
) -> Signalering:
    """Flag a pupil by hand; a flag always has a reason category and an explanation."""
    signalering = Signalering(
        school_id=regel.school_id,
        regel=regel,
        reden=reden,
        uitleg=uitleg.strip(),
        status=SignaalStatus.BEVESTIGD,
        proactief=proactief,
        besloten_door=user,
        besloten_op=timezone.now(),
    )
    if not signalering.uitleg:
        raise ValidationError({"uitleg": _("Schrijf kort op waarom je deze leerling signaleert.")})
    if reden not in SignaalReden.values:
        raise ValidationError({"reden": _("Kies een reden.")})
    signalering.full_clean(exclude=["regel", "school", "besloten_door", "ijkpunt"])
    signalering.save()
    return signalering


# --- Onderwijsbehoeften -------------------------------------------------------------------------


@transaction.atomic
def onderwijsbehoefte_create(
    *,
    regel: Overzichtregel,
    soort: str,
    behoefte: str,
    doel: str = "",
    domein_id: int | None = None,
) -> Onderwijsbehoefte:
    """A need without a goal is accepted as a draft; `is_compleet` shows it is incomplete."""
    obj = Onderwijsbehoefte(
        school_id=regel.school_id,
        regel=regel,
        soort=soort,
        domein_id=domein_id,
        doel=doel.strip(),
        behoefte=behoefte.strip(),
    )
    obj.full_clean(exclude=["regel", "school"])
    obj.save()
    return obj


@transaction.atomic
def onderwijsbehoefte_update(
    *,
    behoefte: Onderwijsbehoefte,
    version: int | None,
    values: dict[str, Any],
    user: Gebruiker | None,
) -> Onderwijsbehoefte:
    """Change a need; `StaleVersion` when a colleague saved it after `version`. An edited
    need is no longer marked as carried over."""
    cleaned = {
        key: value.strip() if isinstance(value, str) else value
        for key, value in values.items()
        if key in ("soort", "domein_id", "doel", "behoefte")
    }
    return update_document(
        behoefte,
        version=version,
        values={**cleaned, "overgenomen": False},
        user=user,
        clean_exclude=["regel"],
    )


@transaction.atomic
def onderwijsbehoefte_delete(*, behoefte: Onderwijsbehoefte) -> None:
    behoefte.delete()


# --- Remarks from teachers ------------------------------------------------------------------------


@transaction.atomic
def opmerking_create(
    *, overzicht: Groepsoverzicht, tekst: str, user: Gebruiker, leerling: Leerling | None = None
) -> Opmerking:
    if not tekst.strip():
        raise ValidationError({"tekst": _("Schrijf een opmerking.")})
    obj = Opmerking(
        school_id=overzicht.school_id,
        groepsoverzicht=overzicht,
        leerling=leerling,
        auteur=user,
        tekst=tekst.strip(),
    )
    obj.full_clean(exclude=["groepsoverzicht", "school", "auteur", "leerling"])
    obj.save()
    return obj


@transaction.atomic
def opmerking_afhandelen(*, opmerking: Opmerking) -> Opmerking:
    opmerking.afgehandeld = True
    opmerking.save(update_fields=["afgehandeld", "updated_at"])
    return opmerking
