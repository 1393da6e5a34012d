"""Signing in with the school's own identity provider, against a real OpenID provider
(panva's oidc-provider on 127.0.0.1, tests/oidc): discovery, code flow with PKCE, a signed
ID token and userinfo, all over real HTTP."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
import requests
from django.contrib.auth import SESSION_KEY as USER_SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from tests.oidc.provider import sign_in_at_provider
from tests.world import SchoolWorld
from zorgroute import mfa
from zorgroute import models as m
from zorgroute.sso.views import SCHOOL_KEY

from .conftest import ConfiguredSchool, callback_path, configure, provider_redirect, sign_in

NO_ACCOUNT = "Er is op deze school geen actief account voor"


def _signed_in_user(client: Client) -> str | None:
    return client.session.get(USER_SESSION_KEY)


def _koppelingen(world: SchoolWorld, in_school) -> list[m.SchoolInlogKoppeling]:  # type: ignore[no-untyped-def]
    with in_school(world.school):
        return list(m.SchoolInlogKoppeling.objects.all())


def test_first_sign_in_matches_the_verified_email_and_links_the_subject(
    client: Client, configured: ConfiguredSchool, in_school
) -> None:
    world = configured.world
    mentor = world.users["mentor"]
    account = configured.provider.add_account(mentor.email.upper())
    start = provider_redirect(client, world)
    anonymous_key = client.session.session_key
    query = parse_qs(urlsplit(start).query)
    assert query["code_challenge_method"] == ["S256"] and query["nonce"] and query["state"]

    back = sign_in_at_provider(requests.Session(), start, account)
    response = client.get(callback_path(back))

    assert response.status_code == 302
    assert response["Location"] == reverse("home", kwargs={"school": world.school.slug})
    assert _signed_in_user(client) == str(mentor.pk)
    assert client.session.session_key != anonymous_key  # a new session key at login
    assert client.session[SCHOOL_KEY] == world.school.pk
    assert not mfa.has_second_factor(client)  # the school does not trust the provider's MFA
    [koppeling] = _koppelingen(world, in_school)
    assert (koppeling.subject, koppeling.gebruiker_id) == (account.sub, mentor.pk)
    # Without a trusted MFA claim the portal's own second factor is still asked.
    home = client.get(response["Location"])
    assert home.status_code == 302
    assert home["Location"].startswith(reverse("tweestaps-instellen"))


def test_the_linked_subject_signs_in_again_after_the_email_changed(
    configured: ConfiguredSchool, in_school
) -> None:
    world = configured.world
    mentor = world.users["mentor"]
    account = configured.provider.add_account(mentor.email)
    first = Client()
    sign_in(first, world, account)
    assert _signed_in_user(first) == str(mentor.pk)
    # The portal's address changes; the provider still says the old one.
    m.Gebruiker.objects.filter(pk=mentor.pk).update(email="nieuw-adres@alfa.example.org")

    second = Client()
    response = sign_in(second, world, account)

    assert response.status_code == 302
    assert _signed_in_user(second) == str(mentor.pk)
    assert len(_koppelingen(world, in_school)) == 1


def test_an_unknown_email_is_refused_and_no_account_is_made(
    client: Client, configured: ConfiguredSchool, in_school
) -> None:
    accounts_before = m.Gebruiker.objects.count()
    account = configured.provider.add_account("onbekend@alfa.example.org")

    response = sign_in(client, configured.world, account)

    assert response.status_code == 403
    assert NO_ACCOUNT in response.content.decode()
    assert "Inloggen met je schoolaccount is niet gelukt" in response.content.decode()
    assert m.Gebruiker.objects.count() == accounts_before
    assert _signed_in_user(client) is None
    assert _koppelingen(configured.world, in_school) == []


def test_an_account_without_a_membership_in_this_school_is_refused(
    client: Client, configured: ConfiguredSchool, school_b: SchoolWorld, in_school
) -> None:
    other = school_b.users["mentor"]  # an active account, but of school B only
    account = configured.provider.add_account(other.email)

    response = sign_in(client, configured.world, account)

    assert response.status_code == 403
    assert NO_ACCOUNT in response.content.decode()
    assert _signed_in_user(client) is None
    assert _koppelingen(configured.world, in_school) == []


def test_an_ended_membership_is_refused_even_with_a_linked_subject(
    client: Client, configured: ConfiguredSchool, in_school
) -> None:
    world = configured.world
    mentor = world.users["mentor"]
    account = configured.provider.add_account(mentor.email)
    sign_in(Client(), world, account)
    m.Gebruiker.objects.filter(pk=mentor.pk).update(is_active=False)

    response = sign_in(client, world, account)

    assert response.status_code == 403
    assert _signed_in_user(client) is None


def test_an_unverified_email_is_refused(client: Client, configured: ConfiguredSchool) -> None:
    account = configured.provider.add_account(
        configured.world.users["mentor"].email, email_verified=False
    )

    response = sign_in(client, configured.world, account)

    assert response.status_code == 403
    assert "niet dat dit e-mailadres bevestigd is" in response.content.decode()
    assert _signed_in_user(client) is None


@pytest.mark.parametrize(
    ("soort", "email_verified", "extra", "signed_in"),
    [
        # Google Workspace: only an account of the school's own domain (hd).
        ("google", True, {"hd": "alfa.example.org"}, True),
        ("google", True, {"hd": "gmail.com"}, False),
        ("google", True, {}, False),
        # Entra ID sends no email_verified; xms_edov says the domain owner verified it.
        ("entra", None, {"xms_edov": True}, True),
        ("entra", None, {}, False),
        ("overig", None, {"xms_edov": True}, False),  # xms_edov means something only in Entra
    ],
)
def test_provider_specific_email_checks(
    client: Client,
    world: SchoolWorld,
    oidc_provider,  # type: ignore[no-untyped-def]
    soort: str,
    email_verified: bool | None,
    extra: dict[str, object],
    signed_in: bool,
) -> None:
    configure(world, oidc_provider, soort=soort, google_domein="alfa.example.org")
    mentor = world.users["mentor"]
    account = oidc_provider.add_account(
        mentor.email,
        email_verified=email_verified,
        extra=extra,  # type: ignore[arg-type]
    )

    response = sign_in(client, world, account)

    assert response.status_code == (302 if signed_in else 403)
    assert _signed_in_user(client) == (str(mentor.pk) if signed_in else None)
    if not signed_in:
        reason = "domein van de school" if soort == "google" else "e-mailadres bevestigd is"
        assert reason in response.content.decode()


@pytest.mark.parametrize(
    ("trusted", "amr", "acr", "second_factor"),
    [
        (True, ["pwd", "mfa"], None, True),
        (True, ["pwd", "otp"], None, True),
        (True, ["pwd"], "urn:school:mfa", True),  # an acr value the beheerder named
        (True, ["pwd"], None, False),
        (False, ["pwd", "mfa"], None, False),  # the school does not trust the claim
    ],
)
def test_the_providers_mfa_counts_only_where_the_school_trusts_it(
    client: Client,
    world: SchoolWorld,
    oidc_provider,  # type: ignore[no-untyped-def]
    trusted: bool,
    amr: list[str],
    acr: str | None,
    second_factor: bool,
) -> None:
    configure(world, oidc_provider, vertrouwt_mfa=trusted, mfa_acr_waarden="urn:school:mfa")
    zorgco = world.users["zorgcoordinator"]
    account = oidc_provider.add_account(zorgco.email, amr=amr, acr=acr)

    response = sign_in(client, world, account)

    assert response.status_code == 302
    assert _signed_in_user(client) == str(zorgco.pk)
    assert mfa.has_second_factor(client) is second_factor
    if second_factor:
        assert mfa.second_factor_method(client) == "oidc"
    # The provider's trusted MFA opens the care pages; otherwise the portal asks its own.
    home = client.get(reverse("home", kwargs={"school": world.school.slug}))
    assert home.status_code == (200 if second_factor else 302)


def _tampered(url: str, **params: str) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()} | params
    return urlunsplit(parts._replace(query=urlencode(query)))


def test_a_wrong_state_is_refused(client: Client, configured: ConfiguredSchool) -> None:
    account = configured.provider.add_account(configured.world.users["mentor"].email)
    back = sign_in_at_provider(
        requests.Session(), provider_redirect(client, configured.world), account
    )

    response = client.get(callback_path(_tampered(back, state="een-andere-state")))

    assert response.status_code == 400
    assert (
        "Deze inlogpoging is verlopen of hoort niet bij deze browser" in response.content.decode()
    )
    assert _signed_in_user(client) is None
    # The real answer no longer works either: a sign-in attempt is used once.
    assert client.get(callback_path(back)).status_code == 400
    assert _signed_in_user(client) is None


def test_a_callback_without_a_started_sign_in_is_refused(
    configured: ConfiguredSchool,
) -> None:
    account = configured.provider.add_account(configured.world.users["mentor"].email)
    back = sign_in_at_provider(
        requests.Session(), provider_redirect(Client(), configured.world), account
    )

    other_browser = Client()  # login CSRF: someone else's code in this browser
    response = other_browser.get(callback_path(back))

    assert response.status_code == 400
    assert _signed_in_user(other_browser) is None


@pytest.mark.parametrize(
    ("param", "value", "message"),
    [
        # RFC 9207: the answer names another provider (a mix-up attack).
        ("iss", "https://aanvaller.example", "andere identiteitsprovider"),
        # A code the provider never issued: the token endpoint refuses it.
        ("code", "vervalste-code", "Het antwoord van de identiteitsprovider klopt niet"),
    ],
)
def test_a_tampered_answer_is_refused(
    client: Client, configured: ConfiguredSchool, param: str, value: str, message: str
) -> None:
    account = configured.provider.add_account(configured.world.users["mentor"].email)
    back = sign_in_at_provider(
        requests.Session(), provider_redirect(client, configured.world), account
    )

    response = client.get(callback_path(_tampered(back, **{param: value})))

    assert response.status_code == 403
    assert message in response.content.decode()
    assert _signed_in_user(client) is None


def test_a_discovery_document_naming_another_issuer_is_refused(
    client: Client,
    world: SchoolWorld,
    oidc_provider,  # type: ignore[no-untyped-def]
) -> None:
    # The same provider under another name: its discovery says http://127.0.0.1:…
    configure(world, oidc_provider, issuer=oidc_provider.issuer.replace("127.0.0.1", "localhost"))

    response = client.get(reverse("schoolinlog-start", kwargs={"school_slug": world.school.slug}))

    assert response.status_code == 502
    assert "ander issuer-adres" in response.content.decode()


def test_only_a_page_of_the_same_school_is_a_next_address(
    client: Client, configured: ConfiguredSchool
) -> None:
    world = configured.world
    account = configured.provider.add_account(world.users["mentor"].email)
    groep = reverse(
        "groep-detail", kwargs={"school": world.school.slug, "groep_id": world.groep.pk}
    )

    assert sign_in(client, world, account, next_url=groep)["Location"] == groep
    for elsewhere in ("https://aanvaller.example/", "//aanvaller.example/", "/beta-college/"):
        response = sign_in(Client(), world, account, next_url=elsewhere)
        assert response["Location"] == reverse("home", kwargs={"school": world.school.slug})


def test_a_school_without_an_active_provider_offers_no_school_sign_in(
    client: Client, world: SchoolWorld, school_b: SchoolWorld
) -> None:
    for slug in (school_b.school.slug, "bestaat-niet"):
        response = client.get(reverse("schoolinlog-start", kwargs={"school_slug": slug}))
        assert response.status_code == 404
        assert "niet ingesteld" in response.content.decode()


def test_the_login_page_links_to_the_school_sign_in_and_the_picker_goes_to_the_school(
    client: Client, world: SchoolWorld
) -> None:
    next_url = reverse("home", kwargs={"school": world.school.slug})
    login_page = client.get(reverse("login"), {"next": next_url}).content.decode()
    assert "Inloggen met je schoolaccount" in login_page

    picker = client.get(reverse("schoolinlog-kies"), {"next": next_url})
    assert picker.status_code == 200
    assert f'value="{world.school.slug}"' in picker.content.decode()  # from the next page

    response = client.post(
        f"{reverse('schoolinlog-kies')}?{urlencode({'next': next_url})}",
        {"school": world.school.slug},
    )
    start = reverse("schoolinlog-start", kwargs={"school_slug": world.school.slug})
    # A page that sends the browser on (meta refresh and a link), not a redirect: a
    # redirect after a form would fall under form-action 'self' all the way to the provider.
    assert response.status_code == 200
    start_url = escape(f"{start}?{urlencode({'next': next_url})}")
    assert f'content="0;url={start_url}"' in response.content.decode()
    assert f'href="{start_url}"' in response.content.decode()

    empty = client.post(reverse("schoolinlog-kies"), {"school": ""})
    assert "Vul de korte naam van je school in." in empty.content.decode()
