"""The municipal sign-in tests' world (ADR 0023): the OpenID Connect provider started once for the folder
(tests/oidc_provider), the settings pointing at it, and Fjordby (municipal sign-in on) and Åsby (off)
with Kari and Frida known to the municipality by e-mail. These replace the shared kari and frida
fixtures in this folder only."""

import secrets

import pytest

from boligplan.accounts.models import TOTPDevice
from boligplan.core.models import Shelter
from tests.accounts.municipal.helpers import (
    ACCOUNTS,
    CLIENT_ID,
    CLIENT_SECRET,
    FRIDA_EMAIL,
    KARI_EMAIL,
    OTHER_CLIENT_ID,
    _sessions,
)
from tests.conftest import make_user
from tests.oidc_idp import running_provider


@pytest.fixture(scope="package")
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


@pytest.fixture(autouse=True)
def _close_sessions():
    """Close the HTTP connections after each test: a kept-alive one holds a live-server thread and
    its database connection open, and PostgreSQL then cannot drop the test database."""
    yield
    while _sessions:
        _sessions.pop().close()
