"""Tenancy in the request cycle: app-role transaction, deny-by-default tenant resolution."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.cache import patch_cache_control
from django_scopes import scope

from .. import mfa
from ..models import Gebruiker, Lidmaatschap, School
from .api_auth import enter_api_school
from .context import TenantContext
from .db import app_role_transaction, enter_school, set_db_user
from .public import PUBLIC_URL_NAMES

Handler = Callable[[HttpRequest], HttpResponse]


#: Request attribute set when an exception escaped the view (see mark_for_rollback).
_ROLLBACK_ATTR = "_zorgroute_rollback"


def mark_for_rollback(request: HttpRequest) -> None:
    """Roll the request transaction back at its end, whatever the response becomes.

    Django turns Http404, PermissionDenied and SuspiciousOperation raised by a view into a
    4xx page before the outer middleware sees the exception, so the status alone cannot tell
    "raised after writing" from "answered 4xx on purpose". The transaction is not marked
    here: the error page (context processors) and the session save still run in it, and a
    transaction marked for rollback refuses every further query.
    """
    setattr(getattr(request, "_request", request), _ROLLBACK_ATTR, True)


class DatabaseRoleMiddleware:
    """Runs the whole request in one transaction as the application database role.

    Sessions, authentication, the view and its template rendering all happen inside it, so
    nothing in a request can read or write a tenant table without RLS. The transaction rolls
    back for a 5xx response and for every request whose view raised an exception (also when
    Django answers it with a 403, 404 or 400). A 4xx the view returns itself (a form error,
    a conflict, a failed login that axes records) commits.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with app_role_transaction():
            response = self.get_response(request)
            if response.status_code >= 500 or getattr(request, _ROLLBACK_ATTR, False):
                transaction.set_rollback(True)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        # Only public views get here: tenant views run inside TenantMiddleware.process_view,
        # which Django does not wrap with the exception hooks (_render_in_scope marks those).
        mark_for_rollback(request)


def required_permission(view_func: Callable[..., Any]) -> str | None:
    view_class = getattr(view_func, "view_class", None)
    cls = getattr(view_func, "cls", None)  # DRF viewsets and APIViews
    for holder in (view_func, view_class, cls):
        perm = getattr(holder, "required_permission", None)
        if perm:
            return str(perm)
    return None


def required_scope(view_func: Callable[..., Any]) -> str | None:
    """The API scope an API view declares (zorgroute.models.ApiScope)."""
    cls = getattr(view_func, "cls", None)
    perm = getattr(cls, "required_scope", None)
    return str(perm) if perm else None


def is_public(url_name: str | None) -> bool:
    return url_name in PUBLIC_URL_NAMES


def _render_in_scope(
    request: HttpRequest,
    view_func: Callable[..., HttpResponse],
    view_args: tuple[Any, ...],
    view_kwargs: dict[str, Any],
) -> HttpResponse:
    """Run the view and render a lazy (template) response while the scope is still open.

    An exception escaping the view or its rendering marks the request for rollback: Django
    never calls process_exception for it, because the view runs inside process_view.
    """
    try:
        response = view_func(request, *view_args, **view_kwargs)
        render = getattr(response, "render", None)
        if callable(render) and not getattr(response, "is_rendered", True):
            response = render()
    except BaseException:
        mark_for_rollback(request)
        raise
    return response


def _member_context(request: HttpRequest, school: School) -> TenantContext:
    """The user's context in this school: 404 without an active membership."""
    user = request.user
    assert isinstance(user, Gebruiker)
    lidmaatschappen = list(Lidmaatschap.objects.active().filter(gebruiker_id=user.pk))
    if not lidmaatschappen or not user.is_active:
        raise Http404
    return TenantContext.build(school, user, lidmaatschappen)


def _second_factor_missing(request: HttpRequest, context: TenantContext) -> bool:
    return mfa.requires_second_factor(context.school, context.roles) and not mfa.has_second_factor(
        request
    )


def second_factor_redirect(request: HttpRequest) -> HttpResponse:
    """To the code page (or, without an app yet, to setting one up), never the page itself;
    an htmx request gets HX-Redirect, so the whole page goes there instead of a fragment."""
    target = mfa.second_factor_url(request)
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=200)
        response["HX-Redirect"] = target
        return response
    return HttpResponseRedirect(target)


class TenantMiddleware:
    """Deny by default. A URL is either on the explicit public list, or carries `<school>`
    and declares a `required_permission`. For the latter this resolves the school, checks an
    active membership (404 for a missing school and for one that is not yours alike),
    computes the permissions once, and runs the view and its template rendering inside the
    tenant scope (django-scopes + the RLS tenant setting)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        match = request.resolver_match
        url_name = match.url_name if match else None
        user = request.user
        if is_public(url_name):
            if user.is_authenticated:
                set_db_user(user.pk)
            return None
        slug = view_kwargs.get("school")
        if not slug:
            raise Http404
        api_scope = required_scope(view_func)
        if api_scope is not None:
            return self._api_view(request, view_func, view_args, view_kwargs, slug, api_scope)
        permission = required_permission(view_func)
        if permission is None:
            raise ImproperlyConfigured(
                f"View for URL {url_name!r} declares no required_permission; tenant views "
                "must (see zorgroute.views.base.TenantView)."
            )
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        school = enter_school(slug, user.pk)
        if school is None:
            raise Http404
        with scope(school=school.pk):
            context = _member_context(request, school)
            # The second factor before the permission: an unverified session learns nothing.
            if _second_factor_missing(request, context):
                return second_factor_redirect(request)
            if not context.has_perm(permission):
                raise PermissionDenied
            request.tenant = context  # type: ignore[attr-defined]
            return _render_in_scope(request, view_func, view_args, view_kwargs)

    def _api_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
        slug: str,
        api_scope: str,
    ) -> HttpResponse:
        """An API view: the bearer token instead of a session and a membership, the same
        tenant scope and RLS setting around the view and its rendering."""
        entered = enter_api_school(request, slug, api_scope)
        if isinstance(entered, HttpResponse):
            patch_cache_control(entered, no_store=True, private=True)
            return entered
        school, client = entered
        with scope(school=school.pk):
            request.api_client = client  # type: ignore[attr-defined]
            request.api_school = school  # type: ignore[attr-defined]
            response = _render_in_scope(request, view_func, view_args, view_kwargs)
        # API answers carry pupil data: never cached by a proxy or the client's disk.
        patch_cache_control(response, no_store=True, private=True)
        return response


class NoStoreMiddleware:
    """Pages for a logged-in user hold pupil data: never cache them anywhere."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
