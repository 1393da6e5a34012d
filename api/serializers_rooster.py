"""Shapes of the roster endpoints other than leerlingen. Each row follows a OneRoster 1.2
object where one fits (named in its docstring); names are the Dutch domain names of
docs/glossary.md, references are the client's own ids (sourcedId) of the referred object."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from zorgroute.models import Groep, Lesgroep, Medewerker, Niveau, Plaatsing, Schooljaar, Vak

from .serializers import GEEN_NUL, NIET_LEEG, SOURCED_ID, Geheel, Tekst

MAX_ROOSTER_RIJEN = 1_000


def verwijzing(naar: str, *, required: bool = True) -> Tekst:
    return Tekst(
        max_length=100,
        required=required,
        validators=[NIET_LEEG] if required else [GEEN_NUL],
        allow_blank=not required,
        help_text=f"sourcedId of the {naar}, as sent earlier to its endpoint.",
    )


class SchooljaarInSerializer(serializers.Serializer[Any]):
    """OneRoster academicSession with type schoolYear (title, startDate, endDate)."""

    sourcedId = Tekst(**SOURCED_ID)
    naam = Tekst(max_length=20, validators=[NIET_LEEG], help_text="E.g. 2026-2027 (title).")
    startdatum = serializers.DateField(help_text="startDate.")
    einddatum = serializers.DateField(help_text="endDate.")


class VakInSerializer(serializers.Serializer[Any]):
    """OneRoster course (title, courseCode)."""

    sourcedId = Tekst(**SOURCED_ID)
    naam = Tekst(max_length=100, validators=[NIET_LEEG], help_text="title, e.g. Nederlands.")
    afkorting = Tekst(
        max_length=10, validators=[NIET_LEEG], help_text="courseCode, unique per school (ne)."
    )


class GroepInSerializer(serializers.Serializer[Any]):
    """OneRoster class with classType homeroom: the stamgroep (klas) with its mentors."""

    sourcedId = Tekst(**SOURCED_ID)
    schooljaar = verwijzing("schooljaar (academicSession)")
    naam = Tekst(max_length=20, validators=[NIET_LEEG], help_text="title, e.g. 2B.")
    leerjaar = Geheel(min_value=1, max_value=8, help_text="grades: the year (1–8).")
    niveau = serializers.ChoiceField(choices=Niveau.choices, help_text="Level of the class.")
    afdeling = Tekst(
        max_length=100,
        required=False,
        allow_blank=True,
        help_text="Name of an existing afdeling of the school (optional).",
    )


class LesgroepInSerializer(serializers.Serializer[Any]):
    """OneRoster class with classType scheduled: a vak taught to a groep, or to a cluster
    when groep is empty (its pupils then come as plaatsingen)."""

    sourcedId = Tekst(**SOURCED_ID)
    schooljaar = verwijzing("schooljaar (academicSession)")
    vak = verwijzing("vak (course)")
    naam = Tekst(max_length=40, validators=[NIET_LEEG], help_text="title, e.g. 2B-ne.")
    groep = verwijzing("groep taught as a whole (empty for a cluster)", required=False)


class MedewerkerInSerializer(serializers.Serializer[Any]):
    """OneRoster user with role teacher. An e-mail address that is not yet on this school's
    staff list is invited (counted as uitgenodigd): the person gets a mail and joins with
    the role docent once they accept; until then the medewerker cannot be enrolled. Whether
    the address has an account elsewhere is never told nor used. Names and afkorting are the
    school's own and change only here. Other roles are given in Zorgroute's beheer."""

    sourcedId = Tekst(**SOURCED_ID)
    email = serializers.EmailField(max_length=254, help_text="The address to invite (email).")
    voornaam = Tekst(max_length=100, validators=[NIET_LEEG], help_text="givenName.")
    tussenvoegsel = Tekst(max_length=20, required=False, allow_blank=True)
    achternaam = Tekst(max_length=100, validators=[NIET_LEEG], help_text="familyName.")
    afkorting = Tekst(max_length=10, required=False, allow_blank=True, help_text="E.g. JNS.")


class PlaatsingInSerializer(serializers.Serializer[Any]):
    """OneRoster enrollment: a leerling (role student) or a medewerker (role teacher) in a
    groep (homeroom class) or a lesgroep (scheduled class). Leerling in groep: a plaatsing
    from startdatum (default: start of the schooljaar) to einddatum; leerling in a cluster
    lesgroep: in that cluster; leerling in a lesgroep of a whole groep: accepted and not
    stored (its pupils are the groep's; counted as overgeslagen); medewerker in groep:
    mentor; medewerker in lesgroep: docent."""

    sourcedId = Tekst(**SOURCED_ID)
    rol = serializers.ChoiceField(
        choices=[("leerling", "leerling"), ("docent", "docent")],
        help_text="role: leerling (student) or docent (teacher).",
    )
    leerling = verwijzing("leerling (user, role student), with rol leerling", required=False)
    medewerker = verwijzing("medewerker (user, role teacher), with rol docent", required=False)
    groep = verwijzing("groep (homeroom class); or lesgroep", required=False)
    lesgroep = verwijzing("lesgroep (scheduled class); or groep", required=False)
    startdatum = serializers.DateField(required=False, allow_null=True, help_text="beginDate.")
    einddatum = serializers.DateField(required=False, allow_null=True, help_text="endDate.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        errors: dict[str, str] = {}
        persoon = "leerling" if attrs["rol"] == "leerling" else "medewerker"
        ander = "medewerker" if persoon == "leerling" else "leerling"
        if not attrs.get(persoon):
            errors[persoon] = f"Vul de sourcedId van de {persoon} in (rol {attrs['rol']})."
        if attrs.get(ander):
            errors[ander] = f"Laat {ander} leeg bij rol {attrs['rol']}."
        if bool(attrs.get("groep")) == bool(attrs.get("lesgroep")):
            errors["groep"] = "Vul precies één van groep en lesgroep in."
        start, eind = attrs.get("startdatum"), attrs.get("einddatum")
        if start and eind and eind < start:
            errors["einddatum"] = "De einddatum ligt vóór de startdatum."
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


def batch_serializer(naam: str, rij: type[serializers.Serializer[Any]]) -> Any:
    """Documentation of a batch body {naam: [rows]}; rows are validated one by one."""
    return type(
        f"{rij.__name__.removesuffix('InSerializer')}BatchSerializer",
        (serializers.Serializer,),
        {
            naam: serializers.ListField(child=rij(), min_length=1, max_length=MAX_ROOSTER_RIJEN),
            "__doc__": f"Up to {MAX_ROOSTER_RIJEN} rows; all or nothing.",
        },
    )


class RoosterAntwoordSerializer(serializers.Serializer[Any]):
    opgeslagen = serializers.BooleanField()
    rijen = serializers.IntegerField()
    aangemaakt = serializers.IntegerField()
    bijgewerkt = serializers.IntegerField()
    ongewijzigd = serializers.IntegerField()
    overgeslagen = serializers.IntegerField(
        help_text="Accepted, nothing to store (a pupil in a lesgroep of a whole groep)."
    )
    uitgenodigd = serializers.IntegerField(
        help_text="New medewerkers invited by e-mail; linked once the person accepts."
    )


# --- out --------------------------------------------------------------------------------------


class _MetSourcedId(serializers.ModelSerializer[Any]):
    sourcedId = serializers.CharField(
        source="extern_sleutel", allow_null=True, help_text="This client's id, if it sent one."
    )


class SchooljaarSerializer(_MetSourcedId):
    class Meta:
        model = Schooljaar
        fields = ["id", "sourcedId", "naam", "startdatum", "einddatum", "updated_at"]
        read_only_fields = fields


class VakSerializer(_MetSourcedId):
    class Meta:
        model = Vak
        fields = ["id", "sourcedId", "naam", "afkorting", "updated_at"]
        read_only_fields = fields


class GroepSerializer(_MetSourcedId):
    schooljaar = serializers.CharField(source="schooljaar.naam")
    afdeling = serializers.CharField(source="afdeling.naam", allow_null=True, default=None)

    class Meta:
        model = Groep
        fields = [
            "id",
            "sourcedId",
            "schooljaar",
            "naam",
            "leerjaar",
            "niveau",
            "afdeling",
            "updated_at",
        ]
        read_only_fields = fields


class LesgroepSerializer(_MetSourcedId):
    schooljaar = serializers.CharField(source="schooljaar.naam")
    vak = serializers.CharField(source="vak.afkorting")
    groep = serializers.CharField(source="groep.naam", allow_null=True, default=None)

    class Meta:
        model = Lesgroep
        fields = ["id", "sourcedId", "schooljaar", "vak", "naam", "groep", "updated_at"]
        read_only_fields = fields


class MedewerkerSerializer(_MetSourcedId):
    """The school's own record of a staff member, never the account's fields."""

    uitgenodigd = serializers.BooleanField(
        read_only=True, help_text="True until the person has accepted the invitation."
    )

    class Meta:
        model = Medewerker
        fields = [
            "id",
            "sourcedId",
            "email",
            "voornaam",
            "tussenvoegsel",
            "achternaam",
            "afkorting",
            "uitgenodigd",
            "updated_at",
        ]
        read_only_fields = fields


class PlaatsingSerializer(_MetSourcedId):
    leerling = serializers.UUIDField(source="leerling.uuid")
    groep = serializers.CharField(source="groep.naam")

    class Meta:
        model = Plaatsing
        fields = ["id", "sourcedId", "leerling", "groep", "startdatum", "einddatum", "updated_at"]
        read_only_fields = fields
