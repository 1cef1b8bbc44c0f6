"""The safety work in Chromium.

Kari, a contact person, opens Hanne's page (she is on the track back to her previous home), goes
through the safe-return assessment, records a granted besøksforbud — first without the decision
date, then right — and goes through part of the new-home checklist. The overview then reminds
about the measure that runs out within 14 days. Every page is scanned with axe (0 violations)
and saved under test-artifacts/safety/.
"""

import datetime
import re

import pytest
from playwright.sync_api import expect

from boligplan.children import services as children_services
from boligplan.housing import services as housing_services

from .steps import choose, expect_error_summary, expect_message, go_to, overview_row, unfold

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_safety(page, check_page, log_in, make_stay, kari, today):
    stay = make_stay(display_name="Hanne Hjem", days_ago=12)
    housing_services.tracks_set(actor=kari, stay=stay, tracks=["tilbake"], today=today)
    child = children_services.child_add(actor=kari, stay=stay, first_name="Ole", birth_year=today.year - 9)
    children_services.child_update(actor=kari, child=child, values={"keeps_school": "ja", "keeps_friends": "usikker"})
    log_in(kari)

    page.get_by_role("link", name="Hanne Hjem").click()
    section = unfold(page, "Sikkerhet")
    expect(section).to_contain_text("Sikkerheten ved å flytte hjem er ikke vurdert")
    expect(section).to_contain_text("Ingen tiltak er registrert.")
    check_page("stay-page-before")

    section.get_by_role("link", name="Vurder sikkerheten ved å flytte hjem").click()
    expect(page.get_by_role("heading", name="Trygg hjemflytting", level=1)).to_be_visible()
    expect(page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Ole"))).to_contain_text(
        "Ja, beholder"
    )
    choose(page, "Er det trygt at voldsutøver kjenner adressen?", "Usikker")
    page.get_by_label("Begrunnelse").fill("Han har ikke tatt kontakt siden politiet var der.")
    choose(page, "Er låsene byttet?", "Byttet")
    page.get_by_role("button", name="Fullfør vurderingen").click()
    expect_error_summary(page, "Skriv når låsene ble byttet", "Svar på om det er trygt å flytte hjem")
    expect(page.get_by_label("Begrunnelse")).to_have_value("Han har ikke tatt kontakt siden politiet var der.")
    check_page("safe-return-bad-input")

    page.get_by_label("Dato for låsbytte").fill(today.isoformat())
    choose(page, "Er det trygt å flytte hjem?", "Usikker")
    page.get_by_role("button", name="Fullfør vurderingen").click()
    expect_message(page, "Vurderingen er fullført.")
    expect(section).to_contain_text("✓ Vurdert")

    section.get_by_role("link", name="Registrer tiltak").click()
    page.get_by_label(re.compile(r"^Tiltak")).select_option(label="Besøksforbud")
    page.get_by_label("Status").select_option(label="Innvilget")
    page.get_by_label("Gjelder til").fill((today + datetime.timedelta(days=9)).isoformat())
    page.get_by_role("button", name="Lagre").click()
    expect_error_summary(page, "Skriv når tiltaket ble avgjort")
    check_page("measure-bad-input")

    page.get_by_label("Avgjort dato").fill((today - datetime.timedelta(days=5)).isoformat())
    page.get_by_label("Gjelder fra").fill((today - datetime.timedelta(days=5)).isoformat())
    page.get_by_role("button", name="Lagre").click()
    expect_message(page, "Sikkerhetstiltaket er registrert.")
    row = section.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Besøksforbud"))
    expect(row).to_contain_text("Innvilget")
    expect(row).to_contain_text("9 dager igjen")

    section.get_by_role("link", name="Gå gjennom sjekklisten").click()
    expect(page.get_by_role("heading", name="Ny bolig og sikkerhet", level=1)).to_be_visible()
    check_page("checklist-empty")
    page.get_by_role("group", name="Kjenner beboeren seg trygg i boligen, også alene og om kvelden?").get_by_label(
        "I orden"
    ).check()
    page.get_by_role("group", name="Er det, eller kan det settes opp, dørkjede").get_by_label("Må følges opp").check()
    page.get_by_label("Notat: Sikringsutstyr").fill("Spør utleier om kikkehull.")
    page.get_by_role("button", name="Lagre sjekklisten").click()
    expect_message(page, "Sjekklisten er lagret (2 punkter endret).")
    expect(section).to_contain_text("2 av 16 punkter er gått gjennom.")
    expect(section).to_contain_text("Må følges opp: Sikringsutstyr")
    check_page("stay-page-after")

    section.get_by_role("link", name="Fortsett med sjekklisten").click()
    expect(page.get_by_text("Sist gått gjennom").first).to_be_visible()
    check_page("checklist-answered")

    go_to(page, "Oversikt")
    expect(page.get_by_role("alert").or_(page.locator(".ds-alert")).first).to_contain_text(
        "Sikkerhetstiltak som går ut innen 14 dager"
    )
    expect(overview_row(page, "Hanne Hjem")).to_contain_text("Besøksforbud går ut")
    check_page("overview")

    check_page.assert_no_violations()
