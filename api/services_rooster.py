"""Roster upserts by the client's own ids (OneRoster sourcedId): schooljaren, vakken, groepen,
lesgroepen, medewerkers and plaatsingen (OneRoster enrollments). Pupils are
`api.services.leerlingen_upserten` (their ids are `LeerlingExternId`, which the results
import joins on); every other kind's id is an `Externkoppeling`.

Each kind writes through the roster services the beheer pages use, so the same validation,
history and invariants hold (a schooljaar cannot shrink past its periodes, a groep with
plaatsingen keeps its schooljaar, a pupil is in one groep at a time). One batch is all or
nothing: every bad row is named (index, veld, reden) and nothing is saved. A row equal to
what is stored is not saved again, so a replay changes nothing, not even `updated_at`.

Cost: per batch one query per kind of reference and one for the existing objects; then the
services' own queries per changed row (a roster sync changes few rows; 1,000 at most).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from zorgroute import services
from zorgroute.beheer import services as beheer_services
from zorgroute.models import (
    Afdeling,
    Clusterplaatsing,
    Groep,
    LeerlingExternId,
    Lesgroep,
    Lesgroepdocent,
    Lidmaatschap,
    Medewerker,
    Mentoraat,
    Plaatsing,
    Rol,
    School,
    Schooljaar,
    Vak,
)

from .models import Externkoppeling, RoosterSoort
from .services import RijFout, UpsertResultaat, _Rollback, validation_fouten

#: What a reference field of a row points at: a roster kind, a pupil, or an afdeling by name.
LEERLING = "leerling"
AFDELING = "afdeling"


@dataclass(frozen=True)
class RoosterRij:
    index: int
    sourced_id: str
    #: Validated fields; references still as the client's ids (or an afdeling's name).
    velden: Mapping[str, Any]


Upsert = Callable[
    [School, str, dict[str, Any], models.Model | None], tuple[str, models.Model | None]
]


@dataclass(frozen=True)
class Rooster:
    soort: RoosterSoort
    #: Row field → what it refers to (a RoosterSoort value, LEERLING or AFDELING).
    verwijzingen: Mapping[str, str]
    upsert: Upsert


def _zelfde(obj: models.Model, waarden: Mapping[str, Any]) -> bool:
    return all(getattr(obj, k) == v for k, v in waarden.items())


# --- per kind: create, update or leave alone through the roster services -------------------


def _schooljaar(school: School, bron: str, v: dict[str, Any], cur: models.Model | None) -> Any:
    waarden = {k: v[k] for k in ("naam", "startdatum", "einddatum")}
    if cur is None:
        return "aangemaakt", services.schooljaar_create(school=school, **waarden)
    assert isinstance(cur, Schooljaar)
    if _zelfde(cur, waarden):
        return "ongewijzigd", cur
    return "bijgewerkt", services.schooljaar_update(schooljaar=cur, version=None, **waarden)


def _vak(school: School, bron: str, v: dict[str, Any], cur: models.Model | None) -> Any:
    waarden = {k: v[k] for k in ("naam", "afkorting")}
    if cur is None:
        return "aangemaakt", services.vak_create(school=school, **waarden)
    assert isinstance(cur, Vak)
    if _zelfde(cur, waarden):
        return "ongewijzigd", cur
    return "bijgewerkt", services.vak_update(vak=cur, version=None, **waarden)


def _groep(school: School, bron: str, v: dict[str, Any], cur: models.Model | None) -> Any:
    waarden: dict[str, Any] = {
        k: v.get(k) for k in ("schooljaar", "naam", "leerjaar", "niveau", "afdeling")
    }
    if cur is None:
        return "aangemaakt", services.groep_create(school=school, mentoren=[], **waarden)
    assert isinstance(cur, Groep)
    if _zelfde(cur, waarden):
        return "ongewijzigd", cur
    # Mentors come in as plaatsingen (rol docent) or from the beheer page: keep them.
    mentoren = list(cur.mentoren.all())
    return "bijgewerkt", services.groep_update(
        groep=cur, version=None, mentoren=mentoren, **waarden
    )


def _lesgroep(school: School, bron: str, v: dict[str, Any], cur: models.Model | None) -> Any:
    waarden: dict[str, Any] = {k: v.get(k) for k in ("schooljaar", "vak", "naam", "groep")}
    if cur is None:
        return "aangemaakt", services.lesgroep_create(
            school=school, docenten=[], leerlingen=[], **waarden
        )
    assert isinstance(cur, Lesgroep)
    if _zelfde(cur, waarden):
        return "ongewijzigd", cur
    return "bijgewerkt", services.lesgroep_update(
        lesgroep=cur,
        version=None,
        docenten=list(cur.docenten.all()),
        leerlingen=list(cur.leerlingen.all()),
        **waarden,
    )


#: The school's own fields of a medewerker (`Medewerker`), never the account's.
MEDEWERKER_VELDEN = ("voornaam", "tussenvoegsel", "achternaam", "afkorting")

#: A new medewerker: invited by e-mail (`zorgroute.beheer.services.medewerker_uitnodigen`),
#: whether or not the address has an account anywhere; nothing is linked until the person
#: accepts or confirms.
UITGENODIGD = "uitgenodigd"


def _medewerker(school: School, bron: str, v: dict[str, Any], cur: models.Model | None) -> Any:
    """Only this school's own staff records are looked at (by the address the school knows
    them by); an unknown address becomes an invitation, never a link to an account."""
    email = beheer_services.normalise_email(v["email"])
    velden = {k: v.get(k, "") for k in MEDEWERKER_VELDEN}
    if cur is None:
        cur = Medewerker.objects.filter(email__iexact=email).first()
        if cur is None:
            return UITGENODIGD, beheer_services.medewerker_uitnodigen(
                school=school, email=email, rol=Rol.DOCENT, afdeling=None, **velden
            )
        if Externkoppeling.objects.filter(
            bron=bron, soort=RoosterSoort.MEDEWERKER, model=_label(Medewerker), object_id=cur.pk
        ).exists():
            raise ValidationError(
                {"email": _("Dit e-mailadres hoort al bij een andere medewerker (sourcedId).")}
            )
    assert isinstance(cur, Medewerker)
    if cur.email.lower() != email:
        raise ValidationError(
            {
                "email": _(
                    "Deze medewerker staat op deze school als %(email)s; het e-mailadres wordt "
                    "niet via de API gewijzigd."
                )
                % {"email": cur.email}
            }
        )
    if _zelfde(cur, velden):
        return "ongewijzigd", cur
    return "bijgewerkt", beheer_services.medewerker_update(medewerker=cur, version=None, **velden)


#: Said when a pupil is enrolled in a lesgroep of a whole groep (OneRoster exports enrol
#: pupils in every class): its pupils are the groep's, so nothing is stored.
VOLGT_GROEP = "volgt_groep"


def _plaatsing(school: School, bron: str, v: dict[str, Any], cur: models.Model | None) -> Any:
    groep, leerling = v.get("groep"), v.get("leerling")
    nieuw: models.Model | None
    if leerling is not None and groep is not None:
        start = v.get("startdatum") or groep.schooljaar.startdatum
        eind = v.get("einddatum")
        if isinstance(cur, Plaatsing) and cur.leerling_id == leerling.pk:
            if _zelfde(cur, {"groep": groep, "startdatum": start, "einddatum": eind}):
                return "ongewijzigd", cur
            return "bijgewerkt", services.plaatsing_update(
                plaatsing=cur, version=None, groep=groep, startdatum=start, einddatum=eind
            )
        nieuw = Plaatsing(
            school=school, leerling=leerling, groep=groep, startdatum=start, einddatum=eind
        )
    else:
        nieuw = _link_row(school, v)
        if nieuw is None:
            return VOLGT_GROEP, None
    return _replace_link(cur, nieuw)


def _link_row(school: School, v: dict[str, Any]) -> models.Model | None:
    """The unsaved row of an enrollment that is no Plaatsing: a cluster pupil, a mentor or
    a docent; None for a pupil in a lesgroep of a whole groep (nothing to store)."""
    groep, lesgroep = v.get("groep"), v.get("lesgroep")
    leerling, medewerker = v.get("leerling"), v.get("medewerker")
    if leerling is not None:
        assert isinstance(lesgroep, Lesgroep)
        if lesgroep.groep_id is not None:
            return None
        return Clusterplaatsing(school=school, lesgroep=lesgroep, leerling=leerling)
    assert isinstance(medewerker, Medewerker)
    if medewerker.gebruiker_id is None:
        raise ValidationError(
            {
                "medewerker": _(
                    "Deze medewerker heeft de uitnodiging voor deze school nog niet "
                    "aangenomen; stuur deze plaatsing opnieuw zodra dat is gebeurd."
                )
            }
        )
    gebruiker_id = medewerker.gebruiker_id
    if not Lidmaatschap.objects.filter(school=school, gebruiker_id=gebruiker_id).exists():
        raise ValidationError({"medewerker": _("Deze medewerker werkt niet op deze school.")})
    if groep is not None:
        return Mentoraat(school=school, groep=groep, gebruiker_id=gebruiker_id)
    return Lesgroepdocent(school=school, lesgroep=lesgroep, gebruiker_id=gebruiker_id)


def _replace_link(cur: models.Model | None, nieuw: models.Model) -> tuple[str, models.Model]:
    """Store `nieuw` under the sourcedId that pointed at `cur` (unchanged when equal)."""
    if cur is not None and _label(type(cur)) == _label(type(nieuw)):
        velden = [f.name for f in type(nieuw)._meta.concrete_fields if not f.primary_key]
        if all(getattr(cur, f) == getattr(nieuw, f) for f in velden if f != "school"):
            return "ongewijzigd", cur
    if cur is not None:
        # Another pupil, class or kind under the same sourcedId: the old link goes.
        services.delete_or_refuse(
            cur, _("De vorige plaatsing onder deze sourcedId wordt nog gebruikt.")
        )
    al_gekoppeld = None if isinstance(nieuw, Plaatsing) else _zelfde_rij(nieuw)
    if al_gekoppeld is not None:  # linked already (e.g. in beheer): adopt, not a second row
        nieuw = al_gekoppeld
    else:
        services.save_validated(nieuw, clean_errors_to="startdatum")
    return ("bijgewerkt" if cur is not None else "aangemaakt"), nieuw


def _zelfde_rij(obj: models.Model) -> models.Model | None:
    """The stored link row with the same foreign keys as `obj` (a through model's unique
    pair), if there is one."""
    velden = {
        f.attname: getattr(obj, f.attname)
        for f in type(obj)._meta.concrete_fields
        if isinstance(f, models.ForeignKey)
    }
    return type(obj)._default_manager.filter(**velden).first()


ROOSTERS: dict[RoosterSoort, Rooster] = {
    RoosterSoort.SCHOOLJAAR: Rooster(RoosterSoort.SCHOOLJAAR, {}, _schooljaar),
    RoosterSoort.VAK: Rooster(RoosterSoort.VAK, {}, _vak),
    RoosterSoort.GROEP: Rooster(
        RoosterSoort.GROEP, {"schooljaar": RoosterSoort.SCHOOLJAAR, "afdeling": AFDELING}, _groep
    ),
    RoosterSoort.LESGROEP: Rooster(
        RoosterSoort.LESGROEP,
        {
            "schooljaar": RoosterSoort.SCHOOLJAAR,
            "vak": RoosterSoort.VAK,
            "groep": RoosterSoort.GROEP,
        },
        _lesgroep,
    ),
    RoosterSoort.MEDEWERKER: Rooster(RoosterSoort.MEDEWERKER, {}, _medewerker),
    RoosterSoort.PLAATSING: Rooster(
        RoosterSoort.PLAATSING,
        {
            "leerling": LEERLING,
            "medewerker": RoosterSoort.MEDEWERKER,
            "groep": RoosterSoort.GROEP,
            "lesgroep": RoosterSoort.LESGROEP,
        },
        _plaatsing,
    ),
}


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


# --- the batch -----------------------------------------------------------------------------


def _koppelingen(bron: str, soort: str, extern_ids: set[str]) -> dict[str, models.Model]:
    """The objects behind the client's ids of one kind: one query for the links, one per
    model for the objects (a plaatsing's links may point at four models)."""
    if not extern_ids:
        return {}
    links = list(
        Externkoppeling.objects.filter(
            bron=bron, soort=soort, extern_id__in=sorted(extern_ids)
        ).values_list("extern_id", "model", "object_id")
    )
    per_model: dict[str, list[int]] = defaultdict(list)
    for _extern, label, object_id in links:
        per_model[label].append(object_id)
    objecten: dict[tuple[str, int], models.Model] = {}
    for label, ids in per_model.items():
        model = apps.get_model(label)
        qs = model._default_manager.filter(pk__in=ids)
        if model is Groep or model is Lesgroep:
            qs = qs.select_related("schooljaar")
        objecten |= {(label, obj.pk): obj for obj in qs}
    # A link whose object was deleted (in beheer) counts as absent: the upsert recreates it.
    return {
        extern: objecten[(label, object_id)]
        for extern, label, object_id in links
        if (label, object_id) in objecten
    }


def _verwijzingen(
    school: School, bron: str, rooster: Rooster, rijen: list[RoosterRij]
) -> tuple[dict[tuple[str, str], models.Model], list[RijFout]]:
    gevraagd: dict[str, set[str]] = defaultdict(set)
    for rij in rijen:
        for veld, doel in rooster.verwijzingen.items():
            if rij.velden.get(veld):
                gevraagd[doel].add(rij.velden[veld])
    gevonden: dict[tuple[str, str], models.Model] = {}
    for doel, sleutels in gevraagd.items():
        if doel == AFDELING:
            found: Mapping[str, models.Model] = {
                a.naam: a for a in Afdeling.objects.filter(school=school, naam__in=sorted(sleutels))
            }
        elif doel == LEERLING:
            found = {
                e.extern_id: e.leerling
                for e in LeerlingExternId.objects.filter(
                    bron=bron, extern_id__in=sorted(sleutels)
                ).select_related("leerling")
            }
        else:
            found = _koppelingen(bron, doel, sleutels)
        gevonden |= {(doel, k): obj for k, obj in found.items()}
    fouten = []
    for rij in rijen:
        for veld, doel in rooster.verwijzingen.items():
            sleutel = rij.velden.get(veld)
            if sleutel and (doel, sleutel) not in gevonden:
                fouten.append(RijFout(rij.index, veld, _onbekend(doel, sleutel)))
    return gevonden, fouten


def _onbekend(doel: str, sleutel: str) -> str:
    if doel == AFDELING:
        return _("Afdeling '%(naam)s' bestaat niet bij deze school; maak die aan in beheer.") % {
            "naam": sleutel
        }
    eindpunt = {LEERLING: "leerlingen"} | {s.value: _MEERVOUD[s] for s in RoosterSoort}
    return _("Onbekende sourcedId '%(id)s': lever die eerst aan via %(eindpunt)s/.") % {
        "id": sleutel,
        "eindpunt": eindpunt[doel],
    }


_MEERVOUD = {
    RoosterSoort.SCHOOLJAAR: "schooljaren",
    RoosterSoort.VAK: "vakken",
    RoosterSoort.GROEP: "groepen",
    RoosterSoort.LESGROEP: "lesgroepen",
    RoosterSoort.MEDEWERKER: "medewerkers",
    RoosterSoort.PLAATSING: "plaatsingen",
}


@dataclass
class RoosterResultaat(UpsertResultaat):
    #: Rows accepted without storing anything (a pupil in a lesgroep of a whole groep).
    overgeslagen: int = 0
    #: New medewerkers: invited by e-mail, linked once they accept.
    uitgenodigd: int = 0


@transaction.atomic
def rooster_upserten(
    *, school: School, bron: str, soort: RoosterSoort, rijen: list[RoosterRij]
) -> RoosterResultaat:
    """Create or update roster objects of one kind by the client's ids; see the module."""
    rooster = ROOSTERS[soort]
    result = RoosterResultaat(rijen=len(rijen))
    seen = _sourced_ids(rijen, result)
    gevonden, fouten = _verwijzingen(school, bron, rooster, rijen)
    result.fouten += fouten
    if result.fouten:
        return result
    bestaand = _koppelingen(bron, soort, set(seen))
    batch = _Batch(school, bron, soort, rooster, gevonden, bestaand, result)
    try:
        with transaction.atomic():
            for rij in rijen:
                batch.row(rij)
            if result.fouten:
                raise _Rollback
            batch.store_links()
    except _Rollback:
        result.aangemaakt = result.bijgewerkt = result.ongewijzigd = result.overgeslagen = 0
        result.uitgenodigd = 0
        return result
    result.opgeslagen = True
    return result


def _sourced_ids(rijen: list[RoosterRij], result: RoosterResultaat) -> dict[str, int]:
    """Each sourcedId of the batch with its first row; a second row with it is an error."""
    seen: dict[str, int] = {}
    for rij in rijen:
        if rij.sourced_id in seen:
            result.fouten.append(
                RijFout(
                    rij.index,
                    "sourcedId",
                    f"staat al in rij {seen[rij.sourced_id]} van deze batch.",
                )
            )
        seen.setdefault(rij.sourced_id, rij.index)
    return seen


@dataclass
class _Batch:
    """One batch of one roster kind, row by row (no savepoint per row: any error rolls
    the whole batch back)."""

    school: School
    bron: str
    soort: RoosterSoort
    rooster: Rooster
    gevonden: dict[tuple[str, str], models.Model]
    bestaand: dict[str, models.Model]
    result: RoosterResultaat
    nieuwe_koppelingen: list[Externkoppeling] = field(default_factory=list)
    #: Which row stored each object, so two sourcedIds cannot claim one object.
    objecten: dict[tuple[str, Any], int] = field(default_factory=dict)

    def row(self, rij: RoosterRij) -> None:
        velden = dict(rij.velden)
        for veld, doel in self.rooster.verwijzingen.items():
            velden[veld] = self.gevonden.get((doel, velden[veld])) if velden.get(veld) else None
        cur = self.bestaand.get(rij.sourced_id)
        try:
            uitkomst, obj = self.rooster.upsert(self.school, self.bron, velden, cur)
        except ValidationError as exc:
            self.result.fouten.extend(validation_fouten(rij.index, exc))
            return
        if obj is not None and not self._link(rij, obj, cur):
            return
        if uitkomst == VOLGT_GROEP:
            self.result.overgeslagen += 1
        else:
            setattr(self.result, uitkomst, getattr(self.result, uitkomst) + 1)

    def _link(self, rij: RoosterRij, obj: models.Model, cur: models.Model | None) -> bool:
        """Point the row's sourcedId at `obj`; False (an error) when another row of the
        batch points at it already."""
        eerder = self.objecten.setdefault(_sleutel(obj), rij.index)
        if eerder != rij.index:  # e.g. two sourcedIds with one e-mail address
            self.result.fouten.append(
                RijFout(
                    rij.index,
                    "sourcedId",
                    f"wijst naar hetzelfde object als rij {eerder} van deze batch.",
                )
            )
            return False
        if cur is None:
            self.nieuwe_koppelingen.append(
                _koppeling(self.school, self.bron, self.soort, rij.sourced_id, obj)
            )
        elif _sleutel(obj) != _sleutel(cur):
            Externkoppeling.objects.filter(
                bron=self.bron, soort=self.soort, extern_id=rij.sourced_id
            ).update(model=_label(type(obj)), object_id=obj.pk)
        return True

    def store_links(self) -> None:
        # A link whose object was deleted is replaced by the new one.
        Externkoppeling.objects.filter(
            bron=self.bron,
            soort=self.soort,
            extern_id__in=[k.extern_id for k in self.nieuwe_koppelingen],
        ).delete()
        Externkoppeling.objects.bulk_create(self.nieuwe_koppelingen, batch_size=1000)


def _sleutel(obj: models.Model) -> tuple[str, Any]:
    return _label(type(obj)), obj.pk


def _koppeling(
    school: School, bron: str, soort: str, extern_id: str, obj: models.Model
) -> Externkoppeling:
    label, pk = _sleutel(obj)
    return Externkoppeling(
        school=school, bron=bron, soort=soort, extern_id=extern_id, model=label, object_id=pk
    )


def sourced_id_van(bron: str, soort: str, model: type[models.Model]) -> Any:
    """A subquery for list endpoints: the client's id of each row (None when it has none)."""
    return models.Subquery(
        Externkoppeling.objects.filter(
            bron=bron, soort=soort, model=_label(model), object_id=models.OuterRef("pk")
        ).values("extern_id")[:1]
    )
