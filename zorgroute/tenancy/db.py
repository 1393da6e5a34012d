"""Transaction-local database state for row-level security.

The portal logs in as the application role (it owns nothing, cannot bypass RLS and cannot
switch to a role that can; see scripts/services.sh). Every request and task transaction
sets the tenant and user with `set_config(…, true)`, so both vanish at commit or rollback
and a pooled connection never carries them into the next transaction. When such a block is
nested in an outer transaction (tests, a task calling a service that opens its own block)
the previous values are restored on the way out.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django_scopes import scope

if TYPE_CHECKING:
    from ..models import School


@dataclass(frozen=True)
class DbState:
    #: Inside a request or task transaction (app_role_transaction / tenant_context).
    app_role: bool = False
    school_id: int | None = None
    user_id: int | None = None


# DbState is a frozen dataclass, so sharing the default instance is safe.
_state: ContextVar[DbState] = ContextVar(
    "zorgroute_db_state",
    default=DbState(),  # noqa: B039
)


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _apply(state: DbState) -> None:
    """Write `state` into the current transaction with one round trip."""
    if not _is_postgres():
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('zorgroute.school_id', %s, true), "
            "set_config('zorgroute.user_id', %s, true)",
            [
                "" if state.school_id is None else str(state.school_id),
                "" if state.user_id is None else str(state.user_id),
            ],
        )


@contextmanager
def _state_block(new: DbState) -> Iterator[None]:
    """Open (or join) a transaction holding `new`; restore the previous state if nested."""
    previous = _state.get()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        _apply(new)
        token = _state.set(new)
        try:
            yield
        except BaseException:
            # atomic() rolls back to its savepoint, which also reverts the settings.
            _state.reset(token)
            raise
        _state.reset(token)
        # The outermost block commits or rolls back, which clears everything. A nested
        # block restores what the outer code had, unless it is being rolled back anyway.
        if not outermost and not connection.needs_rollback:
            _apply(previous)


@contextmanager
def app_role_transaction(*, user_id: int | None = None) -> Iterator[None]:
    """A transaction as the application role, with no tenant set (public pages)."""
    with _state_block(DbState(app_role=True, user_id=user_id)):
        yield


def set_db_user(user_id: int | None) -> None:
    """Record the authenticated user in the current app-role transaction (RLS uses it to
    let a user read their own memberships before a school is chosen)."""
    current = _state.get()
    new = DbState(app_role=current.app_role, school_id=current.school_id, user_id=user_id)
    _apply(new)
    _state.set(new)


def set_db_tenant(school_id: int, user_id: int | None) -> None:
    if not connection.in_atomic_block:
        raise RuntimeError("set_db_tenant() must run inside app_role_transaction()")
    new = DbState(app_role=True, school_id=school_id, user_id=user_id)
    _apply(new)
    _state.set(new)


def enter_school(slug: str, user_id: int | None) -> School | None:
    """Find the school by slug and, in the same round trip, make it the tenant of the
    current app-role transaction (the school table itself has no RLS)."""
    from ..models import School

    if not connection.in_atomic_block:
        raise RuntimeError("enter_school() must run inside app_role_transaction()")
    if _is_postgres():
        settings_sql = (
            "set_config('zorgroute.school_id', s.id::text, true), "
            "set_config('zorgroute.user_id', %s, true)"
        )
        table = connection.ops.quote_name(School._meta.db_table)
        sql = f"SELECT s.*, {settings_sql} FROM {table} s WHERE s.slug = %s"  # noqa: S608
        uid = "" if user_id is None else str(user_id)
        school = next(iter(School.objects.raw(sql, [uid, slug])), None)
    else:
        school = School.objects.filter(slug=slug).first()
    if school is not None:
        _state.set(DbState(app_role=True, school_id=school.pk, user_id=user_id))
    return school


@contextmanager
def tenant_context(school_id: int, *, user_id: int | None = None) -> Iterator[None]:
    """Everything needed to work on one school's data outside a request: a transaction as
    the application role with the tenant set, and the django-scopes scope.

    Used by Celery tasks, management commands and tests.
    """
    if not isinstance(school_id, int):
        raise TypeError("tenant_context() takes a school id")
    state = DbState(app_role=True, school_id=school_id, user_id=user_id)
    with _state_block(state), scope(school=school_id):
        yield


def current_db_state() -> DbState:
    return _state.get()
