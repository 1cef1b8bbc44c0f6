"""Sign-in through the municipality (OpenID Connect, ADR 0023), end to end over HTTP: the journey,
the second factor, and the refusals of a token or an account.

The app runs on pytest-django's live server; the identity provider is a real one
(tests/oidc_provider: panva's oidc-provider on Node.js) started by tests/accounts/municipal/conftest.py.
A `requests` session plays the browser: it follows the redirects, fills the provider's login form
and comes back to Boligplan with the authorization code, exactly as a person's browser would.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from boligplan.accounts.models import MunicipalSecondFactor, TOTPDevice
from boligplan.accounts.services import operator_create
from boligplan.audit.models import AuditEvent
from tests.accounts.municipal.helpers import (
    assert_refused,
    current_code,
    path_of,
    sign_in,
)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_good_login_lands_on_our_totp_step_and_then_the_overview(live_server, oidc, kari):
    browser, landing = sign_in(live_server.url, "kari")

    assert path_of(landing) == reverse("accounts:twofactor-verify")
    # Half-way in: every other page still asks for the code.
    assert path_of(browser.get(f"{live_server.url}/", timeout=10)) == reverse("accounts:twofactor-verify")
    login = AuditEvent.objects.get(action="auth.municipal_login")
    assert (login.actor_id, login.fields) == (kari.pk, "")
    assert not MunicipalSecondFactor.objects.exists()

    step = browser.get(f"{live_server.url}{reverse('accounts:twofactor-verify')}", timeout=10)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', step.text).group(1)
    device = TOTPDevice.objects.get(user=kari)
    done = browser.post(step.url, data={"csrfmiddlewaretoken": csrf, "token": current_code(device)}, timeout=10)
    assert path_of(done) == reverse("reports:overview")
    assert "Logg ut" in done.text


@pytest.mark.parametrize(
    ("amr", "acr"),
    [("pwd,hwk", ""), ("mfa", ""), ("pwd", "idporten-loa-high")],
    ids=["password-and-key", "mfa", "configured-acr"],
)
def test_the_providers_second_factor_skips_ours(live_server, oidc, kari, amr, acr):
    browser, landing = sign_in(live_server.url, "kari", amr=amr, acr=acr)

    assert path_of(landing) == reverse("reports:overview")
    assert "Logg ut" in landing.text
    login = AuditEvent.objects.get(action="auth.municipal_login")
    assert (login.actor_id, login.fields) == (kari.pk, "provider_second_factor")
    assert MunicipalSecondFactor.objects.get().user == kari


@pytest.mark.parametrize(
    ("amr", "acr"),
    [("pwd,sms", ""), ("hwk", ""), ("pwd", "idporten-loa-substantial")],
    ids=["sms-is-not-enough", "one-factor-only", "acr-not-configured"],
)
def test_weaker_or_unlisted_factors_keep_our_totp_step(live_server, oidc, kari, amr, acr):
    _, landing = sign_in(live_server.url, "kari", amr=amr, acr=acr)

    assert path_of(landing) == reverse("accounts:twofactor-verify")


@pytest.mark.parametrize("anomaly", ["audience", "audiences"])
def test_an_id_token_for_another_audience_is_refused(live_server, oidc, kari, anomaly):
    browser, landing = sign_in(live_server.url, "kari", amr="mfa", anomaly=anomaly)

    assert_refused(live_server.url, browser, landing, "token_invalid_claim_aud")


def test_an_expired_id_token_is_refused(live_server, oidc, kari):
    browser, landing = sign_in(live_server.url, "kari", amr="mfa", anomaly="expired")

    assert_refused(live_server.url, browser, landing, "token_expired_token_exp")


def test_a_login_reused_from_earlier_is_refused(live_server, oidc, kari):
    browser, landing = sign_in(live_server.url, "kari", amr="mfa", anomaly="stale-login")

    assert_refused(live_server.url, browser, landing, "login_not_fresh")


def test_on_a_shared_computer_the_provider_asks_the_next_person_again(live_server, oidc, kari):
    browser, landing = sign_in(live_server.url, "kari", amr="mfa")
    assert path_of(landing) == reverse("reports:overview")
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', landing.text).group(1)
    logged_out = browser.post(f"{live_server.url}/logg-ut/", data={"csrfmiddlewaretoken": csrf}, timeout=10)
    assert path_of(logged_out) == reverse("login")

    # The provider's session for Kari is still open in this browser, yet its login form is shown
    # again (prompt=login): `sign_in` fills it in as Per, who is refused.
    _, landing = sign_in(live_server.url, "per", amr="mfa", session=browser)

    assert path_of(landing) == reverse("login")
    assert AuditEvent.objects.get(action="auth.municipal_refused").fields == "unknown_email"


def test_an_unknown_email_is_refused_and_no_account_is_created(live_server, oidc, kari):
    accounts_before = get_user_model().objects.count()

    browser, landing = sign_in(live_server.url, "per", amr="mfa")

    assert_refused(live_server.url, browser, landing, "unknown_email")
    assert get_user_model().objects.count() == accounts_before


def test_an_unverified_email_is_refused_even_when_it_matches(live_server, oidc, kari):
    browser, landing = sign_in(live_server.url, "kari-uverifisert", amr="mfa")

    assert_refused(live_server.url, browser, landing, "email_not_verified")


def test_a_deactivated_account_is_refused(live_server, oidc, kari):
    kari.is_active = False
    kari.save()

    browser, landing = sign_in(live_server.url, "kari", amr="mfa")

    assert_refused(live_server.url, browser, landing, "account_inactive", actor=kari)


def test_a_shelter_that_has_not_allowed_it_is_refused(live_server, oidc, kari, frida):
    browser, landing = sign_in(live_server.url, "frida", amr="mfa")

    assert_refused(live_server.url, browser, landing, "shelter_not_allowed", actor=frida)


def test_an_operator_is_refused(live_server, oidc, kari):
    operator = operator_create(
        actor=None,
        username="drift",
        email="drift@fjordby.kommune.example",
        full_name="Dag Drift",
        password=PASSWORD,
    )

    browser, landing = sign_in(live_server.url, "drift", amr="mfa")

    assert_refused(live_server.url, browser, landing, "operator", actor=operator)
