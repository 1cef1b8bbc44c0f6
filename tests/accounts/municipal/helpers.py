"""The test provider's clients and directory (synthetic people only), and the sign-in journey through
it over HTTP, shared by the municipal sign-in tests and tests/browser/test_municipal_sign_in_browser.py."""

import html
import re
import secrets
import time

import requests
from django.urls import reverse
from django_otp.oath import TOTP

from boligplan.audit.models import AuditEvent

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
_sessions: list[requests.Session] = []


def new_session() -> requests.Session:
    session = requests.Session()
    _sessions.append(session)
    return session


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


def password_login(base_url: str, username: str, password: str):
    browser = new_session()
    page = browser.get(f"{base_url}/logg-inn/", timeout=10)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    data = {"csrfmiddlewaretoken": csrf, "username": username, "password": password}
    return browser.post(page.url, data=data, timeout=10)
