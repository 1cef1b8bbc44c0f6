"""A keyboard-only journey on a 320 px wide screen (the width of 1280 px at 400 % zoom).

Kari opens the folded menu, registers a resident with a wrong birth year, and fixes it; then
submits the tracks form without a choice, and ends a track. Only Tab, Enter, Space and Ctrl+A
are used after login. After each failed submit the error summary has focus and the title starts with "Feil:";
its link leads to the field (for a group: the first checkbox), and every page fits 320 px.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SIDEWAYS_SCROLL

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 320, "height": 640}
# WCAG 1.4.12: line height 1.5, paragraph spacing 2 em, letter spacing .12 em, word spacing .16 em.
TEXT_SPACING = """() => {
  for (const el of document.querySelectorAll("body, body *")) {
    el.style.setProperty("line-height", "1.5", "important");
    el.style.setProperty("letter-spacing", "0.12em", "important");
    el.style.setProperty("word-spacing", "0.16em", "important");
  }
  for (const p of document.querySelectorAll("p")) p.style.setProperty("margin-bottom", "2em", "important");
}"""
MAX_TABS = 60  # more than any page here has stops; reaching the limit means a trap or a missing stop


def is_focused(locator) -> bool:
    return locator.evaluate("(el) => el === document.activeElement")


def tab_to(page, locator, *, backwards: bool = False) -> None:
    """Press Tab until `locator` has focus: it must be reachable by keyboard, in a bounded number of steps."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(MAX_TABS):
        if is_focused(locator):
            return
        page.keyboard.press(key)
    raise AssertionError(f"not reached by {key} in {MAX_TABS} steps: {locator}")


def focused_description(page) -> str:
    return page.evaluate(
        "() => { const el = document.activeElement; return el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''); }"
    )


def expect_error_summary_focused(page) -> None:
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Feil: "))


SMALL_TARGETS = """() => [...document.querySelectorAll(
    "button, .ds-button, .app-nav a, input[type=checkbox], input[type=radio], td .ds-link, .app-plain-list .ds-link")]
  .filter((el) => el.offsetParent !== null)
  .map((el) => {
    // A checkbox or radio is pressed through its row (input and label together).
    const target = el.matches("input") ? el.closest(".app-checkbox") || el : el;
    return [el.textContent.trim() || el.id || el.tagName, Math.round(target.getBoundingClientRect().height)];
  })
  .filter(([, height]) => height < 44)
"""


def expect_large_targets(page) -> None:
    small = page.evaluate(SMALL_TARGETS)
    assert not small, f"{page.url}: tap targets under 44 px: {small}"


def expect_fits(page) -> None:
    too_wide = page.evaluate(SIDEWAYS_SCROLL)
    assert not too_wide, f"{page.url}: {too_wide}"


def test_keyboard_journey(page, check_page, log_in, kari):
    page.set_viewport_size(NARROW)
    log_in(kari)
    expect(page.get_by_role("heading", name="Oversikt", level=1)).to_be_visible()
    expect_fits(page)

    # The menu is folded on a narrow screen; the button opens it and says so.
    menu = page.get_by_role("button", name="Meny")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("link", name="Ny beboer", exact=True)).to_be_hidden()
    page.locator("body").focus()
    tab_to(page, menu)
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    register_link = page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Ny beboer", exact=True)
    tab_to(page, register_link)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Registrer ny beboer", level=1)).to_be_visible()
    expect_fits(page)
    check_page("register-320")

    # Type into the fields with Tab between them, and send the form with Enter.
    name, year = page.get_by_label("Navn eller initialer"), page.get_by_label("Fødselsår")
    tab_to(page, name)
    page.keyboard.type("T.K.")
    tab_to(page, year)
    page.keyboard.type("1800")
    page.keyboard.press("Enter")
    expect_error_summary_focused(page)
    expect_fits(page)
    check_page("register-error-320")

    # The summary's link takes focus to the field, where the wrong year is still typed.
    link = page.locator("[data-error-summary] a").first
    expect(link).to_contain_text("Fødselsår")
    page.keyboard.press("Tab")
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(year).to_be_focused()
    expect(year).to_have_value("1800")
    page.keyboard.press("Control+A")
    page.keyboard.type("1990")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="T.K.", level=1)).to_be_visible()
    # After the save the confirmation has focus, not the top of the page.
    expect(page.locator(".app-main > .ds-alert[role=status]")).to_be_focused()
    expect_fits(page)
    expect_large_targets(page)
    check_page("resident-320")

    # A group of checkboxes: the error link lands on the first box, Space ticks it.
    choose = page.get_by_role("link", name="Velg spor")
    tab_to(page, choose)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Velg spor mot bolig", level=1)).to_be_visible()
    save = page.get_by_role("button", name="Lagre")
    tab_to(page, save)
    page.keyboard.press("Enter")
    expect_error_summary_focused(page)
    expect_large_targets(page)
    check_page("tracks-error-320")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    first_box = page.locator("#id_tracks_0")
    expect(first_box).to_be_focused()
    page.keyboard.press("Space")
    expect(first_box).to_be_checked()
    tab_to(page, save)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Sporene er lagret.")
    # Shown as cards at this width, the tasks are still a table to a screen reader, with headers.
    tasks = page.get_by_role("table", name="Åpne oppgaver")
    expect(tasks.get_by_role("columnheader")).to_have_count(4)
    expect(tasks.get_by_role("row").nth(1).get_by_role("cell").first).to_have_attribute("data-label", "Oppgave")
    expect_fits(page)

    # Ending a track asks first; the question page is reached and answered by keyboard too.
    end = page.get_by_role("link", name=re.compile(r"^Avslutt"))
    tab_to(page, end)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=re.compile(r"^Avslutte sporet"), level=1)).to_be_visible()
    check_page("track-end-320")
    confirm = page.get_by_role("button", name="Avslutt sporet")
    tab_to(page, confirm)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Sporet er avsluttet.")
    expect(page.get_by_role("region", name="Spor mot bolig")).to_contain_text("Avsluttet")
    expect_fits(page)

    # WCAG 1.4.12 text spacing, then text at 200 %: still nothing wider than the 320 px screen.
    # Set through the CSSOM, which the page's CSP allows (an injected <style> would be refused).
    page.evaluate(TEXT_SPACING)
    expect_fits(page)
    page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    expect_fits(page)
    page.reload()

    # On paper: the content only, without the menu, the buttons and the forms.
    page.emulate_media(media="print")
    expect(page.get_by_role("banner")).to_be_hidden()
    expect(page.get_by_role("link", name="Velg spor")).to_be_hidden()
    expect(page.get_by_role("heading", name="T.K.", level=1)).to_be_visible()
    expect(page.get_by_role("region", name="Spor mot bolig")).to_contain_text("Avsluttet")
    page.emulate_media(media="screen")

    check_page.assert_no_violations()
