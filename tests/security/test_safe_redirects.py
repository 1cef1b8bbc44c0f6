"""Every `next` the app reads is followed only when it is a path on this site (core/redirects.py).

Each hostile value is tried at each place that reads `next`: the login form, the second-factor
step (before and after the code), enrolment, logout, and the step the middleware sends an
unverified user to. The redirect target is asserted, and no correct one-time code may be spent
on a request that then fails.
"""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp.oath import TOTP

from boligplan.accounts.models import TOTPDevice
from boligplan.core.redirects import is_safe_next, safe_next
from tests.conftest import PASSWORD

LOGIN = "/logg-inn/"
OVERVIEW = "/"
VERIFY = "/tofaktor/"
ENROL = "/tofaktor/ny/"

HOSTILE = [
    "https://evil.example/x",
    "http://evil.example/x",
    "HTTPS://evil.example",
    "https:evil.example",
    "http://testserver@evil.example/",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    "foo",
    "foo/bar",
    "",
    "   ",
    " /opphold/tidligere/",
    "/\t/evil.example",
    "/\n/evil.example",
    "/opphold/\r\nSet-Cookie: x=1",
    "\x00/opphold/",
    "/opphold/\x7f",
    "/opphold/\u200b",
    "/" + "a" * 3000,
]
SAFE = "/opphold/tidligere/"


def code_for(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():06d}"


@pytest.fixture(autouse=True)
def _no_throttle(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def _after_password(user, *, enrolled=True):
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=enrolled)
    client = Client()
    assert client.post(LOGIN, {"username": user.username, "password": PASSWORD}).status_code == 302
    return client, device


@pytest.mark.parametrize("value", HOSTILE)
def test_the_check_refuses_every_hostile_value(value):
    for secure in (False, True):
        request = RequestFactory().get("/", secure=secure)
        assert not is_safe_next(request, value)
        assert safe_next(request, url=value) == OVERVIEW


def test_the_check_keeps_a_path_on_this_site():
    for secure in (False, True):
        request = RequestFactory().get("/", {"next": SAFE}, secure=secure)
        assert safe_next(request) == SAFE
    assert safe_next(RequestFactory().get("/", {"next": "/opphold/?side=2"})) == "/opphold/?side=2"


@pytest.mark.parametrize("value", HOSTILE)
def test_second_factor_with_a_hostile_next_goes_to_the_overview_and_the_code_works(kari, value):
    client, device = _after_password(kari)
    response = client.post(f"{VERIFY}?{_q(value)}", {"token": code_for(device)})
    assert response.status_code == 302
    assert response["Location"] == OVERVIEW
    # The code was spent on a request that succeeded: the session is verified, nothing failed.
    assert client.get(OVERVIEW).status_code == 200


@pytest.mark.parametrize("value", HOSTILE)
def test_second_factor_next_in_the_form_body_is_checked_too(kari, value):
    client, device = _after_password(kari)
    response = client.post(VERIFY, {"token": code_for(device), "next": value})
    assert response.status_code == 302 and response["Location"] == OVERVIEW


@pytest.mark.parametrize("value", HOSTILE)
def test_already_verified_user_with_a_hostile_next_goes_to_the_overview(client_for, kari, value):
    client = client_for(kari)
    response = client.get(f"{VERIFY}?{_q(value)}")
    assert response.status_code == 302 and response["Location"] == OVERVIEW


@pytest.mark.parametrize("value", HOSTILE)
def test_login_with_a_hostile_next_goes_to_the_overview(client, kari, value):
    page = client.get(f"{LOGIN}?{_q(value)}")
    assert page.status_code == 200
    assert page.context["next"] == ""  # the hidden field carries nothing hostile on
    response = client.post(LOGIN, {"username": "kari", "password": PASSWORD, "next": value})
    assert response.status_code == 302 and response["Location"] == OVERVIEW


@pytest.mark.parametrize("value", HOSTILE)
def test_logged_in_user_on_the_login_page_with_a_hostile_next_goes_to_the_overview(client_for, kari, value):
    response = client_for(kari).get(f"{LOGIN}?{_q(value)}")
    assert response.status_code == 302 and response["Location"] == OVERVIEW


@pytest.mark.parametrize("value", HOSTILE)
def test_logout_with_a_hostile_next_goes_to_the_login_page(client_for, kari, value):
    client = client_for(kari)
    response = client.post(f"{reverse('logout')}?{_q(value)}", {"next": value})
    assert response.status_code == 302 and response["Location"] == LOGIN


@pytest.mark.parametrize("value", HOSTILE)
def test_enrolment_with_a_hostile_next_ends_on_a_link_to_the_overview(kari, value):
    client, device = _after_password(kari, enrolled=False)
    # The verify step sends an unenrolled user on to enrolment without the hostile value.
    step = client.get(f"{VERIFY}?{_q(value)}")
    assert step.status_code == 302 and step["Location"] == ENROL
    done = client.post(f"{ENROL}?{_q(value)}", {"token": code_for(device)})
    assert done.status_code == 200
    assert done.context["next_url"] == OVERVIEW
    assert f'href="{OVERVIEW}"' in done.content.decode()


@pytest.mark.parametrize("value", HOSTILE)
def test_enrolled_user_sent_from_enrolment_to_the_code_step_without_the_hostile_value(kari, value):
    client, _device = _after_password(kari)
    response = client.get(f"{ENROL}?{_q(value)}")
    assert response.status_code == 302 and response["Location"] == VERIFY


def test_the_looping_and_self_referring_next_values_do_not_fail(client_for, kari):
    client = client_for(kari)
    assert client.get(f"{LOGIN}?next={LOGIN}")["Location"] == OVERVIEW
    logout = client.post(reverse("logout"), {"next": reverse("logout")})
    assert logout.status_code == 302 and logout["Location"] == LOGIN


def test_after_login_and_the_code_the_user_lands_on_the_page_asked_for(kari):
    client = Client()
    asked = client.get(SAFE)
    assert asked.status_code == 302 and urlsplit(asked["Location"]).path == LOGIN
    login = client.post(asked["Location"], {"username": "kari", "password": PASSWORD, "next": SAFE})
    device = TOTPDevice.objects.create(user=kari, name="app", confirmed=True)
    assert login["Location"] == SAFE
    step = client.get(SAFE)
    assert urlsplit(step["Location"]).path == VERIFY
    assert parse_qs(urlsplit(step["Location"]).query) == {"next": [SAFE]}
    done = client.post(step["Location"], {"token": code_for(device)})
    assert done.status_code == 302 and done["Location"] == SAFE
    assert client.get(SAFE).status_code == 200


def test_after_enrolment_the_link_leads_to_the_page_asked_for(kari):
    client = Client()
    client.post(LOGIN, {"username": "kari", "password": PASSWORD, "next": SAFE})
    step = client.get(SAFE)
    assert urlsplit(step["Location"]).path == ENROL
    client.get(step["Location"])
    device = TOTPDevice.objects.get(user=kari, confirmed=False)
    done = client.post(step["Location"], {"token": code_for(device)})
    assert done.context["next_url"] == SAFE
    assert client.get(SAFE).status_code == 200


def test_the_overview_and_a_post_carry_no_next(kari):
    client, _device = _after_password(kari)
    assert client.get(OVERVIEW)["Location"] == VERIFY
    assert client.post(reverse("residents:resident-register"), {})["Location"] == VERIFY


def _q(value: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"next": value})


def _middleware_redirect(user, path):
    from boligplan.accounts.middleware import TwoFactorRequiredMiddleware

    request = RequestFactory().get("/")
    request.path = request.path_info = path
    request.user = user  # logged in with the password, not verified
    user.is_verified = lambda: False
    TOTPDevice.objects.get_or_create(user=user, name="app", confirmed=True)
    response = TwoFactorRequiredMiddleware(lambda r: None)(request)
    assert response.status_code == 302
    return response["Location"]


def test_the_middleware_carries_on_no_path_that_leaves_the_site(kari):
    assert _middleware_redirect(kari, "//evil.example/x") == VERIFY


@pytest.mark.parametrize("path", ["/\\evil.example/x", "/opphold/ x", "/opphold/\r\nX: 1"])
def test_the_middleware_carries_on_odd_paths_only_escaped(kari, path):
    location = _middleware_redirect(kari, path)
    carried = parse_qs(urlsplit(location).query)["next"][0]
    assert carried.startswith("/%") or carried.startswith("/opphold/%")
    assert is_safe_next(RequestFactory().get("/"), carried)
