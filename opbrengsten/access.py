"""The rows an opbrengsten page acts on, looked up in the school of the request: a 404 for
any other id (foreign ids included). Who may change them is the view's permission
(MANAGE_AMBITIES)."""

from __future__ import annotations

from django.http import Http404

from .models import Ambitie


def access_ambitie(ambitie_id: int) -> Ambitie:
    ambitie = Ambitie.objects.select_related("schooljaar").filter(pk=ambitie_id).first()
    if ambitie is None:
        raise Http404
    return ambitie
