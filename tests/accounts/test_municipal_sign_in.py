"""Sign-in through the municipality (OpenID Connect, ADR 0023), end to end over HTTP.

The app runs on pytest-django's live server; the identity provider is a real one
(tests/oidc_provider: panva's oidc-provider on Node.js) started by this module. A `requests`
session plays the browser: it follows the redirects, fills the provider's login form and comes
back to Boligplan with the authorization code, exactly as a person's browser would.
"""

import html
import re
import secrets
import threading
import time

import pytest
import requests
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.oath import TOTP

from boligplan.accounts.models import MunicipalSecondFactor, TOTPDevice
from boligplan.accounts.services import operator_create
from boligplan.audit.models import AuditEvent
from boligplan.core.models import Shelter
from tests.conftest import PASSWORD, make_user
from tests.oidc_idp import free_port, running_provider

pytestmark = pytest.mark.django_db(transaction=True)

CLIENT_ID = "boligplan-test"
CLIENT_SECRET = secrets.token_urlsafe(32)
OTHER_CLIENT_ID = "annen-tjeneste"
IDP_PASSWORD = "kommune-passord-for-test"
KARI_EMAIL = "kari.nordmann@fjordby.kommune.example"
FRIDA_EMAIL = "frida.fjell@asby.kommune.example"

# The municipality's directory: synthetic people only.
ACCOUNTS = [
    {"login": "kari", "email": "Kari.Nordmann@Fjordby.kommune.example", "email_verified": True},
    # The same address, but the provider does not vouch for it.
    {"login": "kari-uverifisert", "email": KARI_EMAIL, "email_verified": False},
    {"login": "per", "email": "per.ukjent@fjordby.kommune.example", "email_verified": True},
    {"login": "frida", "email": FRIDA_EMAIL, "email_verified": True},
    {"login": "drift", "email": "drift@fjordby.kommune.example", "email_verified": True},
]
for _account in ACCOUNTS:
    _account |= {"password": IDP_PASSWORD, "name": _account["login"].title()}

REFUSED_TEXT = "Innloggingen gjennom kommunen ble ikke godtatt"


@pytest.fixture(scope="module")
def provider(live_server):
    redirect = f"{live_server.url}/logg-inn/kommune/svar/"
    clients = [
        {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "redirect_uri": redirect},
        {"client_id": OTHER_CLIENT_ID, "client_secret": secrets.token_urlsafe(32), "redirect_uri": redirect},
    ]
    with running_provider(clients=clients, accounts=ACCOUNTS) as issuer:
        yield issuer


@pytest.fixture
def oidc(settings, provider):
    settings.OIDC_DISCOVERY_URL = f"{provider}/.well-known/openid-configuration"
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_MFA_ACR_VALUES = ["idporten-loa-high"]
    settings.OIDC_CLOCK_LEEWAY = 60
    return settings


@pytest.fixture
def fjordby(db):
    return Shelter.objects.create(name="Fjordby krisesenter", municipal_login=True)


@pytest.fixture
def asby(db):
    return Shelter.objects.create(name="Åsby krisesenter", municipal_login=False)


@pytest.fixture
def kari(fjordby):
    user = make_user("kari", fjordby, "ansatt", "Kari")
    user.email = KARI_EMAIL
    user.save()
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user


@pytest.fixture
def frida(asby):
    user = make_user("frida", asby, "ansatt", "Frida")
    user.email = FRIDA_EMAIL
    user.save()
    return user


_sessions: list[requests.Session] = []


def new_session() -> requests.Session:
    session = requests.Session()
    _sessions.append(session)
    return session


@pytest.fixture(autouse=True)
def _close_sessions():
    """Close the HTTP connections after each test: a kept-alive one holds a live-server thread and
    its database connection open, and PostgreSQL then cannot drop the test database."""
    yield
    while _sessions:
        _sessions.pop().close()


def sign_in(base_url: str, login: str, *, amr="pwd", acr="", anomaly="", session=None):
    """The whole journey from our login page's button through the provider and back."""
    browser = session or new_session()
    page = browser.get(f"{base_url}/logg-inn/", timeout=10)
    assert "Logg inn med kommunens innlogging" in page.text
    button = re.search(r'href="(/logg-inn/kommune/[^"]*)"', page.text).group(1)
    provider_page = browser.get(base_url + html.unescape(button), timeout=10)
    assert provider_page.status_code == 200, provider_page.text
    action = re.search(r'action="([^"]+)"', provider_page.text).group(1)
    landing = browser.post(
        requests.compat.urljoin(provider_page.url, html.unescape(action)),
        data={"login": login, "password": IDP_PASSWORD, "amr": amr, "acr": acr, "anomaly": anomaly},
        timeout=20,
    )
    # A page that submits its own form (the provider ending another account's session in this
    # browser first): do what the browser's script would.
    while "document.forms[0].submit()" in landing.text:
        action = html.unescape(re.search(r'<form method="post" action="([^"]+)"', landing.text).group(1))
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', landing.text))
        landing = browser.post(action, data=fields, timeout=20)
    return browser, landing


def path_of(response) -> str:
    return requests.compat.urlsplit(response.url).path


def assert_refused(base_url, browser, landing, reason: str, actor=None):
    assert path_of(landing) == reverse("login")
    assert REFUSED_TEXT in landing.text
    # Not logged in: the overview sends the browser to the login page.
    assert path_of(browser.get(f"{base_url}/", timeout=10)) == reverse("login")
    refusal = AuditEvent.objects.get(action="auth.municipal_refused")
    assert refusal.fields == reason
    assert refusal.actor_id == (actor.pk if actor else None)
    assert not AuditEvent.objects.filter(action="auth.municipal_login").exists()


def current_code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():06d}"


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


def password_login(base_url: str, username: str, password: str):
    browser = new_session()
    page = browser.get(f"{base_url}/logg-inn/", timeout=10)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    data = {"csrfmiddlewaretoken": csrf, "username": username, "password": password}
    return browser.post(page.url, data=data, timeout=10)


def test_an_account_locked_by_wrong_passwords_stays_locked(live_server, oidc, kari, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_login(live_server.url, "kari", "feil-passord-feil")

    browser, landing = sign_in(live_server.url, "kari", amr="mfa")

    assert_refused(live_server.url, browser, landing, "locked_out", actor=kari)


def test_refusals_do_not_lock_anyone_out(live_server, oidc, kari, settings):
    # Refusals are not guesses at a password of ours; counted by django-axes (as failures of an
    # empty user name) they would soon lock every municipal sign-in of the instance.
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        sign_in(live_server.url, "per", amr="mfa")

    _, landing = sign_in(live_server.url, "kari", amr="mfa")

    assert path_of(landing) == reverse("reports:overview")
    # And the password still works.
    assert path_of(password_login(live_server.url, "kari", PASSWORD)) == reverse("accounts:twofactor-verify")


def test_a_replayed_answer_from_the_provider_is_refused(live_server, oidc, kari):
    """The code and state in the redirect work once, in the browser that started the sign-in."""
    browser = new_session()
    browser.max_redirects = 30
    captured = {}

    def keep_callback(response, *args, **kwargs):
        if "/logg-inn/kommune/svar/" in response.url:
            captured["url"] = response.url

    browser.hooks["response"].append(keep_callback)
    _, landing = sign_in(live_server.url, "kari", amr="mfa", session=browser)
    assert path_of(landing) == reverse("reports:overview")

    stranger = new_session()
    replay = stranger.get(captured["url"], timeout=10)

    assert path_of(replay) == reverse("login")
    assert REFUSED_TEXT in replay.text
    assert AuditEvent.objects.filter(action="auth.municipal_refused").count() == 1


def test_no_token_or_code_reaches_the_logs(live_server, oidc, kari, caplog):
    caplog.set_level("DEBUG")

    sign_in(live_server.url, "kari", amr="mfa")
    sign_in(live_server.url, "kari", amr="mfa", anomaly="expired")

    # What the app logged (the live server's thread), not this test's own HTTP client.
    server_side = [r for r in caplog.records if r.thread != threading.main_thread().ident]
    assert server_side, "the app's records were not captured"
    logged = "\n".join(record.getMessage() for record in server_side)
    assert "eyJ" not in logged  # the start of every JWT
    assert "code=" not in logged
    assert "code_verifier" not in logged
    assert KARI_EMAIL not in logged.lower()


@pytest.mark.django_db
def test_without_configuration_no_button_and_no_urls(client, settings):
    settings.OIDC_DISCOVERY_URL = ""
    settings.OIDC_CLIENT_ID = ""
    settings.OIDC_CLIENT_SECRET = ""

    page = client.get(reverse("login"))

    assert "kommunens innlogging" not in page.content.decode()
    assert client.get(reverse("municipal-login")).status_code == 404
    assert client.get(reverse("municipal-callback"), {"code": "x", "state": "y"}).status_code == 404


@pytest.mark.django_db
def test_the_leader_turns_the_municipal_sign_in_on_and_off(client_for, lene, shelter, settings):
    settings.OIDC_DISCOVERY_URL = "https://idp.kommune.example/.well-known/openid-configuration"
    settings.OIDC_CLIENT_ID = "boligplan"
    settings.OIDC_CLIENT_SECRET = "a-secret-for-this-test-only"
    client = client_for(lene)
    assert "Også kommunens innlogging" in client.get(reverse("shelter-settings")).content.decode()

    response = client.post(reverse("shelter-settings"), {"assessment_due_days": "3", "municipal_login": "ja"})

    assert response.status_code == 302
    shelter.refresh_from_db()
    assert shelter.municipal_login is True
    changed = AuditEvent.objects.get(action="shelter.settings_changed")
    assert changed.fields == "municipal_login"
    # A post without the field (an older form) keeps the choice; "nei" turns it off.
    client.post(reverse("shelter-settings"), {"assessment_due_days": "4"})
    shelter.refresh_from_db()
    assert shelter.municipal_login is True
    client.post(reverse("shelter-settings"), {"assessment_due_days": "4", "municipal_login": "nei"})
    shelter.refresh_from_db()
    assert shelter.municipal_login is False


@pytest.mark.django_db
def test_the_setting_is_not_offered_without_a_provider(client_for, lene, settings):
    settings.OIDC_DISCOVERY_URL = ""

    assert "kommunens innlogging" not in client_for(lene).get(reverse("shelter-settings")).content.decode()


@pytest.mark.django_db
def test_a_provider_that_does_not_answer_gives_a_message_not_an_error(client, settings):
    settings.OIDC_DISCOVERY_URL = f"http://127.0.0.1:{free_port()}/.well-known/openid-configuration"
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET

    response = client.get(reverse("municipal-login"), follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == f"{reverse('login')}?kommune=utilgjengelig"
    assert "Kommunens innlogging svarer ikke akkurat nå" in response.content.decode()
