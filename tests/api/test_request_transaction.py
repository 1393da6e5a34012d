"""An API view that raises after writing leaves nothing behind: DRF turns the exception into
a problem response inside the view, so its exception handler marks the request for rollback.
A 4xx the view returns itself keeps its writes. (See tests/zorgroute/test_request_transaction.py
for the pages; this module is the URLconf of its test-only view.)"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import path
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import ApiView
from tests.world import SchoolWorld
from zorgroute import models as m
from zorgroute.urls import urlpatterns as project_urlpatterns

from .conftest import Api

PROEF_AFKORTING = "PRF"


class SchrijfDanFoutApiView(ApiView):
    required_scope = m.ApiScope.ROSTER_WRITE

    def post(self, request: Request, school: str, fout: str) -> Response:
        m.Vak.objects.create(school=self.school, naam="Proefvak", afkorting=PROEF_AFKORTING)
        if fout == "404":
            raise exceptions.NotFound
        if fout == "422":
            raise exceptions.ValidationError({"veld": ["proef"]})
        return Response({"proef": fout}, status=409 if fout == "409-terug" else 200)


urlpatterns = [
    path("api/v1/<slug:school>/proef/<str:fout>/", SchrijfDanFoutApiView.as_view()),
    *project_urlpatterns,
]

pytestmark = pytest.mark.urls(__name__)


@pytest.mark.parametrize(
    ("fout", "status", "bewaard"),
    [("404", 404, False), ("422", 400, False), ("409-terug", 409, True), ("goed", 200, True)],
)
def test_api_view_raising_after_a_write_rolls_back(  # type: ignore[no-untyped-def]
    fout: str,
    status: int,
    bewaard: bool,
    client: Client,
    school_a: SchoolWorld,
    make_client: Any,
    in_school,
) -> None:
    _obj, token = make_client(school_a)
    response = Api(client, token, school_a.school.slug).post(f"proef/{fout}/", {})
    assert response.status_code == status
    with in_school(school_a.school):
        assert m.Vak.objects.filter(afkorting=PROEF_AFKORTING).exists() is bewaard
