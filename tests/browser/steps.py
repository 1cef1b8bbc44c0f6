"""Steps and checks shared by the browser journeys."""

from django.utils import dateformat, translation
from playwright.sync_api import expect


def nb(value, fmt: str) -> str:
    """A date as the app writes it (Django's date filter in bokmål)."""
    with translation.override("nb"):
        return dateformat.format(value, fmt)


def go_to(page, link_name: str) -> None:
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name=link_name, exact=True).click()


def expect_message(page, text: str) -> None:
    expect(page.get_by_role("status")).to_contain_text(text)


def expect_error_summary(page, *texts: str) -> None:
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Skjemaet har feil som må rettes")
    for text in texts:
        expect(summary).to_contain_text(text)


def overview_row(page, name: str):
    return page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=name))


def choose(page, question: str, answer: str) -> None:
    """Tick one answer in a radio group (a fieldset named by its legend)."""
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


# Parts of the resident's page that fold when nothing in them is late: region name → section id.
FOLDED_PARTS = {"Sikkerhet": "s-sikkerhet", "Privat leie": "s-boligsok", "Etter oppholdet": "s-flytting"}


def unfold(page, region_name: str):
    """The region of that name, after opening its folded part of the resident's page as a user would
    (a click on the summary); on any other page, or when it is open already, just the region."""
    anchor = FOLDED_PARTS.get(region_name)
    if anchor:
        details = page.locator(f"#{anchor} details.app-fold").first
        if details.count() and not details.evaluate("d => d.open"):
            details.locator("summary").first.click()
    return page.get_by_role("region", name=region_name)
