"""The corrected rules where staff meet them, in Chromium.

Kari records a besøksforbud i eget hjem for four months (refused, with the law named next to the
date), then for three; opens the tracks page for a resident marked as exposed to honour-related
violence (bo- og støttetilbud is suggested); and registers a temporary departure to family, first
as permanent (refused), then as temporary with a reason (a follow-up task appears). Every page is
scanned with axe (0 violations) and saved under test-artifacts/legal_rules/.
"""

import re

import pytest
from playwright.sync_api import expect

from boligplan.housing import services as housing_services
from boligplan.housing.models import Task
from boligplan.safety.rules import add_months

from .steps import expect_error_summary, expect_message, unfold

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_legal_rules(page, check_page, log_in, make_stay, kari, today):
    stay = make_stay(display_name="Rut Regel", days_ago=12)
    housing_services.assessment_save(
        actor=kari, stay=stay, values={"honour_related": True, "new_home_needed": "ja"}, complete=False, today=today
    )
    log_in(kari)

    # A besøksforbud i eget hjem runs at most three months per decision.
    page.get_by_role("link", name="Rut Regel").click()
    unfold(page, "Sikkerhet").get_by_role("link", name="Registrer tiltak").click()
    page.locator("summary", has_text="Om tiltakene").click()
    expect(page.get_by_text("straffeprosessloven § 222 g", exact=False)).to_be_visible()
    page.get_by_label(re.compile(r"^Tiltak")).select_option(label="Besøksforbud i eget hjem")
    page.get_by_label("Status").select_option(label="Innvilget")
    page.get_by_label("Avgjort dato").fill(stay.arrival_date.isoformat())
    page.get_by_label("Gjelder fra").fill(stay.arrival_date.isoformat())
    page.get_by_label("Gjelder til").fill(add_months(stay.arrival_date, 4).isoformat())
    page.get_by_role("button", name="Lagre").click()
    expect_error_summary(page, "høyst 3 måneder om gangen (straffeprosessloven § 222 a)")
    check_page("own-home-ban-too-long")
    page.get_by_label("Gjelder til").fill(add_months(stay.arrival_date, 3).isoformat())
    page.get_by_role("button", name="Lagre").click()
    expect_message(page, "Sikkerhetstiltaket er registrert.")

    # The honour-related flag suggests the bo- og støttetilbud track.
    page.goto(page.url.split("/opphold/")[0] + f"/opphold/{stay.pk}/spor/")
    expect(page.locator(".ds-alert")).to_contain_text("Bo- og støttetilbud")
    check_page("tracks-suggested")

    # A stay with family is temporary, and a temporary exit is followed up.
    page.goto(page.url.split("/opphold/")[0] + f"/opphold/{stay.pk}/utflytting/")
    page.get_by_label("Flytter til").select_option(label="Familie/venner")
    page.get_by_label("Varig").check()
    page.get_by_role("button", name="Registrer utflytting").click()
    expect_error_summary(page, "Familie/venner er en midlertidig løsning")
    check_page("departure-permanent-refused")
    page.get_by_label("Midlertidig", exact=True).check()
    page.get_by_label("Hvorfor en midlertidig løsning?").select_option(label="Fant ikke varig bolig i tide")
    page.get_by_role("button", name="Registrer utflytting").click()
    expect_message(page, "Utflyttingen er registrert.")
    check_page("departed-temporary")
    assert Task.objects.filter(stay=stay, suggestion_key="midlertidig_utflytting.oppfolging").count() == 1
