"""The API endpoints under /api/v1/<school>/. Thin: serializers validate, services write,
querysets come from the tenant's scoped managers (and RLS) only."""

from __future__ import annotations

from typing import Any

from django.db.models import F, FilteredRelation, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from besprekingen.models import Bespreking
from groepsoverzicht.imports import ImportResultaat, Rij, resultaten_importeren
from groepsoverzicht.models import (
    Domein,
    Groepsoverzicht,
    Onderwijsbehoefte,
    ResultaatBron,
    Signalering,
    Toetsmoment,
)
from groepsplan.models import Doelevaluatie, Groepsplan, Plandoel, Plangroep, Plangroeplid
from zorgroute.audit import write_access_events
from zorgroute.models import ApiScope, Leerling, Periode

from . import feed
from . import serializers as s
from .base import ApiView, Pagination, PreconditionRequired
from .filters import ListFilter, Ordering
from .idempotency import KEY_PATTERN, idempotent
from .services import leerling_update, leerlingen_upserten

IDEMPOTENCY_PARAM = OpenApiParameter(
    "Idempotency-Key",
    {"type": "string", "pattern": KEY_PATTERN},
    OpenApiParameter.HEADER,
    required=False,
    description="Any unique string per batch (max 200). A retry with the same key and body "
    "returns the first answer and changes nothing.",
)


class ListView(ApiView, generics.ListAPIView):
    pagination_class = Pagination
    filter_backends = [ListFilter, Ordering]
    filter_fields: dict[str, str] = {}
    updated_field = "updated_at"
    ordering_fields = ["id", "updated_at"]
    ordering = ["id"]


def _problem(status: int, title: str, detail: str, **extra: Any) -> tuple[int, dict[str, Any]]:
    return status, {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        **extra,
    }


def _rows_invalid(fouten: list[dict[str, Any]]) -> tuple[int, dict[str, Any]]:
    return _problem(
        422,
        "Ongeldige rijen",
        f"{len(fouten)} fout(en) gevonden; er is niets opgeslagen.",
        opgeslagen=False,
        fouten=fouten,
    )


def log_api_inzage(view: ApiView, leerling_ids: set[int]) -> None:
    """Reads of pupils' care data through the API are in the pupils' access log, on
    behalf of the client (the beheerder who created it answers for it)."""
    if not leerling_ids:
        return
    client = view.client
    write_access_events(
        school_id=client.school_id,
        gebruiker_id=client.aangemaakt_door_id,
        leerling_ids=leerling_ids,
        pagina=f"api-{view.request.resolver_match.url_name}"
        if view.request.resolver_match
        else "api",
        pad=view.request.path,
        namens=f"API-client {client.naam}",
    )


# --- roster: leerlingen (roster:write) -----------------------------------------------------


def _leerlingen(view: ApiView) -> QuerySet[Leerling]:
    return Leerling.objects.annotate(
        _extern=FilteredRelation("externe_ids", condition=Q(externe_ids__bron=view.client.bron)),
        extern_sleutel=F("_extern__extern_id"),
    )


@extend_schema(tags=["rooster"])
class LeerlingListView(ListView):
    """Pupils (OneRoster users with role student) of the school."""

    required_scope = ApiScope.ROSTER_WRITE
    serializer_class = s.LeerlingSerializer
    ordering_fields = ["id", "achternaam", "updated_at"]

    def get_queryset(self) -> QuerySet[Leerling]:
        return _leerlingen(self)

    @extend_schema(
        summary="Upsert pupils by sourcedId",
        description="Creates or updates up to 1,000 pupils, keyed by the client's sourcedId "
        "(OneRoster users). All or nothing: one invalid row saves nothing and the problem "
        "lists every bad row (index, veld, reden). An unchanged pupil is not saved again.",
        request=s.LeerlingenBatchSerializer,
        parameters=[IDEMPOTENCY_PARAM],
        responses={
            200: s.UpsertAntwoordSerializer,
            422: OpenApiResponse(s.ProblemSerializer, description="Invalid rows, nothing saved."),
        },
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return idempotent(request, self.client, lambda: self._upsert(request.data))

    def _upsert(self, data: Any) -> tuple[int, dict[str, Any]]:
        rijen_in = data.get("leerlingen") if isinstance(data, dict) else None
        if not isinstance(rijen_in, list) or not rijen_in:
            raise exceptions.ValidationError({"leerlingen": ["Stuur een lijst met leerlingen."]})
        if len(rijen_in) > s.MAX_LEERLING_RIJEN:
            raise exceptions.ValidationError(
                {"leerlingen": [f"Maximaal {s.MAX_LEERLING_RIJEN} leerlingen per verzoek."]}
            )
        fouten: list[dict[str, Any]] = []
        rijen: list[tuple[int, str, dict[str, Any]]] = []
        for index, rij in enumerate(rijen_in):
            serializer = s.LeerlingInSerializer(data=rij)
            if not serializer.is_valid():
                fouten += _row_errors(index, serializer.errors)
                continue
            rijen.append(
                (index, serializer.validated_data["sourcedId"], serializer.service_waarden())
            )
        if fouten:
            return _rows_invalid(fouten)
        result = leerlingen_upserten(school=self.school, bron=self.client.bron, rijen=rijen)
        if not result.opgeslagen:
            return _rows_invalid([f.as_dict() for f in result.fouten])
        return 200, {
            "opgeslagen": True,
            "rijen": result.rijen,
            "aangemaakt": result.aangemaakt,
            "bijgewerkt": result.bijgewerkt,
            "ongewijzigd": result.ongewijzigd,
        }


def _row_errors(index: int, errors: Any) -> list[dict[str, Any]]:
    if not isinstance(errors, dict):
        return [{"index": index, "veld": "", "reden": "Een rij is een object."}]
    return [
        {"index": index, "veld": veld, "reden": " ".join(str(r) for r in redenen)}
        for veld, redenen in errors.items()
    ]


@extend_schema(tags=["rooster"])
class LeerlingDetailView(ApiView, generics.GenericAPIView):
    """One pupil by sourcedId. GET returns an ETag; PUT needs it in If-Match."""

    required_scope = ApiScope.ROSTER_WRITE
    serializer_class = s.LeerlingSerializer

    def get_object(self) -> Leerling:
        sourced_id = self.kwargs["sourced_id"]
        if "\x00" in sourced_id:  # PostgreSQL cannot even compare it: no such pupil
            raise exceptions.NotFound
        return get_object_or_404(_leerlingen(self), extern_sleutel=sourced_id)

    @staticmethod
    def _etag(leerling: Leerling) -> str:
        return f'"{leerling.versie}"'

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        leerling = self.get_object()
        return Response(s.LeerlingSerializer(leerling).data, headers={"ETag": self._etag(leerling)})

    @extend_schema(
        request=s.LeerlingVeldenSerializer,
        parameters=[
            OpenApiParameter(
                "If-Match",
                {"type": "string", "minLength": 1, "pattern": "\\S"},
                OpenApiParameter.HEADER,
                required=True,
                description="The ETag of the pupil as last read (or * for any version).",
            )
        ],
        responses={
            200: s.LeerlingSerializer,
            412: OpenApiResponse(s.ProblemSerializer, description="Stale ETag."),
            428: OpenApiResponse(s.ProblemSerializer, description="If-Match missing."),
        },
    )
    def put(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        leerling = self.get_object()
        if_match = request.headers.get("If-Match", "").strip()
        if not if_match:
            raise PreconditionRequired
        # Invalid input is a 400 whatever the ETag; only a valid change can be stale (412).
        serializer = s.LeerlingVeldenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # "*" matches any current version (RFC 9110); otherwise the ETag must be current.
        version = None if if_match == "*" else if_match.removeprefix("W/").strip('"')
        # A stale version raises StaleVersion, which the problem handler answers with 412.
        saved = leerling_update(
            leerling=leerling, version=version, waarden=serializer.service_waarden()
        )
        saved.extern_sleutel = self.kwargs["sourced_id"]  # type: ignore[attr-defined]
        return Response(s.LeerlingSerializer(saved).data, headers={"ETag": self._etag(saved)})


# --- results (results:write) ---------------------------------------------------------------


@extend_schema(tags=["resultaten"])
class ToetsmomentListView(ListView):
    """Test moments (toetsmomenten) results can be sent for, with the domain codes."""

    required_scope = ApiScope.RESULTS_WRITE
    serializer_class = s.ToetsmomentSerializer
    ordering_fields = ["id", "datum", "updated_at"]

    def get_queryset(self) -> QuerySet[Toetsmoment]:
        return Toetsmoment.objects.select_related("instrument").prefetch_related(
            Prefetch("instrument__domeinen", queryset=Domein.objects.order_by("volgorde", "code"))
        )


@extend_schema(tags=["resultaten"])
class ResultatenView(ApiView):
    """Bulk test and SEO results (one row per pupil, values per domain code)."""

    required_scope = ApiScope.RESULTS_WRITE

    @extend_schema(
        summary="Import test or SEO results in bulk",
        description="Up to 10,000 rows, one pupil each, through the same import service as "
        "the CSV/XLSX upload of the UI. Values are upserted on pupil + domain + toetsmoment; "
        "a replay changes nothing (not even updated_at). All or nothing unless "
        "alleen_geldige is true; every bad row is listed with index, veld and reden.",
        request=s.ResultatenBatchSerializer,
        parameters=[IDEMPOTENCY_PARAM],
        responses={
            200: s.ResultatenAntwoordSerializer,
            422: OpenApiResponse(s.ProblemSerializer, description="Invalid rows, nothing saved."),
        },
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return idempotent(request, self.client, lambda: self._import(request.data))

    def _import(self, data: Any) -> tuple[int, dict[str, Any]]:
        if not isinstance(data, dict):
            raise exceptions.ValidationError({"rijen": ["Stuur een object met rijen."]})
        kop = s.ResultatenBatchSerializer(data={k: v for k, v in data.items() if k != "rijen"})
        kop.fields["rijen"].required = False
        kop.is_valid(raise_exception=True)
        rijen_in = data.get("rijen")
        if not isinstance(rijen_in, list) or not rijen_in:
            raise exceptions.ValidationError({"rijen": ["Stuur minstens één rij."]})
        if len(rijen_in) > s.MAX_RESULTAAT_RIJEN:
            raise exceptions.ValidationError(
                {"rijen": [f"Maximaal {s.MAX_RESULTAAT_RIJEN} rijen per verzoek."]}
            )
        toetsmoment = (
            Toetsmoment.objects.select_related("instrument")
            .filter(pk=kop.validated_data["toetsmoment"])
            .first()
        )
        if toetsmoment is None:
            return _problem(
                422,
                "Onbekend toetsmoment",
                "Dit toetsmoment bestaat niet bij deze school; zie GET toetsmomenten.",
                opgeslagen=False,
                fouten=[{"index": None, "veld": "toetsmoment", "reden": "bestaat niet"}],
            )
        alleen_geldige = kop.validated_data["alleen_geldige"]
        rijen, fouten = _parse_rijen(rijen_in)
        if fouten and not alleen_geldige:
            return _rows_invalid(fouten)
        result = resultaten_importeren(
            school=self.school,
            toetsmoment=toetsmoment,
            rijen=rijen,
            bron=ResultaatBron.API,
            user=None,
            alleen_geldige=alleen_geldige,
            extern_bron=self.client.bron,
        )
        fouten += _import_fouten(result, rijen)
        fouten.sort(key=lambda f: (f["index"] is None, f["index"] or 0, f["veld"]))
        if not result.opgeslagen:
            return _rows_invalid(fouten)
        return 200, {
            "opgeslagen": True,
            "rijen": len(rijen_in),
            "aangemaakt": result.aangemaakt,
            "bijgewerkt": result.bijgewerkt,
            "ongewijzigd": result.ongewijzigd,
            "verwijderd": result.verwijderd,
            "overgeslagen_rijen": result.overgeslagen_rijen + len(rijen_in) - len(rijen),
            "fouten": fouten,
        }


def _parse_rijen(rijen_in: list[Any]) -> tuple[list[Rij], list[dict[str, Any]]]:
    """Shape checks per row, by hand: a serializer per row costs more than the import."""
    rijen: list[Rij] = []
    fouten: list[dict[str, Any]] = []
    for index, rij in enumerate(rijen_in):
        if not isinstance(rij, dict):
            fouten.append({"index": index, "veld": "", "reden": "Een rij is een object."})
            continue
        leerling, waarden = rij.get("leerling"), rij.get("waarden")
        if not isinstance(leerling, str) or not leerling.strip() or len(leerling) > 100:
            fouten.append(
                {
                    "index": index,
                    "veld": "leerling",
                    "reden": "Vul de sourcedId van de leerling in.",
                }
            )
            continue
        if not isinstance(waarden, dict):
            fouten.append(
                {"index": index, "veld": "waarden", "reden": "Een object: domeincode → waarde."}
            )
            continue
        if "\x00" in leerling:
            fouten.append({"index": index, "veld": "leerling", "reden": "Tekst zonder NUL-tekens."})
            continue
        schoon: dict[str, str] = {}
        for code, waarde in waarden.items():
            if not isinstance(waarde, str) or len(waarde) > 20 or "\x00" in waarde + code:
                fouten.append(
                    {
                        "index": index,
                        "veld": f"waarden.{code}",
                        "reden": "Een waarde is tekst (een JSON-string) van hoogstens 20 tekens.",
                    }
                )
                break
            schoon[str(code)] = waarde
        else:
            rijen.append(Rij(nummer=index, leerling=leerling.strip(), waarden=schoon))
    return rijen, fouten


def _import_fouten(result: ImportResultaat, rijen: list[Rij]) -> list[dict[str, Any]]:
    fouten: list[dict[str, Any]] = []
    for fout in result.fouten:
        if fout.rij is None:  # an unknown column: name every row that has it
            for rij in rijen:
                if fout.kolom in rij.waarden:
                    fouten.append(
                        {"index": rij.nummer, "veld": f"waarden.{fout.kolom}", "reden": fout.reden}
                    )
            continue
        veld = (
            "leerling" if fout.kolom in ("leerling", "leerlingnummer") else f"waarden.{fout.kolom}"
        )
        fouten.append({"index": fout.rij, "veld": veld, "reden": fout.reden})
    return fouten


# --- care data out (care:read) -------------------------------------------------------------
#
# Need-to-know for a client: the class-level care documents of its own school (what the
# zorgcoördinator sees school-wide), never IZO/ZAT content, never the privacy-sensitive
# columns of the overview (bijzonderheden, gesprekken), bilateral meetings excluded.


@extend_schema(tags=["zorg"])
class PeriodeListView(ListView):
    """Periodes (HGW cycles), to filter the care lists by."""

    required_scope = ApiScope.CARE_READ
    serializer_class = s.PeriodeSerializer
    ordering_fields = ["id", "startdatum", "updated_at"]

    def get_queryset(self) -> QuerySet[Periode]:
        return Periode.objects.select_related("schooljaar")


@extend_schema(tags=["zorg"])
class GroepsoverzichtListView(ListView):
    """Groepsoverzichten (HGW steps 1–2) with the confirmed and proposed signals."""

    required_scope = ApiScope.CARE_READ
    serializer_class = s.GroepsoverzichtSerializer
    filter_fields = {"groep": "groep_id", "periode": "periode_id"}

    def get_queryset(self) -> QuerySet[Groepsoverzicht]:
        return Groepsoverzicht.objects.select_related(
            "groep", "periode", "lesgroep"
        ).prefetch_related(
            "regels",
            Prefetch(
                "regels__signaleringen",
                queryset=Signalering.objects.select_related("regel__leerling").order_by("pk"),
            ),
        )


@extend_schema(tags=["zorg"])
class OnderwijsbehoefteListView(ListView):
    """Onderwijsbehoeften (HGW step 3): goal and what the pupil needs."""

    required_scope = ApiScope.CARE_READ
    serializer_class = s.OnderwijsbehoefteSerializer
    filter_fields = {
        "groep": "regel__groepsoverzicht__groep_id",
        "periode": "regel__groepsoverzicht__periode_id",
    }

    def get_queryset(self) -> QuerySet[Onderwijsbehoefte]:
        return Onderwijsbehoefte.objects.select_related(
            "regel__leerling",
            "regel__groepsoverzicht__groep",
            "regel__groepsoverzicht__periode",
            "domein",
        )

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        if page is not None:
            log_api_inzage(self, {b.regel.leerling_id for b in page})
        return page


@extend_schema(tags=["zorg"])
class GroepsplanListView(ListView):
    """Groepsplannen (HGW steps 4–6) with plangroepen, goals and their evaluations."""

    required_scope = ApiScope.CARE_READ
    serializer_class = s.GroepsplanSerializer
    filter_fields = {"groep": "groepsoverzicht__groep_id", "periode": "groepsoverzicht__periode_id"}

    def get_queryset(self) -> QuerySet[Groepsplan]:
        return Groepsplan.objects.select_related(
            "groepsoverzicht__groep", "groepsoverzicht__periode"
        ).prefetch_related(
            Prefetch("plangroepen", queryset=Plangroep.objects.order_by("deel", "volgorde", "pk")),
            Prefetch(
                "plangroepen__leden",
                queryset=Plangroeplid.objects.select_related("leerling").order_by("pk"),
            ),
            Prefetch("plangroepen__doelen", queryset=Plandoel.objects.order_by("volgorde", "pk")),
            Prefetch(
                "plangroepen__doelen__evaluaties",
                queryset=Doelevaluatie.objects.select_related("leerling").order_by("pk"),
            ),
        )

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        if page is not None:
            log_api_inzage(
                self,
                {
                    lid.leerling_id
                    for plan in page
                    for groep in plan.plangroepen.all()
                    for lid in groep.leden.all()
                },
            )
        return page


@extend_schema(tags=["zorg"])
class BesprekingListView(ListView):
    """Closed groepsbesprekingen and vakspecifieke besprekingen: their summaries."""

    required_scope = ApiScope.CARE_READ
    serializer_class = s.BesprekingSerializer
    filter_fields = {"groep": "groep_id", "periode": "groepsoverzicht__periode_id"}
    ordering_fields = ["id", "datum", "updated_at"]

    def get_queryset(self) -> QuerySet[Bespreking]:
        return feed.besprekingen().select_related("groep")


# --- change feed (care:read): the logic is api.feed ----------------------------------------


class UnknownCursor(exceptions.APIException):
    """Well-formed but not a cursor this API gave out: 422, like other unknown references."""

    status_code = 422
    default_detail = "Onbekende cursor (since): gebruik de waarde volgende uit een eerder antwoord."


class WijzigingSerializer(serializers.Serializer[Any]):
    soort = serializers.ChoiceField(choices=feed.SOORTEN)
    id = serializers.IntegerField()
    actie = serializers.ChoiceField(
        choices=feed.ACTIES,
        help_text="gewijzigd: created or changed (fetch it from its list); verwijderd: "
        "deleted, or no longer shown to API clients (forget it).",
    )
    updated_at = serializers.DateTimeField(
        help_text="When it was created or changed; for verwijderd, when it was deleted."
    )


class WijzigingenSerializer(serializers.Serializer[Any]):
    wijzigingen = WijzigingSerializer(many=True)
    volgende = serializers.CharField(help_text="Cursor for the next call (since=…).")
    meer = serializers.BooleanField(help_text="True when more changes are waiting now.")


@extend_schema(tags=["zorg"])
class WijzigingenView(ApiView):
    """Change feed (wijzigingenfeed) of the care data, oldest first."""

    required_scope = ApiScope.CARE_READ

    @extend_schema(
        summary="What changed since a cursor",
        description="Created, changed and deleted groepsoverzichten, onderwijsbehoeften, "
        "groepsplannen and besprekingen, oldest first (deletions interleave by the moment "
        "of deletion). Each item has actie gewijzigd (fetch the object from its list, "
        "updated_since) or verwijderd (it is gone: forget it; an id you never saw can be "
        "ignored). An object is reported once per change; a bespreking only when it is a "
        "closed groepsbespreking or vakspecifieke bespreking. Start without since; pass the "
        "returned volgende as since next time. Changes of the last few seconds are held back "
        "until they are settled. Webhooks push the same items.",
        parameters=[
            OpenApiParameter(
                "since",
                {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,200}$"},
                required=False,
                description="Cursor from an earlier answer (volgende).",
            ),
            OpenApiParameter(
                "limit",
                {"type": "integer", "minimum": 1, "maximum": feed.MAX_LIMIT},
                required=False,
                description="At most this many changes (default 100).",
            ),
        ],
        responses={
            200: WijzigingenSerializer,
            422: OpenApiResponse(s.ProblemSerializer, description="Unknown cursor."),
        },
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        raw_limit = request.query_params.get("limit", "100")
        if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= feed.MAX_LIMIT:
            raise exceptions.ValidationError({"limit": [f"Een getal van 1 tot {feed.MAX_LIMIT}."]})
        try:
            pagina = feed.wijzigingen(
                school_id=self.school.pk,
                since=request.query_params.get("since"),
                limit=int(raw_limit),
            )
        except feed.OnbekendeCursor as exc:
            raise UnknownCursor from exc
        return Response(
            {
                "wijzigingen": [w.as_dict() for w in pagina.wijzigingen],
                "volgende": pagina.volgende,
                "meer": pagina.meer,
            }
        )
