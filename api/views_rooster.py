"""Roster endpoints (roster:write) other than leerlingen: schooljaren, vakken, groepen,
lesgroepen, medewerkers and plaatsingen. Each is a list (GET, with the client's sourcedId)
and a batch upsert (POST {<naam>: [rows]}) through `api.services_rooster`."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from zorgroute.models import ApiScope, Groep, Lesgroep, Medewerker, Plaatsing, Schooljaar, Vak

from . import serializers_rooster as r
from .idempotency import idempotent
from .models import RoosterSoort
from .serializers import ProblemSerializer
from .services_rooster import RoosterRij, rooster_upserten, sourced_id_van
from .views import IDEMPOTENCY_PARAM, ListView, _row_errors, _rows_invalid


class RoosterView(ListView):
    """GET the kind's objects; POST upserts up to 1,000 of them by sourcedId."""

    required_scope = ApiScope.ROSTER_WRITE
    soort: RoosterSoort
    batch_naam: str
    rij_serializer: type[serializers.Serializer[Any]]
    model: type[Model]
    select: tuple[str, ...] = ()

    def get_queryset(self) -> QuerySet[Any]:
        return self.base_queryset().annotate(
            extern_sleutel=sourced_id_van(self.client.bron, self.soort, self.model)
        )

    def base_queryset(self) -> QuerySet[Any]:
        return self.model._default_manager.select_related(*self.select)

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return idempotent(request, self.client, lambda: self._upsert(request.data))

    def _upsert(self, data: Any) -> tuple[int, dict[str, Any]]:
        naam = self.batch_naam
        rijen_in = data.get(naam) if isinstance(data, dict) else None
        if not isinstance(rijen_in, list) or not rijen_in:
            raise exceptions.ValidationError({naam: [f"Stuur een lijst {naam}."]})
        if len(rijen_in) > r.MAX_ROOSTER_RIJEN:
            raise exceptions.ValidationError(
                {naam: [f"Maximaal {r.MAX_ROOSTER_RIJEN} rijen per verzoek."]}
            )
        fouten: list[dict[str, Any]] = []
        rijen: list[RoosterRij] = []
        for index, rij in enumerate(rijen_in):
            serializer = self.rij_serializer(data=rij)
            if not serializer.is_valid():
                fouten += _row_errors(index, serializer.errors)
                continue
            velden = dict(serializer.validated_data)
            rijen.append(RoosterRij(index, velden.pop("sourcedId"), velden))
        if fouten:
            return _rows_invalid(fouten)
        result = rooster_upserten(
            school=self.school, bron=self.client.bron, soort=self.soort, rijen=rijen
        )
        if not result.opgeslagen:
            return _rows_invalid(
                sorted(
                    (f.as_dict() for f in result.fouten),
                    key=lambda f: (f["index"] is None, f["index"] or 0, f["veld"]),
                )
            )
        return 200, {
            "opgeslagen": True,
            "rijen": result.rijen,
            "aangemaakt": result.aangemaakt,
            "bijgewerkt": result.bijgewerkt,
            "ongewijzigd": result.ongewijzigd,
            "overgeslagen": result.overgeslagen,
            "uitgenodigd": result.uitgenodigd,
        }


def _post_schema(naam: str, rij: type[serializers.Serializer[Any]], wat: str) -> Any:
    return extend_schema_view(
        post=extend_schema(
            summary=f"Upsert {wat} by sourcedId",
            description=f"Creates or updates up to {r.MAX_ROOSTER_RIJEN} {wat}, keyed by the "
            "client's sourcedId. References are sourcedIds sent earlier to their own "
            "endpoint. All or nothing: one invalid row saves nothing and the problem lists "
            "every bad row (index, veld, reden). An unchanged row is not saved again.",
            request=r.batch_serializer(naam, rij),
            parameters=[IDEMPOTENCY_PARAM],
            responses={
                200: r.RoosterAntwoordSerializer,
                422: OpenApiResponse(ProblemSerializer, description="Invalid rows, nothing saved."),
            },
        )
    )


@extend_schema(tags=["rooster"])
@_post_schema("schooljaren", r.SchooljaarInSerializer, "schooljaren")
class SchooljaarListView(RoosterView):
    """Schooljaren (OneRoster academicSessions of type schoolYear)."""

    soort, batch_naam, model = RoosterSoort.SCHOOLJAAR, "schooljaren", Schooljaar
    rij_serializer, serializer_class = r.SchooljaarInSerializer, r.SchooljaarSerializer
    ordering_fields = ["id", "startdatum", "updated_at"]


@extend_schema(tags=["rooster"])
@_post_schema("vakken", r.VakInSerializer, "vakken")
class VakListView(RoosterView):
    """Vakken (OneRoster courses)."""

    soort, batch_naam, model = RoosterSoort.VAK, "vakken", Vak
    rij_serializer, serializer_class = r.VakInSerializer, r.VakSerializer


@extend_schema(tags=["rooster"])
@_post_schema("groepen", r.GroepInSerializer, "groepen")
class GroepListView(RoosterView):
    """Groepen: classes (OneRoster classes of classType homeroom)."""

    soort, batch_naam, model = RoosterSoort.GROEP, "groepen", Groep
    rij_serializer, serializer_class = r.GroepInSerializer, r.GroepSerializer
    select = ("schooljaar", "afdeling")


@extend_schema(tags=["rooster"])
@_post_schema("lesgroepen", r.LesgroepInSerializer, "lesgroepen")
class LesgroepListView(RoosterView):
    """Lesgroepen (OneRoster classes of classType scheduled)."""

    soort, batch_naam, model = RoosterSoort.LESGROEP, "lesgroepen", Lesgroep
    rij_serializer, serializer_class = r.LesgroepInSerializer, r.LesgroepSerializer
    select = ("schooljaar", "vak", "groep")


@extend_schema(tags=["rooster"])
@_post_schema("medewerkers", r.MedewerkerInSerializer, "medewerkers")
class MedewerkerListView(RoosterView):
    """Medewerkers: the school's staff records, invited ones included (OneRoster users,
    role teacher). Only the school's own fields; never an account's."""

    soort, batch_naam, model = RoosterSoort.MEDEWERKER, "medewerkers", Medewerker
    rij_serializer, serializer_class = r.MedewerkerInSerializer, r.MedewerkerSerializer


@extend_schema(tags=["rooster"])
@_post_schema("plaatsingen", r.PlaatsingInSerializer, "plaatsingen (enrollments)")
class PlaatsingListView(RoosterView):
    """Plaatsingen (OneRoster enrollments). GET lists pupils' plaatsingen in groepen; POST
    also takes pupils in cluster lesgroepen, mentors of groepen and docenten of lesgroepen."""

    soort, batch_naam, model = RoosterSoort.PLAATSING, "plaatsingen", Plaatsing
    rij_serializer, serializer_class = r.PlaatsingInSerializer, r.PlaatsingSerializer
    select = ("leerling", "groep")
    ordering_fields = ["id", "startdatum", "updated_at"]
