"""/gezond/: the health check for load balancers and monitoring (zorgroute.health).

zorgroute.health.HealthCheckMiddleware answers this URL before the request transaction
opens; this view is what the URL resolves to, for a stack without that middleware."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse

from ..health import health_response


def gezond(request: HttpRequest) -> JsonResponse:
    """{"status": "ok"|"fout", "database": …, "broker": …}: 200 when all is well, else 503."""
    return health_response()
