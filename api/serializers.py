"""Validation and shapes of the API. Names are the Dutch domain names of docs/glossary.md;
`sourcedId` follows OneRoster 1.2 for the client's own id of an object."""

from __future__ import annotations

from typing import Any

from django.core.validators import RegexValidator
from rest_framework import serializers

from groepsoverzicht.models import Groepsoverzicht, Onderwijsbehoefte, Toetsmoment
from zorgroute.models import Leerling, Periode

MAX_RESULTAAT_RIJEN = 10_000
MAX_LEERLING_RIJEN = 1_000

#: Text that is more than whitespace (DRF trims it) and has no NUL character (PostgreSQL
#: cannot store one); the schema says both with a pattern.
NIET_LEEG = RegexValidator(r"^[^\x00]*\S[^\x00]*$", "Vul hier tekst in, niet alleen spaties.")
GEEN_NUL = RegexValidator(r"^[^\x00]*$", "Tekst zonder NUL-tekens.")


class Tekst(serializers.CharField):
    """A JSON string only: DRF would turn 0 or true into "0" and "True" silently."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("validators", [GEEN_NUL])
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class Geheel(serializers.IntegerField):
    """A JSON integer only (not "5", not 5.0, not true)."""

    def to_internal_value(self, data: Any) -> int:
        if not isinstance(data, int) or isinstance(data, bool):
            self.fail("invalid")
        return int(super().to_internal_value(data))


class JaNee(serializers.BooleanField):
    """A JSON boolean only (not "ja", not 1)."""

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


SOURCED_ID: dict[str, Any] = {
    "max_length": 100,
    "min_length": 1,
    "help_text": "The client's own id of this object (OneRoster sourcedId), unique per bron.",
    "validators": [NIET_LEEG],
}


class ProblemSerializer(serializers.Serializer[Any]):
    """Documentation only: the one error shape (RFC 9457 problem details)."""

    type = serializers.CharField(help_text="Always about:blank.")
    title = serializers.CharField(help_text="Short Dutch summary of the problem.")
    status = serializers.IntegerField()
    detail = serializers.CharField(required=False, help_text="Dutch explanation.")
    fouten = serializers.ListField(
        child=serializers.DictField(child=serializers.JSONField()),
        required=False,
        help_text="Per invalid field or row: veld (field), reden (reason) and for batches index.",
    )


# --- roster: leerlingen ----------------------------------------------------------------------


class LeerlingVeldenSerializer(serializers.Serializer[Any]):
    voornaam = Tekst(max_length=100, validators=[NIET_LEEG])
    tussenvoegsel = Tekst(max_length=20, required=False, allow_blank=True)
    achternaam = Tekst(max_length=100, validators=[NIET_LEEG])
    geboortedatum = serializers.DateField()
    leerlingnummer = Tekst(max_length=20, required=False, allow_blank=True)
    eckId = Tekst(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text="ECK iD: the pseudonymous chain key of the pupil from the LVS.",
    )

    def service_waarden(self) -> dict[str, Any]:
        data = self.validated_data
        return {
            "voornaam": data["voornaam"],
            "tussenvoegsel": data.get("tussenvoegsel", ""),
            "achternaam": data["achternaam"],
            "geboortedatum": data["geboortedatum"],
            "leerlingnummer": data.get("leerlingnummer", ""),
            "eck_id": data.get("eckId", ""),
        }


class LeerlingInSerializer(LeerlingVeldenSerializer):
    sourcedId = Tekst(**SOURCED_ID)


class LeerlingenBatchSerializer(serializers.Serializer[Any]):
    """Documentation of the batch body; rows are validated one by one for per-row errors."""

    leerlingen = serializers.ListField(
        child=LeerlingInSerializer(), min_length=1, max_length=MAX_LEERLING_RIJEN
    )


class LeerlingSerializer(serializers.ModelSerializer[Leerling]):
    sourcedId = serializers.SerializerMethodField()
    eckId = serializers.CharField(source="eck_id")

    class Meta:
        model = Leerling
        fields = [
            "uuid",
            "sourcedId",
            "voornaam",
            "tussenvoegsel",
            "achternaam",
            "geboortedatum",
            "leerlingnummer",
            "eckId",
            "updated_at",
        ]
        read_only_fields = fields

    def get_sourcedId(self, obj: Leerling) -> str | None:
        return getattr(obj, "extern_sleutel", None)


class UpsertAntwoordSerializer(serializers.Serializer[Any]):
    opgeslagen = serializers.BooleanField()
    rijen = serializers.IntegerField()
    aangemaakt = serializers.IntegerField()
    bijgewerkt = serializers.IntegerField()
    ongewijzigd = serializers.IntegerField()


# --- results ---------------------------------------------------------------------------------


class ToetsmomentSerializer(serializers.ModelSerializer[Toetsmoment]):
    instrument = serializers.CharField(source="instrument.naam")
    soort = serializers.CharField(source="instrument.soort", help_text="toets or seo.")
    schaal = serializers.CharField(source="instrument.schaal")
    domeinen = serializers.SerializerMethodField(help_text="Domain codes a row may carry.")

    class Meta:
        model = Toetsmoment
        fields = ["id", "naam", "datum", "instrument", "soort", "schaal", "domeinen", "updated_at"]
        read_only_fields = fields

    def get_domeinen(self, obj: Toetsmoment) -> list[str]:
        return [d.code for d in obj.instrument.domeinen.all()]


class ResultaatRijSerializer(serializers.Serializer[Any]):
    leerling = Tekst(
        max_length=100,
        validators=[NIET_LEEG],
        help_text="The pupil's sourcedId (external id of this client's bron).",
    )
    waarden = serializers.DictField(
        child=Tekst(max_length=20, allow_blank=True),
        help_text='Value per domain code of the instrument, e.g. {"TL": "III", "BL": "IV"}.',
    )


class ResultatenBatchSerializer(serializers.Serializer[Any]):
    toetsmoment = Geheel(
        min_value=1, max_value=2**62, help_text="Id of the toetsmoment (GET toetsmomenten)."
    )
    alleen_geldige = JaNee(
        default=False,
        help_text="Import the valid rows and report the rest; by default one bad row saves "
        "nothing.",
    )
    rijen = serializers.ListField(
        child=ResultaatRijSerializer(), min_length=1, max_length=MAX_RESULTAAT_RIJEN
    )


class RijFoutSerializer(serializers.Serializer[Any]):
    index = serializers.IntegerField(allow_null=True, help_text="0-based row in rijen.")
    veld = serializers.CharField()
    reden = serializers.CharField()


class ResultatenAntwoordSerializer(UpsertAntwoordSerializer):
    verwijderd = serializers.IntegerField()
    overgeslagen_rijen = serializers.IntegerField()
    fouten = RijFoutSerializer(many=True)


# --- care data out (care:read) --------------------------------------------------------------


class PeriodeSerializer(serializers.ModelSerializer[Periode]):
    schooljaar = serializers.CharField(source="schooljaar.naam")

    class Meta:
        model = Periode
        fields = ["id", "naam", "schooljaar", "startdatum", "einddatum", "updated_at"]
        read_only_fields = fields


class GroepRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    naam = serializers.CharField()


class LeerlingRefSerializer(serializers.Serializer[Any]):
    uuid = serializers.UUIDField()
    naam = serializers.CharField(source="volledige_naam")


class SignaleringOutSerializer(serializers.Serializer[Any]):
    leerling = serializers.UUIDField(source="regel.leerling.uuid")
    reden = serializers.CharField()
    uitleg = serializers.CharField()
    status = serializers.CharField()
    proactief = serializers.BooleanField()


class GroepsoverzichtSerializer(serializers.ModelSerializer[Groepsoverzicht]):
    groep = GroepRefSerializer()
    periode = GroepRefSerializer()
    lesgroep = serializers.CharField(source="lesgroep.naam", allow_null=True, default=None)
    signaleringen = serializers.SerializerMethodField()

    class Meta:
        model = Groepsoverzicht
        fields = [
            "id",
            "groep",
            "periode",
            "cyclus",
            "lesgroep",
            "aandachtspunten_groep",
            "signaleringen",
            "updated_at",
        ]
        read_only_fields = fields

    def get_signaleringen(self, obj: Groepsoverzicht) -> list[dict[str, Any]]:
        return [
            SignaleringOutSerializer(s).data
            for regel in obj.regels.all()
            for s in regel.signaleringen.all()
        ]


class OnderwijsbehoefteSerializer(serializers.ModelSerializer[Onderwijsbehoefte]):
    leerling = LeerlingRefSerializer(source="regel.leerling")
    groepsoverzicht = serializers.IntegerField(source="regel.groepsoverzicht_id")
    groep = GroepRefSerializer(source="regel.groepsoverzicht.groep")
    periode = GroepRefSerializer(source="regel.groepsoverzicht.periode")
    domein = serializers.CharField(source="domein.code", allow_null=True, default=None)
    is_compleet = serializers.BooleanField(help_text="False while the need has no goal.")

    class Meta:
        model = Onderwijsbehoefte
        fields = [
            "id",
            "leerling",
            "groepsoverzicht",
            "groep",
            "periode",
            "soort",
            "domein",
            "doel",
            "behoefte",
            "is_compleet",
            "updated_at",
        ]
        read_only_fields = fields


class DoelevaluatieSerializer(serializers.Serializer[Any]):
    leerling = serializers.UUIDField(
        source="leerling.uuid", allow_null=True, default=None, help_text="Empty: the group."
    )
    resultaat = serializers.CharField()
    toelichting = serializers.CharField()
    vervolg = serializers.CharField()


class PlandoelSerializer(serializers.Serializer[Any]):
    tekst = serializers.CharField()
    evaluaties = DoelevaluatieSerializer(many=True)


class PlangroepSerializer(serializers.Serializer[Any]):
    naam = serializers.CharField()
    soort = serializers.CharField(help_text="basisgroep, subgroep or individueel.")
    deel = serializers.CharField()
    inhoud = serializers.CharField()
    aanpak = serializers.CharField()
    organisatie = serializers.CharField()
    evaluatie = serializers.CharField()
    leerlingen = serializers.SerializerMethodField()
    doelen = PlandoelSerializer(many=True)

    def get_leerlingen(self, obj: Any) -> list[str]:
        return [str(lid.leerling.uuid) for lid in obj.leden.all()]


class GroepsplanSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    groepsoverzicht = serializers.IntegerField(source="groepsoverzicht_id")
    groep = GroepRefSerializer(source="groepsoverzicht.groep")
    periode = GroepRefSerializer(source="groepsoverzicht.periode")
    format = serializers.CharField()
    status = serializers.CharField()
    startdatum = serializers.DateField()
    einddatum = serializers.DateField()
    tussenevaluatie = serializers.DateField(allow_null=True)
    eindevaluatie = serializers.CharField()
    plangroepen = PlangroepSerializer(many=True)
    updated_at = serializers.DateTimeField()


class BesprekingSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    soort = serializers.CharField(help_text="groep (groepsbespreking) or vak (vakspecifiek).")
    groep = GroepRefSerializer()
    groepsoverzicht = serializers.IntegerField(source="groepsoverzicht_id", allow_null=True)
    datum = serializers.DateField()
    onderwerp = serializers.CharField()
    status = serializers.CharField()
    samenvatting = serializers.CharField()
    afgesloten_op = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()
