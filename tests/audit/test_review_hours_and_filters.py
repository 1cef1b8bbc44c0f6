"""Tilsyn as a leader uses it: the working hours are the shelter's own (or none, when it is staffed
around the clock), and the flagged events can be filtered by staff member and rule, paged, newest
first. Bad filter values in the address give a message, never a 500."""

import contextlib
import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from boligplan.audit import services as audit_services
from boligplan.audit.models import AuditEvent
from boligplan.audit.review import ReviewSettings, Rule
from boligplan.audit.services import audit_record
from boligplan.audit.views import REVIEW_PER_PAGE
from boligplan.core import services as core_services
from tests.audit.test_review_rules import OSLO, event, rules_of

NIGHT = datetime.time(2, 30)
NOON = datetime.time(12, 30)
URL = "/tilsyn/"


def yesterday_at(local_time: datetime.time) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=1)
    return datetime.datetime.combine(day, local_time, tzinfo=ZoneInfo("Europe/Oslo"))


@contextlib.contextmanager
def audit_clock(at: datetime.datetime):
    """Audit rows written inside get `at` as their time (the page itself still reads the real clock)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(audit_services.timezone, "now", lambda: at)
        yield


def staffing(shelter, *, around_the_clock=False, start=None, end=None):
    shelter.around_the_clock, shelter.working_hours_start, shelter.working_hours_end = around_the_clock, start, end
    shelter.save()
    return shelter


# --- The hours rule follows the shelter. ----------------------------------------------------------------


def test_a_shelter_staffed_around_the_clock_has_no_hours_rule(shelter, settings):
    settings.AUDIT_WORKING_HOURS = (7, 18)
    night = datetime.datetime(2026, 1, 14, 2, 0, tzinfo=OSLO)

    configured = ReviewSettings.for_shelter(staffing(shelter, around_the_clock=True))

    assert configured.working_hours is None
    assert rules_of(event(at=night), settings=configured) == [set()]


def test_a_shelters_own_hours_replace_the_default(shelter, settings):
    settings.AUDIT_WORKING_HOURS = (7, 18)
    configured = ReviewSettings.for_shelter(staffing(shelter, start=6, end=22))

    assert configured.working_hours == (6, 22)
    assert rules_of(
        event(at=datetime.datetime(2026, 1, 14, 6, 30, tzinfo=OSLO)),
        event(at=datetime.datetime(2026, 1, 14, 22, 0, tzinfo=OSLO)),
        event(at=datetime.datetime(2026, 1, 14, 5, 59, tzinfo=OSLO)),
        settings=configured,
    ) == [set(), {Rule.OUTSIDE_HOURS}, {Rule.OUTSIDE_HOURS}]


def test_without_hours_of_its_own_a_shelter_uses_the_instance_default(shelter, settings):
    settings.AUDIT_WORKING_HOURS = (8, 16)

    assert ReviewSettings.for_shelter(staffing(shelter)).working_hours == (8, 16)


@pytest.fixture
def night_and_noon(stay, kari):
    """Kari opened her own case yesterday at half past two in the night and at half past twelve."""
    for at in (yesterday_at(NIGHT), yesterday_at(NOON)):
        with audit_clock(at):
            audit_record(actor=kari, action="stay.viewed", obj=stay, shelter_id=stay.shelter_id, stay_id=stay.pk)
    return stay


def flagged_rows(content: str) -> list[str]:
    body = content.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in content else ""
    return re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)


def test_at_fixed_hours_the_page_flags_the_night_but_not_noon(client_for, lene, shelter, night_and_noon):
    staffing(shelter, start=7, end=18)

    rows = flagged_rows(client_for(lene).get(URL).content.decode())

    night = timezone.localtime(yesterday_at(NIGHT)).strftime("%H:%M")
    noon = timezone.localtime(yesterday_at(NOON)).strftime("%H:%M")
    assert any(night in row and "Utenfor arbeidstid" in row for row in rows)
    assert not any(noon in row for row in rows)


def test_a_shelter_staffed_around_the_clock_gets_no_hours_flags_on_the_page(client_for, lene, shelter, night_and_noon):
    staffing(shelter, around_the_clock=True)

    content = client_for(lene).get(URL).content.decode()

    assert not any("Utenfor arbeidstid" in row for row in flagged_rows(content))
    assert "Gjelder ikke: senteret er døgnbemannet." in content


def test_the_leader_sets_around_the_clock_on_the_settings_page(client_for, lene, shelter, night_and_noon):
    client = client_for(lene)
    form = {"assessment_due_days": "3", "staffing": "dognbemannet", "version": str(shelter.version)}

    assert client.post(reverse("shelter-settings"), form).status_code == 302

    shelter.refresh_from_db()
    assert shelter.around_the_clock is True
    row = AuditEvent.objects.filter(action="shelter.settings_changed").latest("seq")
    assert (row.actor, row.fields) == (lene, "around_the_clock")
    assert not any("Utenfor arbeidstid" in r for r in flagged_rows(client.get(URL).content.decode()))


def test_the_leader_sets_working_hours_on_the_settings_page(client_for, lene, shelter):
    form = {
        "assessment_due_days": "3",
        "staffing": "arbeidstid",
        "working_hours_start": "6",
        "working_hours_end": "23",
        "version": str(shelter.version),
    }

    assert client_for(lene).post(reverse("shelter-settings"), form).status_code == 302

    shelter.refresh_from_db()
    assert (shelter.around_the_clock, shelter.working_hours_start, shelter.working_hours_end) == (False, 6, 23)


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        ("18", "7", "working_hours_end", "Arbeidstiden må slutte etter at den begynner."),
        ("9", "9", "working_hours_end", "Arbeidstiden må slutte etter at den begynner."),
        ("", "18", "working_hours_start", "Skriv timen, eller velg døgnbemannet."),
        ("24", "18", "working_hours_start", None),
        ("abc", "18", "working_hours_start", None),
    ],
)
def test_hours_that_make_no_sense_are_refused_next_to_the_field(client_for, lene, shelter, start, end, field, message):
    form = {
        "assessment_due_days": "3",
        "staffing": "arbeidstid",
        "working_hours_start": start,
        "working_hours_end": end,
        "version": str(shelter.version),
    }

    response = client_for(lene).post(reverse("shelter-settings"), form)

    html = response.content.decode()
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in html
    if message:
        assert message in html
    assert f'value="{end}"' in html  # what was typed is kept
    shelter.refresh_from_db()
    assert (shelter.working_hours_start, shelter.working_hours_end) == (None, None)


def test_the_service_refuses_hours_out_of_order(lene, shelter):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        core_services.shelter_update_settings(
            actor=lene, shelter=shelter, assessment_due_days=3, around_the_clock=False, working_hours=(18, 7)
        )


# --- Filters, paging, order. -------------------------------------------------------------------------------


@pytest.fixture
def mixed(shelter, stay, make_stay, kari, ola, berit):
    """Ola opened two of Kari's cases (one after the other); Berit exported; at noon yesterday, so
    no hours flags get in the way."""
    staffing(shelter, around_the_clock=True)
    second = make_stay(display_name="C.D.")
    for minute, (actor, action, case) in enumerate(
        [(ola, "stay.viewed", stay), (ola, "stay.viewed", second), (berit, "export.overview_csv", None)]
    ):
        with audit_clock(yesterday_at(NOON) + datetime.timedelta(minutes=minute)):
            audit_record(
                actor=actor,
                action=action,
                obj=case,
                shelter_id=shelter.pk,
                stay_id=case.pk if case else None,
            )
    return stay, second


def test_newest_first(client_for, lene, mixed):
    first, second = mixed

    rows = flagged_rows(client_for(lene).get(URL).content.decode())

    links = [row for row in rows if "Åpne saken" in row]
    assert str(second.pk) in links[0] and str(first.pk) in links[1]
    assert "Uttrekk av data" in rows[0]  # Berit's export came last


def test_filter_by_rule(client_for, lene, mixed):
    rows = flagged_rows(client_for(lene).get(URL, {"regel": Rule.BULK_EXPORT}).content.decode())

    assert len(rows) == 1 and "Berit" in rows[0]


def test_filter_by_staff_member(client_for, lene, ola, mixed):
    content = client_for(lene).get(URL, {"ansatt": ola.pk}).content.decode()

    rows = flagged_rows(content)
    assert len(rows) == 2 and all("Ola" in row and "Åpne saken" in row for row in rows)
    assert f'<option value="{ola.pk}" selected>' in content  # the choice is shown as made


def test_filters_combine(client_for, lene, ola, berit, mixed):
    client = client_for(lene)

    assert flagged_rows(client.get(URL, {"ansatt": ola.pk, "regel": Rule.BULK_EXPORT}).content.decode()) == []
    assert len(flagged_rows(client.get(URL, {"ansatt": berit.pk, "regel": Rule.BULK_EXPORT}).content.decode())) == 1


def test_the_staff_list_is_the_leaders_own_shelter(client_for, lene, frida, mixed):
    content = client_for(lene).get(URL).content.decode()

    assert f'<option value="{frida.pk}"' not in content
    response = client_for(lene).get(URL, {"ansatt": frida.pk})
    assert response.status_code == 400


def test_paging_fifty_per_page_keeps_the_filters(client_for, lene, kari, shelter):
    staffing(shelter, around_the_clock=True)
    extra = 5
    for minute in range(REVIEW_PER_PAGE + extra):
        with audit_clock(yesterday_at(NOON) + datetime.timedelta(minutes=minute)):
            audit_record(actor=kari, action="export.overview_csv", shelter_id=shelter.pk)
    client = client_for(lene)

    first = client.get(URL, {"regel": Rule.BULK_EXPORT}).content.decode()
    second = client.get(URL, {"regel": Rule.BULK_EXPORT, "side": "2"}).content.decode()
    beyond = client.get(URL, {"regel": Rule.BULK_EXPORT, "side": "9"})

    assert len(flagged_rows(first)) == REVIEW_PER_PAGE
    assert len(flagged_rows(second)) == extra
    assert "?side=2&amp;regel=bulk_export" in first  # the next page keeps the filter
    # The oldest events are on the last page.
    last_minute = timezone.localtime(yesterday_at(NOON)).strftime("%H:%M")
    assert last_minute in flagged_rows(second)[-1]
    assert beyond.status_code == 200 and len(flagged_rows(beyond.content.decode())) == extra


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"regel": "drop_table"}, "Velg en av reglene i listen."),
        ({"ansatt": "abc"}, "Velg en ansatt fra listen."),
        ({"ansatt": "999999999999999999999"}, "Velg en ansatt fra listen."),
        ({"side": "abc"}, "Sidetallet i adressen er ugyldig."),
        ({"side": "0"}, "Sidetallet i adressen er ugyldig."),
        ({"side": "-1"}, "Sidetallet i adressen er ugyldig."),
        ({"side": "99999999999999999999"}, "Sidetallet i adressen er ugyldig."),
        ({"side": "２"}, "Sidetallet i adressen er ugyldig."),
    ],
)
def test_bad_filter_values_give_a_message_not_a_500(client_for, lene, mixed, params, message):
    response = client_for(lene).get(URL, params)

    content = response.content.decode()
    assert response.status_code == 400
    assert "ds-error-summary" in content and message in content
    assert flagged_rows(content) == []
