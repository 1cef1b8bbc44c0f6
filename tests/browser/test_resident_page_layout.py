"""The busy resident's page at 1366×768: everything overdue on the first screen, and the whole page
no taller than 2,500 px with its finished parts folded. Screenshots go to test-artifacts/ for a
person to look at; the height is printed."""

import pytest

from tests.busy import BUSY_NAME, make_busy_resident

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 1366, 768
MAX_PAGE_HEIGHT = 2500


def test_busy_residents_page_opens_on_what_is_due(page, log_in, check_page, kari, ola, make_stay, today):
    stay = make_busy_resident(make_stay, kari, today, colleague=ola)
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    log_in(kari)

    page.goto(f"/opphold/{stay.pk}/")
    check_page("busy-resident")
    page.screenshot(path=str(check_page.directory / "first-screen.png"))
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"\nbusy resident's page: {height} px tall at {WIDTH}×{HEIGHT}")

    assert page.get_by_role("heading", name=BUSY_NAME).is_visible()
    overdue = page.locator(".app-now-overdue li")
    # The nine overdue tasks and the three notifications whose follow-up date has passed.
    assert overdue.count() == 12
    for index in range(overdue.count()):
        box = overdue.nth(index).bounding_box()
        assert box is not None and box["y"] + box["height"] <= HEIGHT, f"overdue item {index + 1} is below the fold"
    assert height <= MAX_PAGE_HEIGHT
    check_page.assert_no_violations()


def test_the_busy_page_and_the_queue_fit_a_phone(page, log_in, check_page, kari, ola, make_stay, today):
    """At 390 px wide nothing scrolls sideways (wide tables scroll inside their own box)."""
    stay = make_busy_resident(make_stay, kari, today, colleague=ola)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(kari)
    for path, name in ((f"/opphold/{stay.pk}/", "phone-resident"), ("/oppgaver/", "phone-queue")):
        page.goto(path)
        check_page(name)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width} px wide at 390"
    check_page.assert_no_violations()
