"""Municipal sign-in around the journey (ADR 0023): locks and refusals, a replayed answer, nothing
secret in the logs, the setting without configuration and the leader's switch, and a provider that
does not answer."""

import threading

import pytest
from django.urls import reverse

from boligplan.audit.models import AuditEvent
from tests.accounts.municipal.helpers import (
    CLIENT_ID,
    CLIENT_SECRET,
    KARI_EMAIL,
    REFUSED_TEXT,
    assert_refused,
    new_session,
    password_login,
    path_of,
    sign_in,
)
from tests.conftest import PASSWORD
from tests.oidc_idp import free_port

pytestmark = pytest.mark.django_db(transaction=True)


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
