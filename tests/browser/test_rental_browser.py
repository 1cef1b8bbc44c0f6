"""The private rental search in Chromium.

Kari records the household's income, adds an ad — first with a street address in the area, which
is refused, then with the district only — logs a phone call to the landlord, books a viewing with
Ola going along, and downloads the calendar file, which is parsed: the area and the local time,
no name. A second ad follows, and the resident's page sums them up. Every page is scanned with axe
(0 violations) and saved under test-artifacts/rental_search/.
"""

import datetime

import icalendar
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.steps import expect_error_summary, expect_message, nb, unfold

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Rita Leietaker"


def test_rental_search(page, check_page, log_in, make_stay, kari, ola, today):
    stay = make_stay(display_name=NAME, days_ago=12)
    tomorrow = today + datetime.timedelta(days=1)
    log_in(kari)
    page.goto(reverse("residents:stay-detail", kwargs={"stay_id": stay.pk}))
    section = unfold(page, "Privat leie")
    expect(section).to_contain_text("Ingen annonser er registrert.")

    section.get_by_role("link", name="Registrer inntekt").click()
    page.get_by_label("Husstandens inntekt per måned etter skatt (kr)").fill("30000")
    check_page("income")
    page.get_by_role("button", name="Lagre").click()
    expect_message(page, "Inntekten er lagret.")

    unfold(page, "Privat leie").get_by_role("link", name="Ny annonse").click()
    page.get_by_label("Område").fill("Storgata 5")
    page.get_by_label("Husleie per måned (kr)").fill("12000")
    page.get_by_label("Depositum (kr)").fill("80000")
    page.get_by_label("Antall rom").fill("2")
    page.get_by_label("Kilde").select_option(label="finn.no")
    page.get_by_label("Lenke til annonsen").fill("https://www.finn.no/realestate/lettings/ad.html?finnkode=1")
    page.get_by_role("button", name="Lagre").click()
    expect_error_summary(page, "gatenavn med husnummer", "seks måneders husleie")
    expect(page.get_by_label("Husleie per måned (kr)")).to_have_value("12000")  # input kept
    check_page("ad-bad-input")
    page.get_by_role("alert").get_by_role("link", name="Område").click()
    expect(page.get_by_label("Område")).to_be_focused()
    page.get_by_label("Område").fill("Sagene")
    page.get_by_label("Depositum (kr)").fill("36000")
    page.get_by_role("button", name="Lagre").click()
    expect_message(page, "Annonsen er lagt til.")
    expect(page.get_by_role("heading", name="Annonse i Sagene", level=1)).to_be_visible()
    expect(page.get_by_role("region", name="Har husstanden råd?")).to_contain_text("40 %")
    expect(page.get_by_role("region", name="Har husstanden råd?")).to_contain_text("høy andel")

    contacts = page.get_by_role("region", name="Kontakt med utleier")
    contacts.get_by_label("Hvordan").select_option(label="Telefon")
    contacts.get_by_label("Hva kom ut av det").fill("Utleier er positiv, visning i morgen.")
    contacts.get_by_role("button", name="Registrer kontakten").click()
    expect_message(page, "Kontakten er ført i loggen.")
    expect(page.get_by_role("region", name="Kontakt med utleier")).to_contain_text("Utleier er positiv")

    page.get_by_role("link", name="Avtal visning").click()
    page.get_by_label("Dato").fill(tomorrow.isoformat())
    page.get_by_label("Fra klokken").fill("17:00")
    page.get_by_label("Til klokken").fill("17:30")
    page.get_by_label("Ansatt som blir med").select_option(label="Ola")
    check_page("viewing-form")
    page.get_by_role("button", name="Lagre").click()
    expect_message(page, "Visningen er registrert.")
    viewings = page.get_by_role("region", name="Visninger")
    expect(viewings).to_contain_text("17:00–17:30")
    check_page("ad-page")

    with page.expect_download() as download_info:
        viewings.get_by_role("link", name="Last ned kalenderfil (.ics)").click()
    download = download_info.value
    assert download.suggested_filename == f"visning-{tomorrow.isoformat()}.ics"
    body = open(download.path(), "rb").read()
    [event] = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Visning – Sagene"
    start = event.decoded("DTSTART")
    assert (start.date(), start.hour, start.minute, str(start.tzinfo)) == (tomorrow, 17, 0, "Europe/Oslo")
    assert "Ola" in str(event["DESCRIPTION"])
    assert NAME.encode() not in body and b"Rita" not in body

    page.get_by_role("link", name="Tilbake til beboeren").click()
    unfold(page, "Privat leie").get_by_role("link", name="Ny annonse").click()
    page.get_by_label("Område").fill("Nordbyen")
    page.get_by_label("Husleie per måned (kr)").fill("9500")
    page.get_by_label("Depositum (kr)").fill("0")
    page.get_by_label("Kilde").select_option(label="Boligbyggelag eller utleieselskap")
    page.get_by_label("Status").select_option(label="Søkt")
    page.get_by_role("button", name="Lagre").click()
    expect_message(page, "Annonsen er lagt til.")

    page.get_by_role("link", name="Tilbake til beboeren").click()
    section = unfold(page, "Privat leie")
    sagene = section.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Sagene"))
    expect(sagene).to_contain_text("Visning avtalt")
    expect(sagene).to_contain_text(nb(tomorrow, "j. b."))
    expect(section.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Nordbyen"))).to_contain_text(
        "Søkt"
    )
    expect(section).to_contain_text("Ikke søkt")  # no deposit guarantee applied for yet
    section.scroll_into_view_if_needed()
    check_page("stay-page")

    check_page.assert_no_violations()
