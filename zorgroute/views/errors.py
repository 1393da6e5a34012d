"""Dutch error pages; they never reveal whether a school or object exists."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request: the database transaction may be broken by now.
    return HttpResponse(loader.render_to_string("errors/500.html"), status=500)


# --- Too much at once: a request or field past a size limit (issue 19) ----------------------


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}".rstrip("0").rstrip(".").replace(".", ",")


def _te_groot_melding(exception: Exception | None) -> tuple[int, str, str]:
    """(status, title, Dutch explanation) for a request Django refused before any view."""
    if isinstance(exception, RequestDataTooBig):
        return (
            413,
            "Te veel tegelijk verstuurd",
            "Wat je verstuurde is groter dan Zorgroute in één keer aanneemt (formulieren tot "
            f"{_mb(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)} MB, bestanden tot "
            f"{_mb(settings.ZORGROUTE_MAX_UPLOAD_BYTES)} MB). Er is niets opgeslagen. Plak "
            "minder regels tegelijk of splits het bestand.",
        )
    if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        return (
            400,
            "Te veel velden tegelijk verstuurd",
            "Het formulier had meer velden dan Zorgroute in één keer aanneemt (meer dan "
            f"{settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}). Er is niets opgeslagen. Verstuur "
            "minder tegelijk, bijvoorbeeld per groep.",
        )
    return (
        400,
        "Ongeldig verzoek",
        "Zorgroute kon dit verzoek niet lezen. Er is niets opgeslagen; laad de pagina opnieuw "
        "en probeer het nog eens.",
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's 400 (a SuspiciousOperation before the view): a request body past
    DATA_UPLOAD_MAX_MEMORY_SIZE or ZORGROUTE_MAX_UPLOAD_BYTES is a 413, too many fields a
    400, each with a Dutch page that says which limit. htmx gets the message alone, shown
    above the page (HX-Retarget; static/js/zorgroute.js swaps it despite the status)."""
    status, titel, uitleg = _te_groot_melding(exception)
    context = {"titel": titel, "uitleg": uitleg}
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(
            loader.render_to_string("errors/_te_groot.html", context), status=status
        )
        response["HX-Retarget"] = "#inhoud"
        response["HX-Reswap"] = "afterbegin"
        response["X-Zorgroute-Melding"] = "1"
        return response
    return render(request, "errors/400.html", context, status=status)
