"""Interruptions: a form sent after the idle timeout is kept for its author and comes back after login.

The session ends after 30 quiet minutes; here its row is simply moved into the past, which is what
the idle timeout amounts to on the server. Then the journey is walked as a person would: the form
is sent, the login page comes, the password and the app code are given, and the user lands on the
page they were on with their text in the form, nothing saved.
"""

import datetime
import re
import time
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP

from boligplan.accounts.models import PendingForm, TOTPDevice, UserSession
from boligplan.accounts.sessions import LOGIN_AT_KEY
from boligplan.core import crypto, pending
from boligplan.housing.models import Task
from boligplan.residents.models import JournalNote
from tests.conftest import PASSWORD, verified_login

LOGIN = "/logg-inn/"
VERIFY = "/tofaktor/"
NOTE = "Ringte boligkontoret kl. 14, de ringer tilbake i morgen om visningen"
RESTORED = "Teksten du skrev er hentet tilbake – se over og lagre."


@pytest.fixture(autouse=True)
def _no_throttle(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def code_for(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():06d}"


def device_of(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="app", confirmed=True
    )


def logged_in(user) -> Client:
    client = Client()
    device_of(user)
    return verified_login(client, user)


def idle_out(client) -> None:
    """What 30 quiet minutes do on the server: the session's row is past its expiry."""
    key = client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))


def log_in_again(client, user, login_location: str):
    """Password then app code, following the redirects as a browser would.

    Returns where it lands and the page it got there (the one that shows any restored text).
    """
    next_url = parse_qs(urlsplit(login_location).query).get("next", [""])[0]
    response = client.post(login_location, {"username": user.username, "password": PASSWORD, "next": next_url})
    assert response.status_code == 302, response.status_code
    location = response["Location"]
    for _ in range(5):
        if not location.startswith(VERIFY):
            response = client.get(location)
            if response.status_code != 302:
                return location, response.content.decode()
            location = response["Location"]
            continue
        response = client.post(location, {"token": code_for(device_of(user))})
        assert response.status_code == 302
        location = response["Location"]
    raise AssertionError("too many redirects")


def textarea_text(html: str, name: str) -> str:
    match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', html, re.S)
    assert match, f"no textarea {name}"
    return unescape(match.group(1)).strip()


def test_a_note_sent_after_the_idle_timeout_comes_back_after_login_and_is_not_saved(kari, stay):
    client = logged_in(kari)
    page = reverse("residents:stay-detail", kwargs={"stay_id": stay.pk})
    notes_before = JournalNote.objects.count()
    idle_out(client)

    sent = client.post(reverse("residents:note-add", kwargs={"stay_id": stay.pk}), {"text": NOTE})

    assert sent.status_code == 302
    location = sent["Location"]
    assert location.startswith(LOGIN)
    query = parse_qs(urlsplit(location).query)
    assert query["next"] == [page] and query["utlopt"] == ["stille"]
    login_page = client.get(location).content.decode()
    assert "tatt vare på" in login_page
    assert JournalNote.objects.count() == notes_before
    # Kept on the server, encrypted: the column holds ciphertext, not the note.
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM accounts_pendingform")
        (raw,) = cursor.fetchone()
    assert raw.startswith(crypto.PREFIX) and "Ringte" not in raw

    landed, html = log_in_again(client, kari, location)

    assert landed == page
    assert textarea_text(html, "text") == NOTE
    assert RESTORED in html
    assert JournalNote.objects.count() == notes_before
    # Shown once, on landing: a second look has an empty form again.
    assert textarea_text(client.get(page).content.decode(), "text") == ""
    assert not PendingForm.objects.exists()


def test_the_text_is_in_the_form_on_the_page_the_user_lands_on(kari, stay):
    client = logged_in(kari)
    page = reverse("residents:stay-detail", kwargs={"stay_id": stay.pk})
    idle_out(client)
    location = client.post(reverse("residents:note-add", kwargs={"stay_id": stay.pk}), {"text": NOTE})["Location"]
    next_url = parse_qs(urlsplit(location).query)["next"][0]
    client.post(location, {"username": "kari", "password": PASSWORD, "next": next_url})
    verify = client.get(next_url)["Location"]
    assert verify.startswith(VERIFY)
    after_code = client.post(verify, {"token": code_for(device_of(kari))})
    assert after_code["Location"] == page

    response = client.get(page)

    html = response.content.decode()
    assert response.status_code == 200
    assert textarea_text(html, "text") == NOTE
    assert RESTORED in html
    assert re.search(r'<details class="app-fold app-fold--heading" open>', html), "the note form is unfolded"
    assert NOTE not in [note.text for note in JournalNote.objects.filter(stay=stay)]


def test_another_person_logging_in_on_the_same_browser_does_not_get_the_text(kari, ola, stay):
    client = logged_in(kari)
    page = reverse("residents:stay-detail", kwargs={"stay_id": stay.pk})
    idle_out(client)
    location = client.post(reverse("residents:note-add", kwargs={"stay_id": stay.pk}), {"text": NOTE})["Location"]
    assert PendingForm.objects.filter(user=kari).count() == 1

    landed, html = log_in_again(client, ola, location)

    assert landed == page
    assert NOTE not in html and RESTORED not in html
    assert not PendingForm.objects.exists(), "deleted when someone else logged in"


def test_the_kept_text_expires(kari, stay, settings):
    client = logged_in(kari)
    page = reverse("residents:stay-detail", kwargs={"stay_id": stay.pk})
    idle_out(client)
    location = client.post(reverse("residents:note-add", kwargs={"stay_id": stay.pk}), {"text": NOTE})["Location"]
    record = PendingForm.objects.get()
    lifetime = record.expires_at - timezone.now()
    assert datetime.timedelta(minutes=14) < lifetime <= datetime.timedelta(seconds=settings.PENDING_FORM_SECONDS)
    PendingForm.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    landed, html = log_in_again(client, kari, location)

    assert landed == page
    assert NOTE not in html and RESTORED not in html
    assert not PendingForm.objects.exists()


def test_expired_kept_forms_are_deleted_at_the_next_login_of_anyone(kari, ola, stay):
    client = logged_in(kari)
    idle_out(client)
    client.post(reverse("residents:note-add", kwargs={"stay_id": stay.pk}), {"text": NOTE})
    PendingForm.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    logged_in(ola)  # another browser, another person
    assert not PendingForm.objects.exists()


def test_a_form_page_gets_its_fields_back_generically(kari, stay):
    """Any page built on core/formflow.FormFlow: here a new task, with a text and a choice."""
    client = logged_in(kari)
    url = reverse("housing:task-create", kwargs={"stay_id": stay.pk})
    idle_out(client)
    title = "Søke om startlån – ta med lønnsslipper"
    sent = client.post(url, {"title": title, "responsible_party": "nav", "due_date": ""})
    assert parse_qs(urlsplit(sent["Location"]).query)["next"] == [url]

    landed, html = log_in_again(client, kari, sent["Location"])

    assert landed == url
    assert title in unescape(html) and RESTORED in html
    assert title not in unescape(client.get(url).content.decode())  # shown once only
    assert Task.objects.filter(title=title).count() == 0


def test_a_form_page_shows_the_restored_values_on_landing(kari, stay):
    client = logged_in(kari)
    url = reverse("housing:task-create", kwargs={"stay_id": stay.pk})
    idle_out(client)
    title = "Søke om startlån – ta med lønnsslipper"
    location = client.post(url, {"title": title, "responsible_party": "nav"})["Location"]
    client.post(location, {"username": "kari", "password": PASSWORD, "next": url})
    verify = client.get(url)["Location"]
    assert client.post(verify, {"token": code_for(device_of(kari))})["Location"] == url

    html = client.get(url).content.decode()

    assert f'value="{title}"' in unescape(html)
    assert re.search(r'<option value="nav" selected>', html)
    assert RESTORED in html
    assert Task.objects.filter(title=title).count() == 0


def test_nothing_is_kept_after_a_logout_or_for_a_half_finished_login(kari, stay):
    note_url = reverse("residents:note-add", kwargs={"stay_id": stay.pk})
    client = logged_in(kari)
    key = client.cookies["sessionid"].value
    client.post("/logg-ut/")
    client.cookies["sessionid"] = key  # the old cookie, replayed
    client.post(note_url, {"text": NOTE})
    assert not PendingForm.objects.exists()

    half = Client()
    half.post(LOGIN, {"username": "kari", "password": PASSWORD})  # no second factor given
    idle_out(half)
    half.post(note_url, {"text": NOTE})
    assert not PendingForm.objects.exists()


def test_a_button_sent_after_the_timeout_leads_back_to_the_page_it_was_on(kari, stay, today):
    from boligplan.housing import services as housing_services

    task = housing_services.task_create(
        actor=kari, stay=stay, title="Ring Nav", responsible_party="krisesenter", assignee=kari, due_date=today
    )
    page = reverse("residents:stay-detail", kwargs={"stay_id": stay.pk})
    toggle = reverse("housing:task-toggle-done", kwargs={"task_id": task.pk})
    answers = {}
    for referer in (f"http://testserver{page}?fra=oversikt", "https://evil.example/opphold/", ""):
        client = logged_in(kari)
        idle_out(client)
        sent = client.post(toggle, {"version": str(task.version)}, HTTP_REFERER=referer)
        answers[referer] = parse_qs(urlsplit(sent["Location"]).query)["next"][0]
    # Back to the page the button was on; never to another site (then the button's own address).
    assert list(answers.values()) == [f"{page}?fra=oversikt", toggle, toggle]


def test_the_expired_session_is_removed_when_it_is_seen(kari, stay):
    client = logged_in(kari)
    key = client.cookies["sessionid"].value
    idle_out(client)
    client.post(reverse("residents:note-add", kwargs={"stay_id": stay.pk}), {"text": NOTE})
    assert not Session.objects.filter(session_key=key).exists()
    assert not UserSession.objects.filter(session_key=key).exists()


def test_a_page_asked_for_after_the_idle_timeout_is_where_the_login_leads(kari, stay):
    client = logged_in(kari)
    page = reverse("residents:stay-detail", kwargs={"stay_id": stay.pk}) + "?fra=oversikt"
    idle_out(client)
    location = client.get(page)["Location"]
    assert location.startswith(LOGIN) and parse_qs(urlsplit(location).query)["next"] == [page]
    assert log_in_again(client, kari, location)[0] == page


def test_a_form_sent_after_the_twelve_hour_limit_is_kept_too(kari, stay):
    client = logged_in(kari)
    session = client.session
    session[LOGIN_AT_KEY] = int(time.time()) - 12 * 3600 - 60
    session.save()
    sent = client.post(reverse("residents:note-add", kwargs={"stay_id": stay.pk}), {"text": NOTE})
    assert sent["Location"].startswith(LOGIN)
    page = reverse("residents:stay-detail", kwargs={"stay_id": stay.pk})
    assert parse_qs(urlsplit(sent["Location"]).query)["next"] == [page]
    assert PendingForm.objects.filter(user=kari, path=reverse("residents:note-add", kwargs={"stay_id": stay.pk}))


def test_tokens_passwords_and_codes_are_never_kept():
    data = QueryDict(mutable=True)
    data.update(
        {
            "csrfmiddlewaretoken": "abc",
            "password": "x",
            "new_password1": "x",
            "token": "123456",
            "recovery_code": "abcde",
            "next": "/",
            "text": "kept",
            "empty": "",
        }
    )
    assert pending.keepable(data) == {"text": ["kept"]}


# --- Keeping the session alive ------------------------------------------------------------------


def test_continue_renews_the_session(kari):
    client = logged_in(kari)
    key = client.cookies["sessionid"].value
    soon = timezone.now() + datetime.timedelta(seconds=90)
    Session.objects.filter(session_key=key).update(expire_date=soon)

    response = client.post(reverse("accounts:session-keepalive"))

    assert response.status_code == 204
    renewed = Session.objects.get(session_key=client.cookies["sessionid"].value).expire_date
    assert renewed > soon + datetime.timedelta(minutes=25)


def test_continue_needs_a_live_session_and_a_post(kari):
    client = logged_in(kari)
    assert client.get(reverse("accounts:session-keepalive")).status_code == 405
    idle_out(client)
    response = client.post(reverse("accounts:session-keepalive"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert not PendingForm.objects.exists()


def test_the_page_carries_the_timeout_and_the_dialog_without_inline_script(kari, settings):
    client = logged_in(kari)
    html = client.get("/").content.decode()
    assert f'data-session-idle-seconds="{settings.SESSION_COOKIE_AGE}"' in html
    assert 'data-session-warn-seconds="120"' in html
    assert re.search(r'<dialog[^>]*id="app-timeout"[^>]*role="alertdialog"', html)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "no inline script (CSP)"
    anonymous = Client().get(LOGIN).content.decode()
    assert "data-session-idle-seconds" not in anonymous and "app-timeout" not in anonymous
