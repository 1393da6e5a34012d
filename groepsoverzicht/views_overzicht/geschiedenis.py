"""The history page of one pupil's row (`groepsoverzicht.geschiedenis` builds its lines)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views import View

from zorgroute import permissions as p

from .. import selectors
from ..geschiedenis import geschiedenis
from ..kolommen import kolommen
from .base import OverzichtMixin


class RegelGeschiedenisView(OverzichtMixin, View):
    """GET: the history of one pupil's row (read-only; whoever may read the overview)."""

    required_permission = p.VIEW_GROEPSOVERZICHT

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        regel = self.regel(kwargs["regel_id"])
        cols = kolommen(self.overzicht, self.rechten)
        wijzigingen = geschiedenis(selectors.regel_historie(regel), cols)
        return self.fragment(
            "groepsoverzicht/overzicht/geschiedenis.html",
            {"regel": regel, "wijzigingen": wijzigingen},
        )
