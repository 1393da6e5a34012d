"""Template helpers of the dashboards: `{{ waarde|getoond }}` is the only way a number is
written into a page, so a suppressed cell can never show its value."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from ..suppressie import Cel, cel

register = template.Library()


@register.filter
def getoond(waarde: object) -> SafeString | str:
    """A Cel (or a raw count, which is suppressed here) as text; "<5" with an explanation
    for screen readers."""
    if isinstance(waarde, int) and not isinstance(waarde, bool):
        waarde = cel(waarde)
    if isinstance(waarde, Cel) and waarde.onderdrukt:
        return format_html(
            '<abbr title="{}" class="onderdrukt">{}</abbr>', waarde.uitleg, waarde.tekst
        )
    return str(waarde)
