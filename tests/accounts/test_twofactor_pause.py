"""After wrong codes the second-factor step pauses: the answer says so and for how long.

The pause is django-otp's back-off (1, 2, 4 … seconds after each wrong code; 32 seconds after
six). During it no code is compared, so the answer is the same for a right and a wrong code:
it tells the person at the keyboard, who already gave the right password, nothing about the code.
"""

import datetime
import re
import time

from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice

from boligplan.accounts.models import TOTPDevice
from tests.conftest import PASSWORD

VERIFY = "/tofaktor/"
ENROL = "/tofaktor/ny/"
OVERVIEW = "/"


def code_for(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():06d}"


def _logged_in(user, *, confirmed=True):
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=confirmed)
    client = Client()
    client.post("/logg-inn/", {"username": user.username, "password": PASSWORD})
    return client, device


def _pause(device, failures=6, ago_seconds=0):
    device.throttling_failure_count = failures
    device.throttling_failure_timestamp = timezone.now() - datetime.timedelta(seconds=ago_seconds)
    device.save()


def _without_csrf(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_six_wrong_codes_then_the_right_one_says_paused_and_for_how_long(kari):
    client, device = _logged_in(kari)
    _pause(device, failures=6)  # the sixth wrong code just now: 32 seconds to wait
    right = client.post(VERIFY, {"token": code_for(device)})
    assert right.status_code == 400
    text = right.content.decode()
    assert "satt på pause" in text
    assert re.search(r"Prøv igjen om (3[0-2]|2\d) sekunder", text)
    until = timezone.localtime(device.throttling_failure_timestamp + datetime.timedelta(seconds=32))
    assert until.strftime("%H:%M:%S") in text
    assert "Koden stemmer ikke" not in text  # it was not compared, so it is not called wrong
    assert client.get(OVERVIEW).status_code == 302


def test_the_paused_answer_is_the_same_for_a_right_and_a_wrong_code_and_spends_nothing(kari):
    client, device = _logged_in(kari)
    _pause(device, failures=6)
    code = code_for(device)
    right = client.post(VERIFY, {"token": code})
    wrong = client.post(VERIFY, {"token": "000000" if code != "000000" else "111111"})
    assert right.status_code == wrong.status_code == 400
    assert _same_but_for_seconds(right, wrong)
    device.refresh_from_db()
    assert device.throttling_failure_count == 6  # refused attempts during the pause add nothing
    # When the pause has run out the same code still works: it was never spent.
    _pause(device, failures=6, ago_seconds=60)
    assert client.post(VERIFY, {"token": code})["Location"] == OVERVIEW


def _same_but_for_seconds(a, b) -> bool:
    def norm(response):
        text = _without_csrf(response)
        text = re.sub(r'value="[^"]*"', 'value=""', text)
        return re.sub(r"\d+ sekund(er)?|\d{2}:\d{2}:\d{2}", "T", text)

    return norm(a) == norm(b)


def test_a_long_pause_is_told_in_minutes(kari):
    client, device = _logged_in(kari)
    _pause(device, failures=10)  # 512 seconds
    text = client.post(VERIFY, {"token": code_for(device)}).content.decode()
    assert re.search(r"Prøv igjen om (8|9) minutter", text)


def test_a_recovery_code_during_a_pause_gets_the_same_explanation(kari):
    client, _device = _logged_in(kari)
    static = StaticDevice.objects.create(user=kari, name="recovery", confirmed=True)
    static.token_set.create(token="abcde-12345")
    _pause(static, failures=6)
    response = client.post(VERIFY, {"token": "abcde-12345"})
    assert response.status_code == 400 and "satt på pause" in response.content.decode()
    assert static.token_set.filter(token="abcde-12345").exists()  # not consumed


def test_enrolment_during_a_pause_says_so(kari):
    client, device = _logged_in(kari, confirmed=False)
    client.get(ENROL)
    _pause(device, failures=6)
    response = client.post(ENROL, {"token": code_for(device)})
    assert response.status_code == 400 and "satt på pause" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_six_real_wrong_codes_pause_the_account_and_the_page_says_so(kari):
    client, device = _logged_in(kari)
    for _ in range(6):
        wrong = client.post(VERIFY, {"token": "000000" if code_for(device) != "000000" else "111111"})
        assert wrong.status_code == 400
        # Wait out the back-off as a patient person would, without sleeping in the test.
        device.refresh_from_db()
        device.throttling_failure_timestamp -= datetime.timedelta(minutes=10)
        device.save()
    device.refresh_from_db()
    assert device.throttling_failure_count == 6
    device.throttling_failure_timestamp = timezone.now()  # the sixth wrong code was just now
    device.save()
    right = client.post(VERIFY, {"token": code_for(device)})
    assert right.status_code == 400
    assert re.search(r"satt på pause.*Prøv igjen om (3[0-2]|2\d) sekunder", right.content.decode(), re.S)
