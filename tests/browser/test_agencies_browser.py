"""The agency directory in Chromium.

Lene, the leader, picks Drammen and Lier as partner municipalities, adds NAV Drammen — first
with a phone number and a municipality number that are wrong, then right, using Drammen's
number from before 2024 — and looks up an old municipality number. Kari, a contact person,
then reads the directory. Every page is scanned with axe (0 violations) and saved under
test-artifacts/agency_directory/ for a human to look at.
"""

import pytest
from playwright.sync_api import expect

from boligplan.agencies.reference import ensure_loaded

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def go_to(page, link_name: str) -> None:
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name=link_name, exact=True).click()


def test_agency_directory(page, check_page, log_in, lene, kari):
    ensure_loaded()  # transactional tests empty the tables between tests; the data migration ran once
    log_in(lene)
    go_to(page, "Instanser")
    expect(page.get_by_role("heading", name="Instanser", level=1)).to_be_visible()
    expect(page.get_by_text("Ingen samarbeidskommuner er valgt ennå.")).to_be_visible()
    check_page("directory-empty")

    page.get_by_role("link", name="Velg samarbeidskommuner").first.click()
    page.get_by_label("Fylke").select_option(label="Buskerud")
    page.get_by_role("button", name="Vis kommunene").click()
    page.get_by_label("Drammen (3301)").check()
    page.get_by_label("Lier (3312)").check()
    check_page("partners-buskerud")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("status")).to_contain_text("2 lagt til")
    expect(page.get_by_text("Valgt nå: Drammen, Lier")).to_be_visible()

    page.get_by_role("link", name="Tilbake til instanser").click()
    page.get_by_role("link", name="Ny instans").click()
    page.get_by_label("Type instans").select_option(label="Nav-kontor")
    page.get_by_label("Navn").fill("NAV Drammen")
    page.get_by_label("Kommune").fill("9999")
    page.get_by_label("Telefon").fill("ring sentralbordet")
    page.get_by_label("E-post").fill("nav.drammen@example.invalid")
    page.get_by_role("button", name="Lagre").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Fant ingen kommune med nummer 9999")
    expect(summary).to_contain_text("Skriv telefonnummeret med sifre")
    expect(page.get_by_label("Navn")).to_have_value("NAV Drammen")  # input kept
    check_page("agency-bad-input")

    page.get_by_label("Kommune").fill("3005")  # Drammen's number 2020–2023
    page.get_by_label("Telefon").fill("999 99 901")
    page.get_by_label("Åpningstid").fill("Mandag–fredag kl. 10–14")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("status")).to_contain_text("Instansen er lagt til")
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="NAV Drammen"))
    expect(row).to_contain_text("Drammen (3301)")
    expect(row).to_contain_text("999 99 901")
    partners = page.get_by_role("table", name="Samarbeidskommuner med registrert Nav-kontor og boligkontor")
    expect(partners.get_by_role("row").filter(has_text="Lier")).to_contain_text("Ikke registrert")

    page.get_by_role("textbox", name="Kommunenummer").fill("1507")
    page.get_by_role("button", name="Slå opp").click()
    expect(page.get_by_role("status")).to_contain_text("I dag: 1508 Ålesund (Møre og Romsdal)")
    expect(page.get_by_role("status")).to_contain_text("1580 Haram")
    check_page("directory-leader")

    page.context.clear_cookies()
    log_in(kari)
    go_to(page, "Instanser")
    expect(page.get_by_role("rowheader", name="NAV Drammen")).to_be_visible()
    expect(page.get_by_role("link", name="Ny instans")).to_have_count(0)
    expect(page.get_by_role("rowheader", name="ROSA")).to_be_visible()
    check_page("directory-staff")

    check_page.assert_no_violations()
