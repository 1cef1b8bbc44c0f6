"""Sign-in through the municipality in Chromium, at 1366 and 390 px (axe 0, no sideways scrolling).

Lene, the leader, turns the municipal sign-in on for her shelter. Kari then signs in with the
municipality's login (a real OpenID Connect provider started for the test), gives the code from
her app, and lands on the overview. A sign-in the municipality vouches for but Boligplan does not
know is refused with a message on the login page.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from boligplan.accounts.models import TOTPDevice
from tests.accounts.municipal.helpers import CLIENT_ID, CLIENT_SECRET, IDP_PASSWORD, KARI_EMAIL
from tests.oidc_idp import running_provider

from .conftest import current_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACCOUNTS = [
    {"login": "kari", "email": KARI_EMAIL, "email_verified": True},
    {"login": "per", "email": "per.ukjent@fjordby.kommune.example", "email_verified": True},
]
for _account in ACCOUNTS:
    _account |= {"password": IDP_PASSWORD, "name": _account["login"].title()}


@pytest.fixture(scope="module")
def provider(live_server):
    clients = [
        {
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "redirect_uri": f"{live_server.url}/logg-inn/kommune/svar/",
        }
    ]
    with running_provider(clients=clients, accounts=ACCOUNTS) as issuer:
        yield issuer


def test_municipal_sign_in_in_the_browser(page, check_page, log_in, settings, provider, lene, kari, shelter):
    settings.OIDC_DISCOVERY_URL = f"{provider}/.well-known/openid-configuration"
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
    kari.email = KARI_EMAIL
    kari.save()
    device = TOTPDevice.objects.create(user=kari, name="app", confirmed=True)

    log_in(lene)
    page.goto(reverse("shelter-settings"))
    page.get_by_role("radio", name="Også kommunens innlogging").check()
    check_page("settings")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Innstillingene er lagret.")).to_be_visible()
    page.get_by_role("button", name="Logg ut").click()

    page.goto(reverse("login"))
    check_page("login")
    page.get_by_role("link", name="Logg inn med kommunens innlogging").click()
    # The municipality's page (the test provider's plain form).
    page.get_by_label("Brukernavn").fill("kari")
    page.get_by_label("Passord").fill(IDP_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    expect(page).to_have_url(f"{page.url.split('/tofaktor/')[0]}/tofaktor/")
    check_page("code-step")
    page.get_by_label("Engangskode").fill(current_code(device.key))
    page.get_by_role("button", name="Fortsett").click()
    expect(page.get_by_role("button", name="Logg ut")).to_be_visible()
    page.get_by_role("button", name="Logg ut").click()

    # The same browser: the municipality asks again (prompt=login), it does not sign Kari in.
    page.goto(reverse("login"))
    page.get_by_role("link", name="Logg inn med kommunens innlogging").click()
    page.get_by_label("Brukernavn").fill("per")
    page.get_by_label("Passord").fill(IDP_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("alert")).to_contain_text("Innloggingen gjennom kommunen ble ikke godtatt")
    check_page("refused")
    check_page.assert_no_violations()
