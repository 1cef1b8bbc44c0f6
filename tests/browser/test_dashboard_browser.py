"""The leader's statistics page in Chromium: charts and tables render, axe finds nothing.

The leader's session is made on the server (password and second factor done, as after a real
login) and handed to the browser as its cookie; the login itself is covered by test_journey.
A full-page screenshot is kept as test-artifacts/dashboard.png for a human to look at.
"""

import shutil

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from tests.conftest import verified_login
from tests.statistics.history import History
from tests.statistics.test_dashboard import fill_year

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in_as(page, live_server, user) -> None:
    client = verified_login(Client(), user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_dashboard(page, check_page, live_server, shelter, kari, lene, settings):
    settings.KM_MIN_N = 5  # so the municipality figure has a row per municipality with this little data
    fill_year(History(shelter, kari), 40)
    log_in_as(page, live_server, lene)

    page.goto("/statistikk/")
    expect(page.get_by_role("heading", name="Statistikk", level=1)).to_be_visible()
    check_page("dashboard-current-year")

    page.get_by_role("navigation", name="Hele kalenderår").get_by_role("link", name="2025", exact=True).click()
    expect(page.get_by_label("Fra og med")).to_have_value("2025-01-01")
    expect(page.get_by_label("Til og med")).to_have_value("2025-12-31")
    main = page.get_by_role("main")
    for title in [
        "Beboere og opphold",
        "Dager fra ankomst til boligkartlegging",
        "Botid",
        "Hvor beboerne flyttet",
        "Tid til bolig per spor",
        "Tid til bolig per kommune",
    ]:
        expect(main.get_by_role("heading", name=title, level=2)).to_be_visible()
    # Each chart is one image with a name; its numbers are in a table with a caption.
    expect(main.get_by_role("img", name="Botid")).to_be_visible()
    expect(main.get_by_role("table", name="Avsluttede opphold etter botid")).to_be_visible()
    expect(main.get_by_role("img", name="Kommunal bolig: andel som fortsatt venter på bolig")).to_be_visible()
    expect(main.get_by_role("link", name="Samlet rapport (PDF)")).to_be_visible()
    check_page("dashboard-2025")

    # The curve points fold open.
    main.locator("summary", has_text="Punktene på kurvene").click()
    expect(main.get_by_role("table", name="Punktene på kurvene")).to_be_visible()
    check_page("dashboard-curve-points")

    check_page.assert_no_violations()
    shutil.copyfile(check_page.directory / "02-dashboard-2025.png", ARTIFACTS / "dashboard.png")


def test_dashboard_for_the_statistics_role(page, check_page, live_server, shelter, kari, stian):
    fill_year(History(shelter, kari), 40)
    log_in_as(page, live_server, stian)

    page.goto("/statistikk/")  # opens on the last whole year
    main = page.get_by_role("main")
    expect(page.get_by_label("Fra og med")).to_have_value("2025-01-01")
    expect(main.get_by_text("Alle antall er avrundet til et multiplum av 5")).to_be_visible()
    expect(main.get_by_role("img", name="Botid")).to_be_visible()
    expect(main.get_by_role("table", name="Avsluttede opphold etter botid")).to_be_visible()
    expect(main.get_by_text("Punktene på kurvene")).to_have_count(0)
    expect(main.get_by_role("link", name="Samlet rapport (PDF)")).to_be_visible()
    check_page("dashboard-statistics-role")

    check_page.assert_no_violations()
