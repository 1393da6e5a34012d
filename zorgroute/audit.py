"""Recording who looked at which pupil (append-only): the one chokepoint of the access log.

Who writes an access event (an inzage):

- The access helper that grants a read of a pupil's care data calls `record_care_access`
  (`zorgroute.access.access_leerling`, `groepsplan.access.access_ihp`/`access_opp`, the
  `access_*` helpers of `izo_zat.access`). A view never logs by hand: opening the object
  through its helper is what writes the event.
- A document that leaves the system (a PDF download) names the pupils whose data it holds
  when it is rendered (`zorgroute.pdf.render_pdf(..., leerlingen=...)`), which records them
  here; a group's PDF so logs every pupil in it, a pupil's PDF its pupil.
- Outside a request, the background bundle and the REST API write through
  `write_access_events` with their own page name and on-behalf-of.

An event records that access was granted: a view that, after its helper granted the pupil,
still refuses (a 403 for a right the helper does not check, a redirect) leaves the event.
That errs on the side of the pupil; once a refused request rolls back (issue 17), such an
event goes with it.

`tests/zorgroute/test_access_log_walk.py` walks every page and checks the result; the
architecture test there checks that nothing else writes `AccessEvent` rows.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest

from .models import AccessEvent
from .tenancy.context import TenantContext

#: Methods that read. A care page is logged when it is opened (GET; HEAD as a GET without a
#: body). A POST writes: on success it redirects to the page, whose GET logs; on an error it
#: shows again the page the user opened, and logged, before posting. Logging the POST too
#: would turn every autosave and form submit into an extra inzage of the same pupil.
READ_METHODS = frozenset({"GET", "HEAD"})

#: Attribute on the request with the ids already logged in this request.
_LOGGED_ATTR = "_zorgroute_inzage_gelogd"


def write_access_events(
    *,
    school_id: int,
    gebruiker_id: int,
    leerling_ids: Iterable[int],
    pagina: str,
    pad: str,
    namens: str = "",
) -> None:
    """The low-level writer: one event per pupil, in one insert. Call it only from the
    chokepoints named in the module docstring."""
    AccessEvent.objects.bulk_create(
        AccessEvent(
            school_id=school_id,
            gebruiker_id=gebruiker_id,
            leerling_id=leerling_id,
            pagina=pagina[:100],
            pad=pad[:400],
            namens=namens[:200],
        )
        for leerling_id in sorted(set(leerling_ids))
    )


def record_care_access(
    request: HttpRequest, leerling_ids: Iterable[int], *, namens: str = ""
) -> None:
    """Log that this request shows these pupils' care data: at most one event per pupil per
    request however many helpers grant it, several pupils in one insert. Only for reads
    (READ_METHODS). `namens`: on whose behalf the user reads (a ZAT partner's organisation)."""
    if request.method not in READ_METHODS:
        return
    logged: set[int] = request.__dict__.setdefault(_LOGGED_ATTR, set())
    nieuw = set(leerling_ids) - logged
    if not nieuw:
        return
    logged |= nieuw
    # Not zorgroute.access.tenant_of: the access helpers import this module.
    ctx: TenantContext = request.tenant  # type: ignore[attr-defined]
    match = request.resolver_match
    write_access_events(
        school_id=ctx.school.pk,
        gebruiker_id=ctx.user.pk,
        leerling_ids=nieuw,
        pagina=match.view_name if match else "",
        pad=request.path,
        namens=namens,
    )
