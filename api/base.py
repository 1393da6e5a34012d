"""What every API view shares: the client from the middleware, scope check, rate limit,
pagination and errors as `application/problem+json` (RFC 9457).

Authentication itself happens in `zorgroute.tenancy.middleware.TenantMiddleware` before the
view runs (it needs the client to pick the tenant); the DRF classes here only hand the
client the middleware found to DRF.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions, pagination, permissions, throttling
from rest_framework.authentication import BaseAuthentication
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zorgroute.models import ApiClient, School
from zorgroute.tenancy.api_auth import PROBLEM_TYPE
from zorgroute.tenancy.middleware import mark_for_rollback
from zorgroute.versioning import StaleVersion

logger = logging.getLogger(__name__)


def api_client_of(request: Any) -> ApiClient:
    client = getattr(request, "api_client", None) or getattr(
        getattr(request, "_request", None), "api_client", None
    )
    if not isinstance(client, ApiClient):
        raise exceptions.NotAuthenticated
    return client


class ApiClientAuthentication(BaseAuthentication):
    """Hands DRF the client that TenantMiddleware authenticated (bearer token)."""

    def authenticate(self, request: Request) -> tuple[AnonymousUser, ApiClient] | None:
        client = getattr(request._request, "api_client", None)
        if client is None:
            return None
        return AnonymousUser(), client

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="zorgroute"'


class ApiClientAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "api.base.ApiClientAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "API key of an API client (API-client), created by the school's beheerder: "
                "`Authorization: Bearer zr_<key id>_<secret>`."
            ),
        }


class HasScope(permissions.BasePermission):
    """Defence in depth: the middleware already refused a client without the scope."""

    def has_permission(self, request: Request, view: Any) -> bool:
        client = request.auth
        return isinstance(client, ApiClient) and client.has_scope(view.required_scope)


class ClientRateThrottle(throttling.SimpleRateThrottle):
    """Per client, `ApiClient.max_per_minuut` requests a minute (429 with Retry-After)."""

    scope = "api-client"

    def get_rate(self) -> str:
        return "600/min"  # replaced per client in allow_request

    def allow_request(self, request: Request, view: Any) -> bool:
        client = request.auth
        if not isinstance(client, ApiClient):
            return True
        self.num_requests, self.duration = client.max_per_minuut, 60
        try:
            return super().allow_request(request, view)
        except Exception:  # the cache is down: a rate limit is not worth refusing service
            logger.warning("API rate limit skipped: cache unavailable", exc_info=True)
            return True

    def get_cache_key(self, request: Request, view: Any) -> str:
        client = request.auth
        assert isinstance(client, ApiClient)
        return f"api-throttle:{client.key_id}"


ClientRateThrottle.cache = caches["api"]


class Pagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request: Request) -> int:
        """A page_size that is not a number from 1 to 500 is a 400, not silently 50."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise exceptions.ValidationError(
                {self.page_size_query_param: [f"Een getal van 1 tot {self.max_page_size}."]}
            )
        return int(raw)

    def get_page_number(self, request: Request, paginator: Any) -> Any:
        """An empty or non-numeric page is a 400 (DRF would quietly serve page 1)."""
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and not (raw.isascii() and raw.isdigit()):
            raise exceptions.ValidationError(
                {self.page_query_param: ["Een paginanummer: een geheel getal vanaf 1."]}
            )
        return super().get_page_number(request, paginator)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        params = super().get_schema_operation_parameters(view)
        for param in params:
            if param["name"] == self.page_size_query_param:
                param["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
            elif param["name"] == self.page_query_param:
                param["schema"] = {"type": "integer", "minimum": 1}
        return params


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every DRF error as one problem document: title, status, detail and, for invalid
    input, `fouten` (field and reason each).

    DRF answers the exception inside the view, so the request middleware never sees it:
    mark the request for rollback here, as for a page that raises after writing."""
    if context.get("request") is not None:
        mark_for_rollback(context["request"])
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Dit object bestaat niet (of hoort bij een andere school).")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, StaleVersion):
        exc = PreconditionFailed()
    if not isinstance(exc, exceptions.APIException):
        return None
    headers: dict[str, str] = {}
    wait = getattr(exc, "wait", None)
    if isinstance(exc, exceptions.Throttled) and wait is not None:
        headers["Retry-After"] = str(max(1, int(wait)))
    body: dict[str, Any] = {"type": "about:blank", "status": exc.status_code}
    if isinstance(exc, exceptions.ValidationError):
        body["title"] = "Ongeldige invoer"
        body["detail"] = "Een of meer velden zijn ongeldig; zie fouten."
        body["fouten"] = list(_flatten(exc.detail))
    else:
        body["title"] = _TITLES.get(exc.status_code, "Fout")
        body["detail"] = str(exc.detail)
    return Response(body, status=exc.status_code, headers=headers, content_type=PROBLEM_TYPE)


_TITLES = {
    400: "Ongeldig verzoek",
    401: "Niet geauthenticeerd",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Niet aanvaardbaar",
    409: "Conflict",
    412: "Verouderde versie",
    413: "Te groot",
    415: "Mediatype niet ondersteund",
    422: "Niet verwerkbaar",
    428: "If-Match ontbreekt",
    429: "Te veel verzoeken",
}


def _flatten(detail: Any, prefix: str = "") -> Any:
    if isinstance(detail, dict):
        for key, value in detail.items():
            yield from _flatten(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(detail, list):
        if all(not isinstance(d, dict | list) for d in detail):
            for item in detail:
                yield {"veld": prefix or "non_field_errors", "reden": str(item)}
        else:
            for index, item in enumerate(detail):
                yield from _flatten(item, f"{prefix}[{index}]")
    else:
        yield {"veld": prefix or "non_field_errors", "reden": str(detail)}


class PreconditionFailed(exceptions.APIException):
    status_code = 412
    default_detail = (
        "Iemand anders heeft dit object intussen gewijzigd (de ETag klopt niet meer). Haal het "
        "opnieuw op en stuur de wijziging met de nieuwe ETag in If-Match."
    )


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = "Stuur de ETag van het object mee in de kop If-Match."


class ApiView(APIView):
    """Base of every API view. Declares `required_scope` (checked by TenantMiddleware)."""

    required_scope: str = ""
    authentication_classes = [ApiClientAuthentication]
    permission_classes = [HasScope]
    throttle_classes = [ClientRateThrottle]
    parser_classes = [JSONParser]
    renderer_classes = [JSONRenderer]

    def get_exception_handler(self) -> Any:
        return problem_exception_handler

    @property
    def client(self) -> ApiClient:
        return api_client_of(self.request)

    @property
    def school(self) -> School:
        school = getattr(self.request._request, "api_school", None)
        if not isinstance(school, School):
            raise exceptions.NotAuthenticated
        return school
