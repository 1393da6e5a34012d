"""The one PDF renderer: a Django template in, PDF bytes out (WeasyPrint).

Apps build the context in their own `pdf.py`; this module only renders. Resources resolve
from the filesystem, never the network: the document's base URL is a fixed, unroutable
origin, and the URL fetcher serves `/static/…` from the static files on disk (the finders,
or STATIC_ROOT in production) and refuses every other URL.
"""

from __future__ import annotations

import mimetypes
import posixpath
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .audit import record_care_access

#: The origin relative URLs in a PDF template resolve against; never fetched over a network.
BASE_URL = "https://pdf.zorgroute.invalid/"


class StaticOnlyFetcher(URLFetcher):
    """Serves the project's static files from disk; refuses any other URL."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=["https"], fail_on_errors=False)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        path = static_path(url)
        if path is None:
            raise ValueError(f"PDF resource refused (only static files are served): {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, path.read_bytes(), headers={"Content-Type": content_type}, status=200
        )


def static_path(url: str) -> Path | None:
    """The file on disk for a static URL under BASE_URL, or None."""
    parts = urlsplit(url)
    base = urlsplit(BASE_URL)
    static_url = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/static/"
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None
    if not parts.path.startswith(static_url):
        return None
    name = posixpath.normpath(unquote(parts.path[len(static_url) :]))
    if name.startswith(("..", "/")) or "\x00" in name:
        return None
    found = finders.find(name)
    if isinstance(found, list):  # pragma: no cover - only with find(all=True)
        found = found[0] if found else None
    if found:
        return Path(found)
    try:  # collected (possibly hashed) files in production
        collected = Path(staticfiles_storage.path(name))
    except NotImplementedError:  # pragma: no cover - remote storage
        return None
    return collected if collected.is_file() else None


def render_pdf(
    template_name: str,
    context: dict[str, Any],
    *,
    leerlingen: Iterable[int],
    request: HttpRequest | None = None,
) -> bytes:
    """Render `template_name` (extending `pdf/base.html`) with `context` to PDF bytes.

    `leerlingen`: ids of the pupils whose data the document holds (empty for aggregates).
    A download leaves the system, so for a request each of them is written to the access
    log (`zorgroute.audit.record_care_access`, once per pupil per request); a background
    job that renders without a request logs through its own chokepoint (planning.bundels).

    Adds `gegenereerd_op` (now, local time) and `school` (the request's tenant) unless the
    context has them. Render inside the request: the tenant scope must still be active."""
    context = {"gegenereerd_op": timezone.localtime(), **context}
    tenant = getattr(request, "tenant", None) if request is not None else None
    if "school" not in context and tenant is not None:
        context["school"] = tenant.school
    html = render_to_string(template_name, context, request=request)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher())
    pdf = document.write_pdf()
    assert pdf is not None
    if request is not None:
        record_care_access(request, leerlingen)
    return pdf
