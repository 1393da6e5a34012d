"""The rows a jaarplanning page acts on, looked up in the school of the request: a 404 for
any other id (foreign ids included). Who may change them is the view's permission
(MANAGE_JAARPLANNING)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from zorgroute.models import Periode, Schooljaar


def access_periode(periode_id: int) -> Periode:
    return get_object_or_404(Periode.objects.select_related("schooljaar"), pk=periode_id)


def access_schooljaar(schooljaar_id: int) -> Schooljaar:
    return get_object_or_404(Schooljaar.objects.all(), pk=schooljaar_id)
