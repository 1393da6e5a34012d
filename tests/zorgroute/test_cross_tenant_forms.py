"""The cross-tenant walk with bodies: school A's own forms, posted with school B's ids.

For every tenant page of school A (its own ids in the URL, as a user with every role in A),
every POST form on it is filled from its own fields, then every id-like value (select
options, hidden and number inputs, checkboxes, the action's query string) is swapped for the
id of school B's object of the same model. Every tenant route is also posted directly with
a body (and a query string) of B's ids under every field name the forms use.

Expected: a 404 or a refusal (a form error, a conflict, a redirect that wrote nothing of B),
never a crash; B's rows unchanged and no row of A pointing at a row or account of B. Each
post runs in a savepoint that is rolled back, so every form starts from the same world.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.db.models import Model
from django.test import Client
from django.urls import Resolver404, resolve

from tests.auth_helpers import log_in_verified
from zorgroute import models as m
from zorgroute.tenancy.db import tenant_context
from zorgroute.tenancy.tables import tenant_models
from zorgroute.tenancy.url_objects import URL_KWARG_MODELS

from ..tenancy_helpers import cross_school_references, school_checksum
from ..urlwalk import Route, tenant_routes
from ..world import SchoolWorld

ROUTES = tenant_routes()
APPS = sorted({r.callback.__module__.split(".")[0] for r in ROUTES})

#: Integer fields that are never ids (a version, a year, a day of the week, a score …).
GEEN_ID = frozenset(
    {"versie", "version", "jaar", "leerjaar", "volgorde", "positie", "score", "waarde", "aantal",
     "dag", "week", "maand", "niveau", "cijfer", "minuten", "duur"}
)  # fmt: skip

#: What a user would type into an empty field, so that a form is valid but for its ids.
INGEVULD = {
    "text": "Proef",
    "textarea": "Proef",
    "search": "Proef",
    "email": "proef@alfa.example.org",
    "number": "1",
    "date": dt.date.today().isoformat(),
    "time": "09:00",
}


# --- reading the forms of a page -----------------------------------------------------------


@dataclass
class Veld:
    naam: str
    waarde: str
    soort: str  # input type, "select", "textarea"
    opties: list[str] = field(default_factory=list)  # select: every option value


@dataclass
class Formulier:
    action: str
    velden: list[Veld] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)  # hx-vals


class Formulieren(HTMLParser):
    """The POST forms of a page (method="post" or hx-post), and elements that post
    themselves with hx-post (autosave fields, htmx links)."""

    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Formulier] = []
        self._form: Formulier | None = None
        self._select: tuple[Veld, bool] | None = None  # the field, an option was selected
        self._textarea: Veld | None = None
        self._knop = False  # the form has its submit button already

    def _action(self, raw: str | None) -> str:
        return urljoin(self.page_url, raw or "").split("#")[0]

    @staticmethod
    def _extra(attrs: dict[str, str | None]) -> dict[str, str]:
        try:
            vals = json.loads(attrs.get("hx-vals") or "{}")
        except ValueError:
            return {}
        return {str(k): str(v) for k, v in vals.items()} if isinstance(vals, dict) else {}

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = dict(attrs_list)
        if tag == "form":
            self._start_form(attrs)
        elif self._form is None:
            self._self_posting(tag, attrs)
        elif tag == "input":
            self._input(self._form, attrs)
        elif tag == "button":
            self._button(self._form, attrs)
        elif tag == "select" and attrs.get("name"):
            veld = Veld(attrs["name"] or "", "", "select")
            self._form.velden.append(veld)
            self._select = (veld, False)
        elif tag == "option" and self._select is not None:
            self._option(attrs)
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = Veld(attrs["name"] or "", "", "textarea")
            self._form.velden.append(self._textarea)

    def _start_form(self, attrs: dict[str, str | None]) -> None:
        if (attrs.get("method") or "").lower() == "post" or "hx-post" in attrs:
            action = attrs.get("hx-post") or attrs.get("action")
            self._form = Formulier(self._action(action), extra=self._extra(attrs))
            self._knop = False

    def _self_posting(self, tag: str, attrs: dict[str, str | None]) -> None:
        """An element outside a form that posts itself (hx-post)."""
        if "hx-post" not in attrs:
            return
        eigen = Formulier(self._action(attrs["hx-post"]), extra=self._extra(attrs))
        naam = attrs.get("name")
        if naam:
            eigen.velden.append(Veld(naam, attrs.get("value") or "", tag))
            if tag == "textarea":
                self._textarea = eigen.velden[-1]
        self.forms.append(eigen)

    def _input(self, form: Formulier, attrs: dict[str, str | None]) -> None:
        naam = attrs.get("name")
        if not naam:
            return
        soort = (attrs.get("type") or "text").lower()
        if soort in {"submit", "image", "button"}:
            if not self._knop:
                form.velden.append(Veld(naam, attrs.get("value") or "", "submit"))
                self._knop = True
        elif soort != "file":
            veld = Veld(naam, attrs.get("value") or "", soort)
            veld.opties = ["checked"] if "checked" in attrs else []
            form.velden.append(veld)

    def _button(self, form: Formulier, attrs: dict[str, str | None]) -> None:
        if (attrs.get("type") or "submit") != "submit":
            return
        naam = attrs.get("name")
        if naam and not self._knop:
            form.velden.append(Veld(naam, attrs.get("value") or "", "submit"))
        self._knop = True

    def _option(self, attrs: dict[str, str | None]) -> None:
        assert self._select is not None
        veld, gekozen = self._select
        waarde = attrs.get("value") or ""
        veld.opties.append(waarde)
        if "selected" in attrs and not gekozen:
            veld.waarde, gekozen = waarde, True
        elif not gekozen and not veld.waarde:
            veld.waarde = waarde
        self._select = (veld, gekozen)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.waarde += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


# --- which model an id-like value points at, and B's object of that model ------------------


def _stam(naam: str) -> str:
    naam = naam.rsplit("-", 1)[-1].lower()
    for eind in ("_uuid", "_id", "_ids"):
        naam = naam.removesuffix(eind)
    return naam


def _model_naam(model: type[Model]) -> str:
    return model._meta.model_name or ""


def _past_bij_naam(naam: str, model: type[Model]) -> bool:
    stam = _stam(naam)
    mnaam = _model_naam(model)
    if mnaam in {stam, stam.removesuffix("s"), stam.removesuffix("en")}:
        return True
    return URL_KWARG_MODELS.get(f"{stam}_id", ("", ""))[0].lower() == model._meta.label_lower


#: Names of user fields: their value is the pk of a staff account.
GEBRUIKER_NAMEN = frozenset(
    {"eigenaar", "aanmelder", "gebruiker", "mentor", "mentoren", "docent", "docenten",
     "deelnemers", "medewerker", "medewerkers", "uitvoerder", "casemanager", "voorzitter",
     "notulist", "behandelaar", "ontvanger", "ontvangers", "leden"}
)  # fmt: skip


class Ids:
    """The pk of every row (and staff account) of school A, by value, and for each model
    the object of school B that replaces A's."""

    def __init__(self, a: SchoolWorld, b: SchoolWorld) -> None:
        self.per_pk: dict[int, set[type[Model]]] = defaultdict(set)
        self.per_uuid: dict[str, type[Model]] = {}
        self.van_b: dict[type[Model], object] = {}
        a_kwargs, b_kwargs = a.objects_by_kwarg(), b.objects_by_kwarg()
        self.url_a = {k: str(v) for k, v in a_kwargs.items()}
        with tenant_context(a.school.pk):
            self._read_a(a)
        with tenant_context(b.school.pk):
            self._read_b(b, b_kwargs)
        self.van_b[m.Gebruiker] = b.users["docent"].pk
        self.b_uuid = {m.Leerling: str(b.leerling.uuid)}

    def _read_a(self, a: SchoolWorld) -> None:
        """Every pk and uuid of A's rows, and A's staff accounts."""
        for model in tenant_models():
            if model._meta.auto_created or model._meta.pk.get_internal_type() not in {
                "AutoField",
                "BigAutoField",
            }:
                continue
            for pk in model._base_manager.filter(school_id=a.school.pk).values_list(
                "pk", flat=True
            ):
                self.per_pk[pk].add(model)
        for model_uuid in (m.Leerling, m.Achtergrondtaak):
            for waarde in model_uuid._base_manager.values_list("uuid", flat=True):
                self.per_uuid[str(waarde)] = model_uuid
        for pk in m.Lidmaatschap.objects.values_list("gebruiker_id", flat=True):
            self.per_pk[pk].add(m.Gebruiker)

    def _read_b(self, b: SchoolWorld, b_kwargs: dict[str, Any]) -> None:
        """B's object per model: the URL kwargs' objects first, else B's first row."""
        for kwarg, (label, attr) in URL_KWARG_MODELS.items():
            if kwarg in b_kwargs and attr == "pk" and b_kwargs[kwarg]:
                self.van_b.setdefault(apps.get_model(label), b_kwargs[kwarg])
        self.van_b[m.Leerling] = b.leerling.pk
        for model in tenant_models():
            if model in self.van_b:
                continue
            eerste = (
                model._base_manager.filter(school_id=b.school.pk)
                .order_by("pk")
                .values_list("pk", flat=True)
                .first()
            )
            if eerste is not None:
                self.van_b[model] = eerste

    def model_van(self, naam: str, waarden: list[str]) -> type[Model] | None:
        """The model of A whose pks these values of field `naam` are, if they are ids."""
        if _stam(naam) in GEEN_ID or not waarden:
            return None
        if all(w in self.per_uuid for w in waarden):
            return self.per_uuid[waarden[0]]
        if not all(w.isdigit() for w in waarden):
            return None
        # Values A does not know (an option of another school, a leaked choice) say nothing
        # about the model; the ones A knows must agree on it.
        bekend = [self.per_pk[int(w)] for w in waarden if int(w) in self.per_pk]
        if not bekend:
            return None
        kandidaten = set.intersection(*bekend)
        if _stam(naam) in GEBRUIKER_NAMEN and m.Gebruiker in kandidaten:
            return m.Gebruiker
        op_naam = [mdl for mdl in kandidaten if _past_bij_naam(naam, mdl)]
        if op_naam:
            return op_naam[0]
        # A URL kwarg's object of A first, then the first by label: one model per field.
        for kwarg, waarde in self.url_a.items():
            label = URL_KWARG_MODELS.get(kwarg, ("", ""))[0]
            if waarde == waarden[0] and label and apps.get_model(label) in kandidaten:
                return apps.get_model(label)
        return min(kandidaten, key=lambda mdl: mdl._meta.label) if kandidaten else None

    def b_waarde(self, model: type[Model], a_waarde: str) -> str | None:
        if a_waarde in self.per_uuid:
            return self.b_uuid.get(model)
        waarde = self.van_b.get(model)
        return None if waarde is None else str(waarde)


# --- posting ---------------------------------------------------------------------------------


@dataclass(repr=False)
class Walk:
    client: Client
    a: SchoolWorld
    b: SchoolWorld
    ids: Ids
    b_voor: str
    kruis_voor: set[str]
    fouten: list[str] = field(default_factory=list)
    posts: int = 0
    checked: int = 0

    def post(self, url: str, body: dict[str, Any], wat: str) -> int:
        """POST in a savepoint that is rolled back; record what went wrong, naming `wat`.

        The two whole-school checks cost some 300 queries; a POST that wrote no row (most
        are refused) cannot have changed B or pointed at it, so they run only after one
        that did (PostgreSQL counts this transaction's row writes, rolled-back ones too)."""
        self.posts += 1
        with transaction.atomic():
            writes = _rows_written()
            try:
                status = self.client.post(url, body).status_code
            except Exception as exc:  # a crash is a finding, with its name
                self.fouten.append(f"{wat}: POST {url} crashed: {exc!r}")
                transaction.set_rollback(True)
                return 500
            if status >= 500:
                self.fouten.append(f"{wat}: POST {url} gave {status}")
            if _rows_written() == writes:
                transaction.set_rollback(True)
                return status
            self.checked += 1
            if school_checksum(self.b.school) != self.b_voor:
                self.fouten.append(f"{wat}: POST {url} ({status}) changed school B's rows")
            kruis = cross_school_references(self.a.school, self.b.school) - self.kruis_voor
            if kruis:
                self.fouten.append(
                    f"{wat}: POST {url} ({status}) wrote a reference to school B: "
                    + ", ".join(sorted(kruis))
                )
            transaction.set_rollback(True)
        return status


def _rows_written() -> int:
    """Rows this transaction inserted, updated or deleted so far, in every table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) "
            "FROM pg_stat_xact_user_tables"
        )
        return int(cursor.fetchone()[0])


def _tenant_path(walk: Walk, url: str) -> str | None:
    parts = urlsplit(url)
    if not parts.path.startswith(f"/{walk.a.school.slug}/"):
        return None  # logout, the school picker: not a tenant route
    try:
        resolve(parts.path)
    except Resolver404:
        return None
    return parts.path


def _vreemde_query(walk: Walk, url: str) -> tuple[str, list[str]]:
    """The action with every id in its query string replaced by B's; the names swapped."""
    parts = urlsplit(url)
    paren, gewisseld = [], []
    for naam, waarde in parse_qsl(parts.query, keep_blank_values=True):
        model = walk.ids.model_van(naam, [waarde])
        b = walk.ids.b_waarde(model, waarde) if model else None
        if b is not None:
            gewisseld.append(f"?{naam}")
            waarde = b
        paren.append((naam, waarde))
    return parts.path + ("?" + urlencode(paren) if paren else ""), gewisseld


@dataclass
class Teller:
    routes: int = 0
    paginas: int = 0
    formulieren: int = 0
    met_id: int = 0
    eigen_geldig: int = 0  # forms with an id that A's own values pass (status < 400)
    namen: dict[str, type[Model]] = field(default_factory=dict)


def _formulier_posten(walk: Walk, form: Formulier, pagina: str, teller: Teller) -> None:
    """Post the form once per id-like field with only that field foreign (so another field's
    refusal cannot hide it), once with B's ids in the action's query string, and once with
    every id foreign at the same time."""
    eigen, wissels = _wissels(walk, form, teller)
    url_vreemd, query = _vreemde_query(walk, form.action)
    if not wissels and not query:
        return
    teller.met_id += 1
    wat = f"form on {pagina} → {form.action} with B's"
    # With A's own ids first: how many forms are valid but for the foreign ids (the count).
    if walk.post(form.action, dict(eigen), f"form on {pagina} → {form.action} as is") < 400:
        teller.eigen_geldig += 1
    for label, naam, vreemd in wissels:
        walk.post(form.action, {**eigen, naam: vreemd}, f"{wat} {label}")
    if query:
        walk.post(url_vreemd, dict(eigen), f"{wat} {', '.join(query)}")
    if len(wissels) + bool(query) > 1:
        alles = {**eigen, **{naam: vreemd for _label, naam, vreemd in wissels}}
        walk.post(url_vreemd, alles, f"{wat} {', '.join([w[0] for w in wissels] + query)}")


def _wissels(
    walk: Walk, form: Formulier, teller: Teller
) -> tuple[dict[str, list[str]], list[tuple[str, str, list[str]]]]:
    """The form's own values per field name, and per id-like field (or hx-vals value) the
    swap to B's ids: (what, field name, B's values)."""
    eigen: dict[str, list[str]] = defaultdict(list)
    wissels: list[tuple[str, str, list[str]]] = []
    groepen: dict[str, list[Veld]] = defaultdict(list)
    for veld in form.velden:
        groepen[veld.naam].append(veld)
    for naam, velden in groepen.items():
        opties, waarden = _veld_waarden(walk, naam, velden)
        eigen[naam] += waarden
        model = walk.ids.model_van(naam, opties) if opties else None
        if model is None:
            continue
        teller.namen.setdefault(naam, model)
        vreemd = [walk.ids.b_waarde(model, w or opties[0]) or w for w in waarden or [""]]
        if vreemd != waarden:
            wissels.append((f"{naam} ({model._meta.label})", naam, vreemd))
    for naam, waarde in form.extra.items():
        eigen[naam].append(waarde)
        model = walk.ids.model_van(naam, [waarde])
        b = walk.ids.b_waarde(model, waarde) if model else None
        if model is not None and b is not None:
            wissels.append((f"hx-vals {naam} ({model._meta.label})", naam, [b]))
    return eigen, wissels


def _veld_waarden(walk: Walk, naam: str, velden: list[Veld]) -> tuple[list[str], list[str]]:
    """The values a field could take (its options) and the ones the form posts."""
    soort = velden[0].soort
    if soort in {"checkbox", "radio"}:
        opties = [v.waarde for v in velden]
        waarden = [v.waarde or "on" for v in velden if v.opties]
        if not waarden and walk.ids.model_van(naam, opties[:1]):
            waarden = opties[:1]  # an unticked list of ids: tick the first to test it
        if soort == "radio":
            waarden = waarden[:1]
    elif soort == "select":
        opties = [o for o in velden[0].opties if o]
        waarden = [velden[0].waarde or (opties[0] if opties else "")]
    else:
        opties = [v.waarde for v in velden if v.waarde]
        waarden = [v.waarde or INGEVULD.get(soort, "") for v in velden]
    return opties, waarden


def _kwarg_namen(ids: Ids) -> dict[str, type[Model]]:
    """Every URL keyword as a field name (with and without its suffix), with its model."""
    namen: dict[str, type[Model]] = {}
    for kwarg, (label, attr) in URL_KWARG_MODELS.items():
        if attr not in {"pk", "uuid"}:
            continue
        model = apps.get_model(label)
        if model in ids.van_b or model is m.Gebruiker:
            namen[kwarg] = model
            namen[_stam(kwarg)] = model
    return namen


def _direct_posten(walk: Walk, route: Route, namen: dict[str, type[Model]]) -> None:
    body: dict[str, str] = {}
    for naam, model in namen.items():
        if model is m.Leerling and naam.endswith("uuid"):
            body[naam] = walk.ids.b_uuid[m.Leerling]
        elif (waarde := walk.ids.van_b.get(model)) is not None:
            body[naam] = str(waarde)
    url = route.url({"school": walk.a.school.slug, **walk.a.objects_by_kwarg()})
    walk.post(f"{url}?{urlencode(body)}", body, f"route {route.name} posted with B's ids")


@pytest.mark.parametrize("app", APPS)
def test_a_schools_forms_posted_with_another_schools_ids_change_nothing_of_it(
    app: str, client: Client, school_a: SchoolWorld, school_b: SchoolWorld, alles_a: m.Gebruiker
) -> None:
    log_in_verified(client, alles_a)
    walk = Walk(
        client,
        school_a,
        school_b,
        Ids(school_a, school_b),
        school_checksum(school_b.school),
        cross_school_references(school_a.school, school_b.school),
    )
    assert not walk.kruis_voor, walk.kruis_voor
    teller = Teller()
    gezien: set[tuple[str | None, tuple[str, ...]]] = set()
    routes = [r for r in ROUTES if r.callback.__module__.split(".")[0] == app]
    a_ids = {"school": school_a.school.slug, **school_a.objects_by_kwarg()}
    for route in routes:
        teller.routes += 1
        pagina = route.url(a_ids)
        response = client.get(pagina)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        teller.paginas += 1
        parser = Formulieren(pagina)
        parser.feed(response.content.decode())
        for form in parser.forms:
            path = _tenant_path(walk, form.action)
            if path is None:
                continue
            sleutel = (resolve(path).url_name, tuple(sorted(v.naam for v in form.velden)))
            if sleutel in gezien:
                continue
            gezien.add(sleutel)
            teller.formulieren += 1
            _formulier_posten(walk, form, route.name or route.route, teller)
    namen = _kwarg_namen(walk.ids) | teller.namen
    for route in routes:
        _direct_posten(walk, route, namen)
    print(  # the counts for the issue note, shown with -s
        f"\n{app}: {teller.routes} routes, {teller.paginas} pages with a form walk, "
        f"{teller.formulieren} distinct POST forms, {teller.met_id} with an id-like field "
        f"({teller.eigen_geldig} accepted with A's own values), {walk.posts} posts, "
        f"{walk.checked} of which wrote rows and were checked in full"
    )
    assert teller.routes == len(routes)
    assert not walk.fouten, "\n".join(walk.fouten)


def test_the_form_reader_finds_ids_in_selects_hidden_fields_and_checkboxes() -> None:
    html = """
      <form method="post" action="?groep=7"><input type="hidden" name="leerling" value="3">
        <select name="eigenaar"><option value="">—</option><option value="5">X</option></select>
        <input type="checkbox" name="leerlingen" value="3"><textarea name="tekst">a</textarea>
        <button type="submit" name="actie" value="opslaan">Opslaan</button>
        <button type="submit" name="actie" value="wissen">Wissen</button></form>
      <form method="get"><input name="q"></form>
      <textarea name="notitie" hx-post="/s/x/">b</textarea>"""
    parser = Formulieren("/s/p/")
    parser.feed(html)
    assert [f.action for f in parser.forms] == ["/s/p/?groep=7", "/s/x/"]
    velden = {(v.naam, v.waarde, v.soort) for v in parser.forms[0].velden}
    assert velden == {
        ("leerling", "3", "hidden"),
        ("eigenaar", "5", "select"),
        ("leerlingen", "3", "checkbox"),
        ("tekst", "a", "textarea"),
        ("actie", "opslaan", "submit"),
    }
    assert [(v.naam, v.waarde) for v in parser.forms[1].velden] == [("notitie", "b")]
    assert _stam("leerling_uuid") == "leerling"
