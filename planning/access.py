"""The rows a jaarplanning page acts on, looked up in the school of the request: a 404 for
any other id (foreign ids included). Who may change them is the view's permission
(MANAGE_JAARPLANNING)."""

from __future__ import annotations

from django.http import Http404

from zorgroute.models import Periode, Schooljaar


def access_periode(periode_id: int) -> Periode:
    periode = Periode.objects.select_related("schooljaar").filter(pk=periode_id).first()
    if periode is None:
        raise Http404
    return periode


def access_schooljaar(schooljaar_id: int) -> Schooljaar:
    schooljaar = Schooljaar.objects.filter(pk=schooljaar_id).first()
    if schooljaar is None:
        raise Http404
    return schooljaar
