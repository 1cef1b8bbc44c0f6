"""Morning handover: Kari opens the work queue, narrows it to her own steps, marks two tasks done
where they are listed (htmx, no reload), follows a warning line of the overview into the queue,
and finds a resident through the search. Every page is scanned with axe (0 violations) and saved
under test-artifacts/morning_handover/."""

import re

import pytest
from playwright.sync_api import expect

from boligplan.housing import services as housing
from tests.busy import BUSY_NAME, make_busy_resident

from .steps import go_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_morning_handover(page, check_page, log_in, make_stay, kari, ola, today):
    make_busy_resident(make_stay, kari, today, colleague=ola)
    other = make_stay(display_name="Olas Beboer", days_ago=6, contact=ola)
    housing.task_create(
        actor=ola,
        stay=other,
        title="Olas egen oppgave",
        responsible_party="krisesenter",
        assignee=ola,
        due_date=today,
    )
    log_in(kari)

    go_to(page, "Oppgaver")
    expect(page.get_by_role("heading", name="Oppgaver", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Olas egen oppgave")).to_be_visible()
    check_page("queue")

    page.get_by_label("Bare mine").check()
    page.get_by_role("button", name="Vis", exact=True).click()
    assert "mine=on" in page.url
    expect(page.get_by_role("link", name="Olas egen oppgave")).to_have_count(0)
    overdue = page.get_by_role("region", name="Forsinket")
    expect(overdue.get_by_role("link", name="Steg 09 i boligarbeidet")).to_be_visible()
    check_page("queue-mine")

    # In place: the page is not reloaded (the marker survives) and the filter stays.
    page.evaluate("window.handoverMarker = 'same page'")
    url = page.url
    for title in ("Steg 09 i boligarbeidet", "Steg 08 i boligarbeidet"):
        page.get_by_role("button", name=re.compile(rf"^Utført ?: {title}$")).click()
        expect(page.get_by_role("status")).to_contain_text(f"«{title}» er merket som utført.")
        expect(page.get_by_role("link", name=title, exact=True)).to_have_count(0)
    assert page.evaluate("window.handoverMarker") == "same page"
    assert page.url == url
    expect(page.get_by_label("Bare mine")).to_be_checked()
    check_page("queue-two-done")

    go_to(page, "Oversikt")
    check_page("overview")
    page.get_by_role("link", name="Henvendelser uten svar som skal purres: 1 beboer.").click()
    assert "varsel=notification.follow_up" in page.url
    items = page.locator(".app-queue-item")
    expect(items).to_have_count(3)  # the busy resident's three notifications past their follow-up date
    expect(items.first).to_contain_text("Svar på henvendelsen sendt")
    expect(page.get_by_role("link", name="Olas egen oppgave")).to_have_count(0)
    check_page("queue-from-warning")

    go_to(page, "Søk")
    check_page("search")
    page.get_by_label("Navn, initialer eller fødselsår").fill("bente")
    page.get_by_role("button", name="Søk", exact=True).click()
    assert "bente" not in page.url.lower()  # posted: the name never goes into the address
    results = page.get_by_role("region", name="1 treff")
    expect(results).to_contain_text("Bor her nå")
    check_page("search-results")
    results.get_by_role("link", name=BUSY_NAME).click()
    expect(page.get_by_role("heading", name=BUSY_NAME, level=1)).to_be_visible()
    # The two tasks marked done in the queue are done on her page too.
    expect(page.locator(".app-now-overdue li")).to_have_count(10)
    check_page("resident")

    check_page.assert_no_violations()
