"""Setting up a real shelter in a browser (issue #12, points 2 and 3).

The national operator (made from the command line) creates a shelter and its leader; the
leader's invitation arrives at a local SMTP server; the leader follows the link, sets a password,
enrols TOTP, invites a colleague, who does the same and sees the overview; the leader closes the
colleague's account and the colleague's open browser is sent to the login page on its next
click. Every page is scanned with axe and saved at 1366 and 390 px (test-artifacts/staff_journey/).
"""

import base64
import re
import socket
import threading

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from boligplan.accounts.models import User
from tests.browser.conftest import DESKTOP, BadResponses, PageCheck, current_code, is_script_error
from tests.browser.steps import expect_error_summary, expect_message, go_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OPERATOR_PASSWORD = "drift-passord-som-er-langt-2026"
LEADER_PASSWORD = "lederens-eget-passord-2026"
COLLEAGUE_PASSWORD = "kollegaens-eget-passord-2026"
LINK = re.compile(r"https?://[^\s/]+(/invitasjon/[A-Za-z0-9_-]+/)")


class Inbox:
    """A local SMTP server (aiosmtpd) that keeps every message it receives."""

    def __init__(self):
        self.messages: list[str] = []
        self.arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        with self.arrived:
            self.messages.append(envelope.content.decode("utf-8", "replace"))
            self.arrived.notify_all()
        return "250 Message accepted"

    def link(self, number: int) -> str:
        """The invitation path in the number-th message (1-based), waiting for it to arrive."""
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.messages) >= number, timeout=15)
        import email
        from email import policy

        message = email.message_from_string(self.messages[number - 1], policy=policy.default)
        body = message.get_body(preferencelist=("plain",)).get_content()
        return LINK.search(body).group(1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def inbox(settings):
    from aiosmtpd.controller import Controller

    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield handler
    controller.stop()


@pytest.fixture
def operator(db, monkeypatch):
    """The very first operator, made the way the operations guide says: manage.py create_operator."""
    monkeypatch.setenv("BOLIGPLAN_OPERATOR_PASSWORD", OPERATOR_PASSWORD)
    call_command("create_operator", "--username", "drift", "--email", "drift@example.org", "--full-name", "Dina Drift")
    user = User.objects.get(username="drift")
    assert user.is_operator
    return user


def staff_row(page, name: str):
    """The person's row in the list of accounts (the first table; the log of changes follows)."""
    return page.locator("table").first.get_by_role("row").filter(has_text=name)


def second_browser(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nb-NO", timezone_id="Europe/Oslo", viewport=DESKTOP)
    context.set_default_timeout(15_000)
    page = context.new_page()
    bad, errors = BadResponses(), []
    page.on("response", bad)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: errors.append(msg.text) if is_script_error(msg) else None)
    return context, page, bad, errors


def enrol(page, check_page, name: str, start: str = "Oversikt") -> None:
    expect(page.get_by_role("heading", name="Sett opp tofaktorinnlogging", level=1)).to_be_visible()
    check_page(f"{name}-enrol")
    secret = page.locator(".app-secret").inner_text().replace(" ", "")
    key_hex = base64.b32decode(secret + "=" * (-len(secret) % 8)).hex()
    page.get_by_label("Engangskode").fill(current_code(key_hex))
    page.get_by_role("button", name="Bekreft").click()
    expect(page.get_by_role("heading", name="Tofaktor er satt opp", level=1)).to_be_visible()
    page.get_by_role("link", name="Jeg har tatt vare på kodene").click()
    expect(page.get_by_role("heading", name=start, level=1)).to_be_visible()


def accept(page, check_page, link: str, name: str, password: str) -> None:
    page.goto(link)
    expect(page.get_by_role("heading", name="Velkommen til Boligplan", level=1)).to_be_visible()
    check_page(f"{name}-invitation")
    page.get_by_label("Velg passord").fill("kort")
    page.get_by_label("Skriv passordet en gang til").fill("kort")
    page.get_by_role("button", name="Lagre passord og gå videre").click()
    expect_error_summary(page, "Passordet er for kort")
    check_page(f"{name}-invitation-error")
    page.get_by_label("Velg passord").fill(password)
    page.get_by_label("Skriv passordet en gang til").fill(password)
    page.get_by_role("button", name="Lagre passord og gå videre").click()
    enrol(page, check_page, name)


def test_staff_journey(page, check_page, browser, live_server, inbox, operator):
    # 1. The operator logs in (password, then her first enrolment) and goes on to her own page.
    page.goto("/logg-inn/")
    page.get_by_role("textbox", name="Brukernavn").fill("drift")
    page.get_by_role("textbox", name="Passord").fill(OPERATOR_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    enrol(page, check_page, "operator", start="Du er driftsansvarlig")
    page.get_by_role("link", name="Til sentrene og de ansatte").click()
    expect(page.get_by_role("heading", name="Sentre", level=1)).to_be_visible()
    check_page("operator-shelters-empty")

    # 2. She creates a shelter and its leader; a missing e-mail address first.
    page.get_by_role("link", name="Opprett et senter").click()
    check_page("operator-shelter-create")
    page.get_by_label("Senterets navn").fill("Havby krisesenter")
    page.get_by_label("Lederens fulle navn").fill("Hilde Havby")
    page.get_by_role("button", name="Opprett og send invitasjon").click()
    expect_error_summary(page, "Lederens e-postadresse")
    expect(page.get_by_label("Senterets navn")).to_have_value("Havby krisesenter")
    check_page("operator-shelter-create-error")
    page.get_by_label("Lederens e-postadresse").fill("hilde@example.org")
    page.get_by_role("button", name="Opprett og send invitasjon").click()
    expect_message(page, "Havby krisesenter er opprettet")
    expect(page.get_by_role("heading", name="Havby krisesenter", level=1)).to_be_visible()
    expect(staff_row(page, "Hilde Havby")).to_contain_text("Invitert")
    check_page("operator-shelter")
    go_to(page, "Endringer i ansatte")
    expect(page.get_by_role("row").filter(has_text="Opprettet senteret")).to_contain_text("Dina Drift")
    check_page("operator-changes")
    page.get_by_role("button", name="Logg ut").click()

    # 3. The leader's invitation arrived at the SMTP server; she follows it.
    leader_link = inbox.link(1)
    accept(page, check_page, leader_link, "leader", LEADER_PASSWORD)
    expect(page.get_by_role("banner")).to_contain_text("Hilde Havby · Havby krisesenter")
    check_page("leader-overview")

    # 4. She invites a colleague: her own address first (taken), then the colleague's.
    go_to(page, "Ansatte")
    expect(staff_row(page, "Hilde Havby")).to_contain_text("Aktiv")
    check_page("staff-list")
    page.get_by_role("link", name="Inviter en ansatt").click()
    page.get_by_label("Fullt navn").fill("Kamilla Kollega")
    page.get_by_label("E-postadresse").fill("HILDE@example.org")
    page.get_by_label("Rolle").select_option(label="Ansatt / kontaktperson")
    page.get_by_role("button", name="Send invitasjon").click()
    expect_error_summary(page, "Det finnes allerede en konto med denne e-postadressen")
    expect(page.get_by_label("Fullt navn")).to_have_value("Kamilla Kollega")
    check_page("staff-invite-error")
    page.get_by_label("E-postadresse").fill("kamilla@example.org")
    page.get_by_role("button", name="Send invitasjon").click()
    expect_message(page, "Invitasjonen er sendt til kamilla@example.org")
    expect(staff_row(page, "Kamilla Kollega")).to_contain_text("Invitert")
    check_page("staff-list-invited")

    # 5. The colleague, in her own browser, follows her link and sees the overview.
    context, colleague, bad, errors = second_browser(browser, live_server)
    colleague_check = PageCheck(colleague, check_page.directory)
    colleague_check.visited = check_page.visited  # one numbering for both browsers
    accept(colleague, colleague_check, inbox.link(2), "colleague", COLLEAGUE_PASSWORD)
    expect(colleague.get_by_role("banner")).to_contain_text("Kamilla Kollega · Havby krisesenter")
    expect(colleague.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Ansatte")).to_have_count(0)
    colleague_check("colleague-overview")

    # 6. The leader looks at her page (one open session), the reset page, and closes her account.
    page.reload()
    row = staff_row(page, "Kamilla Kollega")
    expect(row).to_contain_text("Aktiv")
    row.get_by_role("link", name="Kamilla Kollega").click()
    expect(page.get_by_role("heading", name="Kamilla Kollega", level=1)).to_be_visible()
    expect(page.locator(".app-facts")).to_contain_text("Åpne økter")
    check_page("staff-member")
    page.get_by_role("link", name="Nullstill tofaktor").click()
    check_page("staff-reset-second-factor")
    page.get_by_role("link", name="Avbryt").click()
    page.get_by_role("link", name="Avslutt kontoen").click()
    expect(page.get_by_role("heading", name="Avslutte kontoen til Kamilla Kollega?", level=1)).to_be_visible()
    check_page("staff-deactivate")
    page.get_by_role("button", name="Avslutt kontoen").click()
    expect_message(page, "Kontoen til Kamilla Kollega er avsluttet. 1 åpen økt ble avsluttet.")
    expect(staff_row(page, "Kamilla Kollega")).to_contain_text("Avsluttet")
    check_page("staff-list-closed")

    # 7. The colleague's open session is gone: her next click lands on the login page.
    go_to(colleague, "Oppgaver")
    expect(colleague.get_by_role("heading", name="Logg inn", level=1)).to_be_visible()
    colleague_check("colleague-logged-out")
    context.close()

    assert not bad.seen, bad.seen
    assert not errors, errors
    check_page.assert_no_violations()
    colleague_check.assert_no_violations()
