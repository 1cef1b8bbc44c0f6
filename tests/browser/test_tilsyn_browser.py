"""Tilsyn and the faster forms in Chromium, at 1366 and 390 px (axe 0, no sideways scrolling).

Lene, the leader, reads Tilsyn for a shelter whose hours are 07–18: the night's work is flagged.
She filters by rule and by staff member, then marks the shelter as staffed around the clock on the
settings page, and the hours flags are gone. Kari tells NAV and the housing office in one form.
"""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from boligplan.audit.services import audit_record
from boligplan.housing.models import Notification
from tests.audit.test_review_hours_and_filters import NIGHT, NOON, audit_clock, yesterday_at

from .steps import choose, expect_message, go_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_tilsyn_hours_and_filters(page, check_page, log_in, lene, kari, ola, shelter, make_stay):
    stay = make_stay(display_name="Tone Tilsyn")
    shelter.working_hours_start, shelter.working_hours_end = 7, 18
    shelter.save()
    for at, actor in ((yesterday_at(NIGHT), kari), (yesterday_at(NOON), ola)):
        with audit_clock(at):
            audit_record(actor=actor, action="stay.viewed", obj=stay, shelter_id=shelter.pk, stay_id=stay.pk)
    with audit_clock(yesterday_at(NOON)):
        audit_record(actor=kari, action="export.overview_csv", shelter_id=shelter.pk)

    log_in(lene)
    go_to(page, "Tilsyn")
    expect(page.get_by_role("heading", name="Tilsyn med tilgang", level=1)).to_be_visible()
    table = page.get_by_role("table", name="Markerte hendelser, nyeste først")
    expect(table.get_by_role("row").filter(has_text="Utenfor arbeidstid").first).to_be_visible()
    check_page("tilsyn")

    # Each rule's choice carries its explanation and count: found by the rule's name at its start.
    page.get_by_role("group", name="Regel").get_by_label(re.compile(r"^Åpnet en sak uten")).check()
    page.get_by_role("button", name="Vis").click()
    expect(table.get_by_role("row")).to_have_count(2)  # the heading row and Ola's
    expect(table).to_contain_text("Ola")
    check_page("tilsyn-rule")

    choose(page, "Regel", "Alle regler")
    page.get_by_label("Ansatt", exact=True).select_option(label="Kari")
    page.get_by_role("button", name="Vis").click()
    expect(table).not_to_contain_text("Ola")
    expect(table).to_contain_text("Kari")

    page.get_by_role("link", name="Nullstill filter").click()
    page.get_by_role("link", name="Endre arbeidstid").click()
    choose(page, "Bemanning", "Døgnbemannet")
    check_page("shelter-settings")
    page.get_by_role("button", name="Lagre").click()
    expect_message(page, "Innstillingene er lagret.")
    go_to(page, "Tilsyn")
    expect(page.get_by_text("Senteret er registrert som døgnbemannet")).to_be_visible()
    expect(table).not_to_contain_text("Utenfor arbeidstid")
    check_page("tilsyn-around-the-clock")
    check_page.assert_no_violations()


def test_one_form_for_nav_and_the_housing_office(page, check_page, log_in, kari, make_stay):
    stay = make_stay(display_name="Bodil Begge")
    today = datetime.date.today()
    log_in(kari)
    page.goto(reverse("housing:notification-create", kwargs={"stay_id": stay.pk}) + "?til=begge")
    expect(page.get_by_role("combobox", name="Til")).to_have_value("begge")
    page.get_by_label("Mottaker (kontor)").fill("Nav Fjordby")
    page.get_by_label("Mottaker hos boligkontoret").fill("Tildelingskontoret")
    page.get_by_label("Kanal").select_option(label="Brev")
    page.get_by_label("Hva ble det bedt om").fill("Hjelp til å finne en trygg bolig.")
    page.get_by_label("Beboeren har samtykket til at opplysningene deles").check()
    page.get_by_label("Dato for samtykket").fill(today.isoformat())
    check_page("notification-both")
    page.get_by_role("button", name="Lagre").click()
    expect_message(page, "To henvendelser er registrert")
    section = page.locator("section[aria-labelledby=h-notifications]")
    expect(section.get_by_role("link", name="Last ned brev (PDF)")).to_have_count(2)
    assert sorted(Notification.objects.filter(stay=stay).values_list("agency", flat=True)) == ["boligkontor", "nav"]
    check_page.assert_no_violations()
