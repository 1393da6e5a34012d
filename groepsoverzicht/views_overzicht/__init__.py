"""The overview screen a mentor lives in (HGW steps 1–3): list and start overviews, the
grid with autosaving cells, signals, onderwijsbehoeften and remarks from colleagues.

Every view fetches the overview through `access_overzicht` (404 when not visible) and calls
`require(...)` before a write (403). Sub-objects are looked up filtered by that overview, so
another overview's ids give 404. Write endpoints answer htmx with an HTML fragment and a
plain form post with a redirect back to the overview, so every page works without
JavaScript; a GET on a write endpoint returns the fragment it would swap.
"""

from .cellen import AandachtspuntenUpdateView, RegelCelUpdateView, SignalenBerekenenView
from .geschiedenis import RegelGeschiedenisView
from .pages import OverzichtCreateView, OverzichtDetailView, OverzichtListView
from .regels import (
    BehoefteCreateView,
    BehoefteDeleteView,
    BehoefteUpdateView,
    OpmerkingAfhandelenView,
    OpmerkingCreateView,
    RegelView,
    SignaleringBesluitView,
    SignaleringCreateView,
)

__all__ = [
    "AandachtspuntenUpdateView",
    "BehoefteCreateView",
    "BehoefteDeleteView",
    "BehoefteUpdateView",
    "OpmerkingAfhandelenView",
    "OpmerkingCreateView",
    "OverzichtCreateView",
    "OverzichtDetailView",
    "OverzichtListView",
    "RegelCelUpdateView",
    "RegelGeschiedenisView",
    "RegelView",
    "SignalenBerekenenView",
    "SignaleringBesluitView",
    "SignaleringCreateView",
]
