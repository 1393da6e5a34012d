"""The ambitie an opbrengsten page acts on, looked up in the school of the request: a 404
for any other id (foreign ids included). Who may change it is the view's permission
(MANAGE_AMBITIES)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from .models import Ambitie


def access_ambitie(ambitie_id: int) -> Ambitie:
    return get_object_or_404(Ambitie.objects.select_related("schooljaar"), pk=ambitie_id)
