"""A notification to NAV with consent, a follow-up date and a letter, in Chromium.

Kari registers a notification to NAV for a resident: first with a follow-up date before the day
it was sent (refused, input kept), then right. She sees consent and the follow-up date on the
resident's page, downloads the letter (a PDF), and finds the follow-up reminder on the overview.
Every page is scanned with axe (0 violations) and saved under test-artifacts/letters/.
"""

import datetime

import pytest
from playwright.sync_api import expect

from boligplan.agencies.models import Agency
from boligplan.housing import services as housing
from tests.pdf import pdf_text

from .steps import expect_error_summary, expect_message, nb, overview_row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_letters(page, check_page, log_in, make_stay, kari, today):
    stay = make_stay(display_name="Bente Brev", days_ago=10)
    housing.assessment_save(
        actor=kari,
        stay=stay,
        values={"new_home_needed": "ja", "household_size": 2, "previous_municipality": "Fjordby"},
        complete=True,
        today=today,
    )
    Agency.objects.create(shelter=stay.shelter, kind="nav", name="NAV Fjordby")
    sent = today - datetime.timedelta(days=7)

    log_in(kari)
    overview_row(page, "Bente Brev").get_by_role("link", name="Bente Brev").click()
    page.get_by_role("link", name="Registrer henvendelse til Nav").click()
    expect(page.get_by_label("Kommune der bolig trengs")).to_have_value("Fjordby")  # from the assessment
    page.get_by_label("Mottaker (kontor)").fill("NAV Fjordby")
    page.get_by_label("Dato sendt").fill(sent.isoformat())
    page.get_by_label("Kanal").select_option(label="Brev")
    page.get_by_label("Hva ble det bedt om").fill("Hjelp til å finne bolig i Fjordby.")
    page.get_by_label("Beboeren har samtykket til at opplysningene deles").check()
    page.get_by_label("Dato for samtykket").fill(sent.isoformat())
    page.get_by_label("Purredato").fill((sent - datetime.timedelta(days=1)).isoformat())
    check_page("notification-filled")
    page.get_by_role("button", name="Lagre").click()

    expect_error_summary(page, "Purredatoen kan ikke være før henvendelsen ble sendt.")
    expect(page.get_by_label("Hva ble det bedt om")).to_have_value("Hjelp til å finne bolig i Fjordby.")
    expect(page.get_by_label("Beboeren har samtykket til at opplysningene deles")).to_be_checked()
    check_page("notification-bad-follow-up")

    page.get_by_label("Purredato").fill(today.isoformat())
    page.get_by_role("button", name="Lagre").click()
    expect_message(page, "Henvendelsen er registrert.")
    section = page.locator("section[aria-labelledby=h-notifications]")
    expect(section).to_contain_text(f"Samtykke {nb(sent, 'j. b. Y')}")
    expect(section).to_contain_text(f"! Purres {nb(today, 'j. b. Y')}")
    check_page("resident-with-letter")

    with page.expect_download() as download_info:
        section.get_by_role("link", name="Last ned brev (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"brev-nav-{sent.isoformat()}.pdf"
    content = open(download.path(), "rb").read()
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert "Til: NAV Fjordby" in text and "Bente Brev" in text and "2 voksne, ingen barn" in text

    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Oversikt", exact=True).click()
    expect(overview_row(page, "Bente Brev")).to_contain_text(f"Purr Nav (frist {nb(today, 'j. b.')})")
    check_page("overview-follow-up")
    check_page.assert_no_violations()
