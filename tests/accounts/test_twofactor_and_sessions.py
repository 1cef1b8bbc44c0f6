"""Login with two factors, lockout, and the session rules for shared computers."""

import time
from urllib.parse import quote

from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken

from boligplan.accounts.models import TOTPDevice
from boligplan.accounts.sessions import LOGIN_AT_KEY
from boligplan.audit.models import AuditEvent
from tests.conftest import PASSWORD

LOGIN = "/logg-inn/"
OVERVIEW = "/"


def code_for(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():06d}"


def password_login(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def test_first_login_goes_to_enrolment_and_nothing_else_is_reachable(client, kari):
    response = password_login(client, "kari")
    assert response.status_code == 302
    for url in (OVERVIEW, reverse("residents:stays-earlier"), reverse("children:children-list")):
        # The page asked for rides along as `next`, so the user lands there after the step.
        location = client.get(url)["Location"]
        assert location.split("?", 1)[0] == reverse("accounts:twofactor-enrol")
        assert location == reverse("accounts:twofactor-enrol") or location.endswith(quote(url, safe=""))


def test_enrolment_with_the_app_code_gives_recovery_codes_and_access(client, kari, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # throttling after a wrong code has its own test
    password_login(client, "kari")
    page = client.get(reverse("accounts:twofactor-enrol"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "QR-kode" in html
    device = TOTPDevice.objects.get(user=kari, confirmed=False)

    wrong = client.post(reverse("accounts:twofactor-enrol"), {"token": "000000"})
    assert wrong.status_code == 400 and "Koden stemmer ikke" in wrong.content.decode()
    assert client.get(OVERVIEW).status_code == 302

    done = client.post(reverse("accounts:twofactor-enrol"), {"token": code_for(device)})
    assert done.status_code == 200
    tokens = list(StaticToken.objects.filter(device__user=kari).values_list("token", flat=True))
    assert len(tokens) == 10
    assert all(token in done.content.decode() for token in tokens)
    assert client.get(OVERVIEW).status_code == 200
    assert AuditEvent.objects.filter(actor=kari, action="auth.totp_enrolled").count() == 1


def _enrolled(user):
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return device


def test_enrolled_user_must_give_a_code_and_a_recovery_code_works_once(kari, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    device = _enrolled(kari)
    from django_otp.plugins.otp_static.models import StaticDevice

    static = StaticDevice.objects.create(user=kari, name="recovery", confirmed=True)
    static.token_set.create(token="abcde-12345")

    client = Client()
    password_login(client, "kari")
    assert client.get(OVERVIEW)["Location"] == reverse("accounts:twofactor-verify")
    assert client.post(reverse("accounts:twofactor-verify"), {"token": "123"}).status_code == 400
    assert client.post(reverse("accounts:twofactor-verify"), {"token": code_for(device)}).status_code == 302
    assert client.get(OVERVIEW).status_code == 200

    second = Client()
    password_login(second, "kari")
    assert second.post(reverse("accounts:twofactor-verify"), {"token": "abcde-12345"}).status_code == 302
    assert second.get(OVERVIEW).status_code == 200
    third = Client()
    password_login(third, "kari")
    assert third.post(reverse("accounts:twofactor-verify"), {"token": "abcde-12345"}).status_code == 400
    assert AuditEvent.objects.filter(actor=kari, action="auth.recovery_code_used").count() == 1


def test_lockout_after_ten_failures_looks_the_same_for_unknown_and_known_accounts(client, kari):
    answers = [password_login(client, "kari", "feil-passord-igjen").status_code for _ in range(10)]
    assert answers == [200] * 9 + [429]  # the tenth failure locks the account name
    locked_real = password_login(client, "kari")  # right password, but locked
    for _ in range(10):
        password_login(client, "finnes-ikke", "feil-passord-igjen")
    locked_unknown = password_login(client, "finnes-ikke", PASSWORD)
    assert locked_real.status_code == locked_unknown.status_code == 429
    assert locked_real.content == locked_unknown.content
    assert "For mange forsøk" in locked_real.content.decode()


def test_wrong_password_and_unknown_user_get_the_same_answer(client, kari):
    wrong = password_login(client, "kari", "feil-passord-her")
    unknown = password_login(client, "ingen-slik-bruker", "feil-passord-her")
    assert wrong.status_code == unknown.status_code == 200

    def body(response):
        # The typed user name is echoed back into the field; everything else must be identical.
        return response.content.decode().replace("kari", "X").replace("ingen-slik-bruker", "X")

    def strip_csrf(text):
        import re

        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)

    assert strip_csrf(body(wrong)) == strip_csrf(body(unknown))


def test_login_gives_a_new_session_key(client, kari):
    client.get(LOGIN)
    before = client.cookies.get("sessionid")
    password_login(client, "kari")
    after = client.cookies["sessionid"].value
    assert before is None or before.value != after


def test_a_session_ends_twelve_hours_after_login_however_active(client_for, kari):
    client = client_for(kari)
    assert client.get(OVERVIEW).status_code == 200
    session = client.session
    session[LOGIN_AT_KEY] = int(time.time()) - 12 * 3600 - 60
    session.save()
    response = client.get(OVERVIEW)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert client.get(OVERVIEW).status_code == 302


def test_idle_timeout_is_thirty_minutes_and_renewed_by_use(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_TOUCH_SECONDS == 60  # renewed by use, written at most once a minute
    assert settings.SESSION_ABSOLUTE_SECONDS == 12 * 3600


def test_deactivating_an_account_ends_all_its_sessions_at_once(kari, ola):
    clients = []
    for _ in range(2):
        c = Client()
        password_login(c, "kari")
        clients.append(c)
    other = Client()
    password_login(other, "ola")
    assert Session.objects.count() == 3

    kari.is_active = False
    kari.save()

    assert Session.objects.count() == 1  # only ola's is left
    for c in clients:
        assert c.get(OVERVIEW)["Location"].startswith(LOGIN)


def test_logout_clears_site_data_and_pages_are_not_cached(client_for, kari):
    client = client_for(kari)
    assert "no-store" in client.get(OVERVIEW)["Cache-Control"]
    response = client.post(reverse("logout"))
    assert '"cookies"' in response["Clear-Site-Data"]
    assert client.get(OVERVIEW).status_code == 302


def test_a_wrong_code_slows_down_the_next_try(kari):
    device = _enrolled(kari)
    client = Client()
    password_login(client, "kari")
    assert client.post(reverse("accounts:twofactor-verify"), {"token": "000000"}).status_code == 400
    # Even the right code is refused straight after a wrong one: guessing six digits takes too long.
    assert client.post(reverse("accounts:twofactor-verify"), {"token": code_for(device)}).status_code == 400
    assert client.get(OVERVIEW).status_code == 302
