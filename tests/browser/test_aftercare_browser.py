"""The follow-up after the stay in Chromium.

Kari registers that Vera and her son moved out ten days ago, sees that Vera has no plan for the time
after the stay, writes the plan (first with a next contact before the move, which is refused), records
a phone call, and finds Vera on the follow-up list with the next contact passed. Every page is
scanned with axe (0 violations) and saved under test-artifacts/aftercare/.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from boligplan.children import services as children_services
from tests.browser.steps import choose, expect_error_summary, expect_message, nb, unfold

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Vera V."
DAY = datetime.timedelta(days=1)


def aftercare_section(page):
    return unfold(page, "Etter oppholdet")


def test_aftercare(page, check_page, log_in, make_stay, kari):
    today = timezone.localdate()
    stay = make_stay(display_name=NAME, days_ago=40)
    children_services.child_add(actor=kari, stay=stay, first_name="Odin", birth_year=today.year - 7)
    moved_out_on = today - 10 * DAY
    stay_page = reverse("residents:stay-detail", kwargs={"stay_id": stay.pk})

    log_in(kari)
    page.goto(stay_page)
    expect(aftercare_section(page)).to_contain_text("Ingen plan for tiden etter oppholdet ennå.")
    page.get_by_role("link", name="Registrer utflytting").click()
    page.get_by_label("Utflyttingsdato").fill(moved_out_on.isoformat())
    page.get_by_label("Flytter til").select_option(label="Ny bolig – privat leie")
    page.get_by_label("Varig").check()
    page.get_by_role("button", name="Registrer utflytting").click()
    expect_message(page, "Utflyttingen er registrert")
    expect(aftercare_section(page)).to_contain_text("Flyttet ut uten plan for tiden etter oppholdet")
    check_page("stay-moved-out-without-plan")

    page.goto(reverse("aftercare:followup-due"))
    no_plan = page.get_by_role(
        "table", name="Tidligere beboere uten plan for tiden etter oppholdet, sist utflyttet først"
    )
    expect(no_plan.get_by_role("rowheader", name=NAME)).to_be_visible()
    check_page("due-list-no-plan")

    no_plan.get_by_role("link", name=re.compile(rf"^Skriv plan\s*:\s*{re.escape(NAME)}$")).click()
    expect(page.get_by_role("heading", name="Plan for tiden etter oppholdet", level=1)).to_be_visible()
    page.get_by_label("Koordinerende tjeneste").select_option(label="Nav")
    page.get_by_label("Kontor eller kontaktperson der").fill("NAV Fjordby, boligveileder")
    page.get_by_label("Samtaler", exact=True).check()
    page.get_by_label("Oppfølging på telefon").check()
    page.get_by_label("Fortsatte samtaler").check()
    choose(page, "Individuell plan", "Nei")
    page.get_by_label("Neste planlagte kontakt").fill((moved_out_on - 2 * DAY).isoformat())
    page.get_by_role("button", name="Lagre planen").click()
    expect_error_summary(page, "før utflyttingen")
    expect(page.get_by_label("Kontor eller kontaktperson der")).to_have_value("NAV Fjordby, boligveileder")
    check_page("plan-bad-input")

    page.get_by_label("Neste planlagte kontakt").fill((today - 3 * DAY).isoformat())
    page.get_by_role("button", name="Lagre planen").click()
    expect_message(page, "Planen for tiden etter oppholdet er lagret")
    section = aftercare_section(page)
    expect(section).to_contain_text("Nav – NAV Fjordby, boligveileder")
    expect(section).to_contain_text("Samtaler, oppfølging på telefon")
    expect(section).to_contain_text("Fortsatte samtaler")
    expect(section).to_contain_text("Ikke oppdatert")  # the safety plan: red once the stay has ended
    expect(section).to_contain_text(f"{nb(today - 3 * DAY, 'j. F Y')} – passert")

    section.get_by_role("link", name="Registrer kontakt").click()
    page.get_by_label("Dato for kontakten").fill((today - 5 * DAY).isoformat())
    page.get_by_label("Type kontakt").select_option(label="Telefon")
    page.get_by_label("Barna var med").check()
    page.get_by_label("Kort notat").fill("Ringte. Har fått nøkler, gutten trives på skolen.")
    check_page("contact-form")
    page.get_by_role("button", name="Lagre kontakten").click()
    expect_message(page, "Kontakten er registrert")
    expect(aftercare_section(page)).to_contain_text("Har fått nøkler")
    check_page("stay-with-plan-and-contact")

    page.goto(reverse("aftercare:followup-due"))
    due = page.get_by_role("table", name="Tidligere beboere med oppfølging som skal gjøres, eldste frist først")
    row = due.get_by_role("row").filter(has=page.get_by_role("rowheader", name=NAME))
    expect(row).to_contain_text(nb(moved_out_on, "j. b. Y"))
    expect(row).to_contain_text("Nav")
    expect(row).to_contain_text(nb(today - 5 * DAY, "j. b. Y"))  # the last contact
    expect(row).to_contain_text(nb(today - 3 * DAY, "j. b. Y"))
    expect(page.get_by_text("Alle som har flyttet ut den siste tiden, har en plan.")).to_be_visible()
    check_page("due-list")

    check_page.assert_no_violations()
