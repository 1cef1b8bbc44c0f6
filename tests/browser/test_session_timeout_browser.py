"""Interruptions in Chromium: the dialog before the idle timeout, and a note saved after it.

The timeout is shortened for the test (the server's session lifetime, which the page reads from
<body data-session-idle-seconds>), so the dialog opens three seconds after a page loads.
"""

import datetime
import re

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice

from boligplan.residents.models import JournalNote
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "Snakket med utleier om depositum, han svarer fredag"


@pytest.fixture
def short_timeout(settings):
    settings.SESSION_COOKIE_AGE = 123  # the dialog opens 120 s before: after 3 s


def test_the_dialog_before_the_timeout_takes_focus_closes_on_escape_and_continue_renews(
    page, log_in, check_page, kari, stay, short_timeout
):
    log_in(kari)
    page.goto(f"/opphold/{stay.pk}/")
    page.get_by_text("Skriv nytt notat").click()
    note = page.get_by_role("textbox", name="Notat")
    note.fill(NOTE)

    dialog = page.get_by_role("alertdialog", name="Er du her fortsatt?")
    dialog.wait_for(state="visible", timeout=10_000)
    # Focus moved into the dialog, onto "Fortsett"; the rest of the page is inert behind it.
    assert page.evaluate("document.activeElement.closest('dialog') !== null")
    assert dialog.get_by_role("button", name="Fortsett").evaluate("b => b === document.activeElement")
    check_page("dialog-open")
    page.screenshot(path=str(check_page.directory / "dialog-viewport.png"))  # full-page shots cut the dialog
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(check_page.directory / "dialog-viewport-390.png"))
    page.set_viewport_size({"width": 1366, "height": 768})

    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert note.evaluate("el => el === document.activeElement"), "focus goes back to where the user was"
    assert note.input_value() == NOTE

    page.reload()
    dialog.wait_for(state="visible", timeout=10_000)
    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    before = Session.objects.get(session_key=key).expire_date
    with page.expect_response(lambda r: r.url.endswith("/okt/fortsett/")) as answer:
        dialog.get_by_role("button", name="Fortsett").click()
    assert answer.value.status == 204
    dialog.wait_for(state="hidden")
    assert Session.objects.get(session_key=key).expire_date > before
    check_page.assert_no_violations()


def test_a_note_saved_after_the_timeout_is_back_in_the_form_after_login(page, log_in, kari, stay):
    recovery = StaticDevice.objects.create(user=kari, name="recovery", confirmed=True)
    recovery.token_set.create(token="tilbake-123")
    log_in(kari)
    page.goto(f"/opphold/{stay.pk}/")
    page.get_by_text("Skriv nytt notat").click()
    page.get_by_role("textbox", name="Notat").fill(NOTE)
    # Thirty quiet minutes, as the server sees them.
    Session.objects.all().update(expire_date=timezone.now() - datetime.timedelta(seconds=1))

    page.get_by_role("button", name="Lagre notat").click()

    page.wait_for_url("**/logg-inn/**")
    assert page.get_by_text("tatt vare på en kort stund").is_visible()
    page.get_by_role("textbox", name="Brukernavn").fill("kari")
    page.get_by_role("textbox", name="Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_label("Engangskode").fill("tilbake-123")
    page.get_by_role("button", name="Fortsett").click()

    page.wait_for_url(re.compile(rf"/opphold/{stay.pk}/(#.*)?$"))
    assert page.get_by_role("textbox", name="Notat").input_value() == NOTE
    assert page.get_by_text("Teksten du skrev er hentet tilbake").is_visible()
    assert not JournalNote.objects.filter(stay=stay).exists()
