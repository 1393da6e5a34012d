"""`{% overleg_url overleg "detail" %}`: the URL of an IZO or ZAT meeting page. The two kinds
use their own URL keyword (overleg_id, zatoverleg_id; see izo_zat.urls), so templates that
serve both ask here instead of spelling the name and keyword out."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from ..models import OverlegSoort

register = template.Library()

#: The URL keyword of each kind of meeting.
KWARG: dict[str, str] = {OverlegSoort.IZO: "overleg_id", OverlegSoort.ZAT: "zatoverleg_id"}


def overleg_reverse(slug: str, soort: str, pagina: str, overleg_id: int | None = None) -> str:
    prefix = "izo" if soort == OverlegSoort.IZO else "zat"
    kwargs: dict[str, Any] = {"school": slug}
    if overleg_id is not None:
        kwargs[KWARG[soort]] = overleg_id
    return reverse(f"{prefix}-overleg-{pagina}", kwargs=kwargs)


@register.simple_tag(takes_context=True)
def overleg_url(context: template.Context, overleg: Any, pagina: str) -> str:
    """`overleg` is a Zorgoverleg, or the kind ("izo"/"zat") for the list and create pages."""
    slug = context["school"].slug
    if isinstance(overleg, str):
        return overleg_reverse(slug, overleg, pagina)
    return overleg_reverse(slug, overleg.soort, pagina, overleg.pk)
