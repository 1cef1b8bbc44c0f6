"""A resident who needs a new home, from the first letter to the plan after the stay.

Kari notifies NAV with a PDF letter, applies for municipal housing and gets refused (the appeal
deadline is shown, on the resident's page and the overview), tracks two private ads, books a
viewing with Ola and downloads its calendar file, records the signed contract, looks at who does
what, and records the departure to a private rental with a follow-up plan. Every page is scanned
with axe (0 violations) and saved under test-artifacts/pathway_journey/; the letter and the
calendar file are saved there too, for a human to look at.
"""

import datetime
import re

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from boligplan.agencies.models import Agency
from boligplan.children import services as children_services
from boligplan.housing import services as housing
from tests.browser.conftest import ARTIFACTS
from tests.pdf import pdf_text

from .steps import expect_error_summary, expect_message, go_to, nb, overview_row, unfold

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Pia Pathway"
CHILD = "Tuva"
DAY = datetime.timedelta(days=1)


def region(page, name: str):
    return unfold(page, name)


def save_file(download, name: str) -> bytes:
    """Keep what the browser downloaded beside the screenshots, and return its bytes."""
    folder = ARTIFACTS / "pathway_journey"
    folder.mkdir(parents=True, exist_ok=True)
    download.save_as(folder / name)
    return (folder / name).read_bytes()


def test_pathway_journey(page, check_page, log_in, make_stay, kari, ola):
    today = timezone.localdate()
    stay = make_stay(display_name=NAME, days_ago=20)
    arrival = stay.arrival_date
    housing.assessment_save(
        actor=kari,
        stay=stay,
        values={
            "new_home_needed": "ja",
            "direction": "ny_bolig",
            "household_size": 2,
            "previous_municipality": "Fjordby",
        },
        complete=True,
        today=arrival + DAY,
    )
    children_services.child_add(actor=kari, stay=stay, first_name=CHILD, birth_year=today.year - 9)
    Agency.objects.create(shelter=stay.shelter, kind="nav", name="NAV Fjordby")

    # 1. The overview raises the alarm: a new home is needed and NAV is not told.
    log_in(kari)
    expect(overview_row(page, NAME)).to_contain_text("Mangler henvendelse: Nav, boligkontor")
    check_page("overview-alarm")
    overview_row(page, NAME).get_by_role("link", name=NAME).click()
    page.get_by_role("link", name="Velg spor").click()
    page.get_by_label("Kommunal bolig").check()
    page.get_by_label("Privat leie").check()
    page.get_by_role("button", name="Lagre").click()
    expect_message(page, "Sporene er lagret.")

    # 2. Notify NAV, with consent, and print the letter.
    page.get_by_role("link", name="Registrer henvendelse til Nav").click()
    page.get_by_label("Mottaker (kontor)").fill("NAV Fjordby")
    page.get_by_label("Kanal").select_option(label="Brev")
    page.get_by_label("Hva ble det bedt om").fill("Hjelp til å finne og betale en trygg bolig i Fjordby.")
    page.get_by_label("Beboeren har samtykket til at opplysningene deles").check()
    page.get_by_label("Dato for samtykket").fill(today.isoformat())
    check_page("notification-form")
    page.get_by_role("button", name="Lagre").click()
    expect_message(page, "Henvendelsen er registrert.")
    notifications = page.locator("section[aria-labelledby=h-notifications]")
    with page.expect_download() as download_info:
        notifications.get_by_role("link", name="Last ned brev (PDF)").click()
    letter = save_file(download_info.value, "letter-to-nav.pdf")
    assert letter.startswith(b"%PDF")
    text = pdf_text(letter)
    assert "Til: NAV Fjordby" in text and NAME in text and "Fjordby" in text
    assert "9" in text and CHILD not in text  # the child's age, never the child's name
    check_page("resident-after-letter")

    # 3. Apply for municipal housing; the refusal comes, first recorded without its date.
    page.get_by_role("link", name="Registrer søknad", exact=True).click()
    page.get_by_label("Søknad om").select_option(label="Kommunal bolig")
    page.get_by_label("Sendt til (instans)").fill("Tildelingskontoret i Fjordby")
    page.get_by_label("Sendt dato").fill((arrival + 3 * DAY).isoformat())
    page.get_by_role("button", name="Lagre").click()
    expect_message(page, "Søknaden er registrert.")
    page.get_by_role("link", name=re.compile(r"^Endre\s*:\s*Kommunal bolig$")).click()
    page.get_by_label("Status").select_option(label="Avslått")
    page.get_by_role("button", name="Lagre").click()
    expect_error_summary(page, "Skriv når vedtaket kom, så klagefristen kan regnes ut.")
    expect(page.get_by_label("Sendt til (instans)")).to_have_value("Tildelingskontoret i Fjordby")
    check_page("application-refused-without-date")
    decided = today - 16 * DAY
    deadline = decided + datetime.timedelta(weeks=3)
    page.get_by_label("Vedtak mottatt").fill(decided.isoformat())
    page.get_by_role("button", name="Lagre").click()
    expect_message(page, "Søknaden er oppdatert.")
    applications = page.locator("section[aria-labelledby=h-applications]")
    expect(applications).to_contain_text(f"Klagefrist {nb(deadline, 'j. b. Y')} (5 dager igjen)")
    check_page("resident-refusal")
    go_to(page, "Oversikt")
    expect(overview_row(page, NAME)).to_contain_text(f"Klagefrist på avslag {nb(deadline, 'j. b.')}")
    check_page("overview-appeal-reminder")
    overview_row(page, NAME).get_by_role("link", name=NAME).click()

    # 4. Two private ads; a viewing with Ola for the first, and its calendar file.
    tomorrow = today + DAY
    for area, rent, deposit in (("Sagene", "11500", "30000"), ("Nordbyen", "9800", "20000")):
        region(page, "Privat leie").get_by_role("link", name="Ny annonse").click()
        page.get_by_label("Område").fill(area)
        page.get_by_label("Husleie per måned (kr)").fill(rent)
        page.get_by_label("Depositum (kr)").fill(deposit)
        page.get_by_label("Antall rom").fill("2")
        page.get_by_label("Kilde").select_option(label="finn.no")
        page.get_by_role("button", name="Lagre").click()
        expect_message(page, "Annonsen er lagt til.")
        page.get_by_role("link", name="Tilbake til beboeren").click()
    ads = region(page, "Privat leie")
    expect(ads.get_by_role("rowheader", name="Sagene")).to_be_visible()
    expect(ads.get_by_role("rowheader", name="Nordbyen")).to_be_visible()
    check_page("resident-two-ads")
    ads.get_by_role("link", name=re.compile("Sagene")).first.click()
    page.get_by_role("link", name="Avtal visning").click()
    page.get_by_label("Dato").fill(tomorrow.isoformat())
    page.get_by_label("Fra klokken").fill("18:00")
    page.get_by_label("Til klokken").fill("18:30")
    page.get_by_label("Ansatt som blir med").select_option(label="Ola")
    page.get_by_role("button", name="Lagre").click()
    expect_message(page, "Visningen er registrert.")
    check_page("ad-with-viewing")
    with page.expect_download() as download_info:
        region(page, "Visninger").get_by_role("link", name="Last ned kalenderfil (.ics)").click()
    calendar = save_file(download_info.value, "viewing.ics")
    [event] = icalendar.Calendar.from_ical(calendar).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Visning – Sagene"
    assert str(event["LOCATION"]) == "Sagene"
    start = event.decoded("DTSTART")
    assert (start.date(), start.hour, start.minute) == (tomorrow, 18, 0)
    assert NAME.encode() not in calendar and b"Pia" not in calendar

    # 5. The contract is signed: the ad is accepted; the address has its own protected page.
    page.get_by_role("link", name="Endre annonsen").click()
    page.get_by_label("Status").select_option(label="Takket ja")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Beboeren har takket ja.")).to_be_visible()
    check_page("ad-accepted")
    page.get_by_role("link", name="Tilbake til beboeren").click()

    # 6. Who does what: the open steps by party.
    page.get_by_role("link", name="Alle åpne steg etter ansvarlig").click()
    expect(page.get_by_role("heading", name="Hvem gjør hva", level=1)).to_be_visible()
    shelter_steps = page.locator("section[aria-labelledby=h-party-krisesenter]")
    expect(shelter_steps).to_contain_text("Vurder klage på vedtaket: Kommunal bolig")
    expect(page.locator("section[aria-labelledby=h-party-nav]")).to_contain_text("Svar på henvendelsen")
    expect(region(page, "Koordinerer etter oppholdet")).to_contain_text("Ikke avklart ennå")
    check_page("who-does-what")
    page.get_by_role("link", name="Tilbake til beboeren").click()

    # 7. Departure to the private rental, then the plan for after the stay.
    page.get_by_role("link", name="Registrer utflytting").click()
    page.get_by_label("Utflyttingsdato").fill(today.isoformat())
    page.get_by_label("Flytter til").select_option(label="Ny bolig – privat leie")
    page.get_by_label("Varig").check()
    page.get_by_role("button", name="Registrer utflytting").click()
    expect_message(page, "Utflyttingen er registrert")
    region(page, "Etter oppholdet").get_by_role("link", name=re.compile("plan", re.I)).first.click()
    page.get_by_label("Koordinerende tjeneste").select_option(label="Nav")
    page.get_by_label("Kontor eller kontaktperson der").fill("NAV Fjordby")
    page.get_by_label("Samtaler", exact=True).check()
    page.get_by_label("Oppfølging på telefon").check()
    page.get_by_label("Neste planlagte kontakt").fill((today + 7 * DAY).isoformat())
    check_page("followup-plan")
    page.get_by_role("button", name="Lagre planen").click()
    expect_message(page, "Planen for tiden etter oppholdet er lagret")
    expect(region(page, "Etter oppholdet")).to_contain_text("Nav – NAV Fjordby")
    check_page("resident-departed-with-plan")
    page.get_by_role("link", name="Alle åpne steg etter ansvarlig").click()
    expect(region(page, "Koordinerer etter oppholdet")).to_contain_text("Nav (NAV Fjordby)")
    check_page("who-does-what-after")

    check_page.assert_no_violations()
