"""Review rules over the audit log, each tested with hand-built events, and the leader's page that
lists what they flag."""

import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boligplan.audit import selectors
from boligplan.audit.models import AuditEvent
from boligplan.audit.review import ReviewSettings, Rule, review
from boligplan.audit.services import audit_record
from tests.conftest import make_user

OSLO = ZoneInfo("Europe/Oslo")
KARI, OLA, BERIT = 1, 2, 3
CASE_A, CASE_B = uuid.uuid4(), uuid.uuid4()
WINTER_NOON = datetime.datetime(2026, 1, 14, 12, 0, tzinfo=OSLO)
SETTINGS = ReviewSettings(working_hours=(7, 18), max_cases_per_hour=3, tz=OSLO)


def event(
    at=WINTER_NOON,
    *,
    actor=KARI,
    action="stay.viewed",
    stay=CASE_A,
    object_type="stay",
    contact=KARI,
    child_contact=None,
):
    """An audit event as the review selector hands it over (with the case's contact person)."""
    built = AuditEvent(at=at, actor_id=actor, action=action, stay_id=stay, object_type=object_type)
    built.stay_contact_id = contact
    built.child_contact_id = child_contact
    return built


def rules_of(*events, settings=SETTINGS, report_from=None) -> list[set[Rule]]:
    flagged = {id(item.event): set(item.rules) for item in review(events, settings=settings, report_from=report_from)}
    return [flagged.get(id(e), set()) for e in events]


# --- Opening a case that is not yours. -------------------------------------------------------------


def test_opening_someone_elses_case_is_flagged():
    assert rules_of(event(actor=OLA, contact=KARI)) == [{Rule.NOT_ASSIGNED}]


def test_opening_your_own_case_is_not():
    assert rules_of(event(actor=KARI, contact=KARI)) == [set()]


@pytest.mark.parametrize("action", ["assessment.viewed", "task.viewed", "notification.viewed"])
def test_every_page_on_the_case_counts_as_opening_it(action):
    assert rules_of(event(actor=OLA, action=action)) == [{Rule.NOT_ASSIGNED}]


def test_writes_lists_and_unknown_cases_are_not_openings():
    assert rules_of(
        event(actor=OLA, action="note.added"),  # a write is audited in its own right
        event(actor=OLA, action="overview.viewed", stay=None, object_type="shelter", contact=None),
        event(actor=OLA, contact=None),  # the stay is gone: nothing to compare with
    ) == [set(), set(), set()]


def test_a_childs_contact_person_may_open_the_child_they_follow():
    assert rules_of(
        event(actor=BERIT, action="child.viewed", object_type="child", child_contact=BERIT),
        event(actor=BERIT, action="child.viewed", object_type="child", child_contact=OLA),
        event(actor=BERIT, action="stay.viewed", object_type="stay", child_contact=None),
    ) == [set(), {Rule.NOT_ASSIGNED}, {Rule.NOT_ASSIGNED}]


# --- Outside working hours. ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("local_time", "outside"),
    [("06:59", True), ("07:00", False), ("12:00", False), ("17:59", False), ("18:00", True), ("23:30", True)],
)
def test_access_outside_working_hours_is_flagged(local_time, outside):
    hour, minute = map(int, local_time.split(":"))
    at = datetime.datetime(2026, 1, 14, hour, minute, tzinfo=OSLO)

    assert rules_of(event(at=at)) == [{Rule.OUTSIDE_HOURS} if outside else set()]


def test_working_hours_are_local_time_in_summer_and_winter():
    utc = datetime.UTC
    assert rules_of(
        event(at=datetime.datetime(2026, 7, 1, 5, 30, tzinfo=utc)),  # 07:30 in Oslo (summer time)
        event(at=datetime.datetime(2026, 7, 1, 4, 30, tzinfo=utc)),  # 06:30 in Oslo
        event(at=datetime.datetime(2026, 1, 14, 6, 30, tzinfo=utc)),  # 07:30 in Oslo (winter)
        event(at=datetime.datetime(2026, 1, 14, 17, 30, tzinfo=utc)),  # 18:30 in Oslo
    ) == [set(), {Rule.OUTSIDE_HOURS}, set(), {Rule.OUTSIDE_HOURS}]


def test_working_hours_come_from_the_settings(settings):
    settings.AUDIT_WORKING_HOURS = (8, 16)
    settings.AUDIT_MAX_CASES_PER_HOUR = 5
    configured = ReviewSettings.from_django_settings()

    assert (configured.working_hours, configured.max_cases_per_hour) == ((8, 16), 5)
    at_half_past_seven = datetime.datetime(2026, 1, 14, 7, 30, tzinfo=OSLO)
    assert rules_of(event(at=at_half_past_seven), settings=configured) == [{Rule.OUTSIDE_HOURS}]


def test_the_defaults_are_seven_to_eighteen_and_twenty_cases(settings):
    del settings.AUDIT_WORKING_HOURS
    del settings.AUDIT_MAX_CASES_PER_HOUR
    configured = ReviewSettings.from_django_settings()

    assert (configured.working_hours, configured.max_cases_per_hour) == ((7, 18), 20)


def test_logins_at_night_are_not_case_access():
    night = datetime.datetime(2026, 1, 14, 2, 0, tzinfo=OSLO)
    assert rules_of(event(at=night, action="auth.totp_enrolled", stay=None, contact=None)) == [set()]


# --- Many cases in an hour. ---------------------------------------------------------------------------


def minutes(n: int) -> datetime.datetime:
    return WINTER_NOON + datetime.timedelta(minutes=n)


def test_more_than_n_different_cases_within_an_hour_is_flagged():
    cases = [uuid.uuid4() for _ in range(5)]
    events = [event(at=minutes(10 * i), stay=case, contact=None) for i, case in enumerate(cases)]

    # N = 3: the fourth and fifth case opened within the hour are flagged.
    assert rules_of(*events) == [set(), set(), set(), {Rule.MANY_CASES}, {Rule.MANY_CASES}]


def test_opening_the_same_case_again_is_not_another_case():
    events = [event(at=minutes(i), stay=CASE_A, contact=None) for i in range(10)]
    events += [event(at=minutes(11), stay=CASE_B, contact=None)]

    assert all(found == set() for found in rules_of(*events))


def test_cases_spread_over_more_than_an_hour_are_not_flagged():
    events = [event(at=minutes(25 * i), stay=uuid.uuid4(), contact=None) for i in range(6)]

    assert all(found == set() for found in rules_of(*events))


def test_each_person_is_counted_on_their_own():
    events = [
        event(at=minutes(i), actor=KARI if i % 2 else OLA, stay=uuid.uuid4(), contact=None) for i in range(6)
    ]  # three cases each

    assert all(found == set() for found in rules_of(*events))


def test_a_burst_across_the_start_of_the_period_is_counted_but_only_reported_inside_it():
    events = [event(at=minutes(i), stay=uuid.uuid4(), contact=None) for i in range(5)]

    found = rules_of(*events, report_from=minutes(4))

    assert found == [set(), set(), set(), set(), {Rule.MANY_CASES}]


# --- Exports, and several rules at once. ----------------------------------------------------------------


def test_every_export_is_flagged():
    assert rules_of(
        event(action="export.overview_csv", stay=None, contact=None),
        event(action="export.statistics_csv", stay=None, contact=None),
        event(action="stay.exported_nothing", stay=None, contact=None),
    ) == [{Rule.BULK_EXPORT}, {Rule.BULK_EXPORT}, set()]


def test_an_event_carries_every_rule_it_breaks():
    night = datetime.datetime(2026, 1, 14, 23, 0, tzinfo=OSLO)
    assert rules_of(event(at=night, actor=OLA, contact=KARI)) == [{Rule.NOT_ASSIGNED, Rule.OUTSIDE_HOURS}]


# --- From the database: the selector and the leader's page. ---------------------------------------------


@pytest.fixture
def flagged_case(stay, ola, kari):
    """Ola opened Kari's case, and Kari exported a list."""
    audit_record(actor=ola, action="stay.viewed", obj=stay, shelter_id=stay.shelter_id, stay_id=stay.pk)
    audit_record(actor=kari, action="export.overview_csv", shelter_id=stay.shelter_id)
    return stay


def test_the_selector_tells_the_rules_whose_case_it_is(flagged_case, kari, ola, shelter):
    now = datetime.datetime.now(datetime.UTC)
    events = selectors.events_for_review(shelter_id=shelter.pk, since=now - datetime.timedelta(hours=1), until=now)

    opened = [e for e in events if e.action == "stay.viewed"]
    assert [(e.actor_id, e.stay_contact_id) for e in opened] == [(ola.pk, kari.pk)]
    found = review(events, settings=ReviewSettings(working_hours=(0, 24)))
    assert {(item.event.action, item.rules) for item in found} == {
        ("stay.viewed", (Rule.NOT_ASSIGNED,)),
        ("export.overview_csv", (Rule.BULK_EXPORT,)),
    }


def test_the_selector_knows_the_childs_contact_person(stay, kari, berit, shelter):
    from boligplan.children import services as children_services

    child = children_services.child_add(actor=kari, stay=stay, first_name="Mia", birth_year=2018)
    audit_record(actor=berit, action="child.viewed", obj=child, shelter_id=shelter.pk, stay_id=stay.pk)
    now = datetime.datetime.now(datetime.UTC)

    events = selectors.events_for_review(shelter_id=shelter.pk, since=now - datetime.timedelta(hours=1), until=now)

    viewed = [e for e in events if e.action == "child.viewed"]
    assert [(e.stay_contact_id, e.child_contact_id) for e in viewed] == [(kari.pk, child.contact_person_id)]


def test_the_leader_sees_flagged_events_and_the_look_is_audited(client_for, lene, flagged_case):
    before = AuditEvent.objects.count()

    response = client_for(lene).get(reverse("audit:review-list"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Åpnet en sak uten å være kontaktperson" in content
    assert "Uttrekk av data (eksport)" in content
    assert reverse("residents:stay-detail", kwargs={"stay_id": flagged_case.pk}) in content
    assert "A.B." not in content  # the page names staff and actions, not residents
    assert AuditEvent.objects.count() == before + 1
    row = AuditEvent.objects.order_by("-pk").first()
    assert (row.action, row.actor, row.object_type) == ("audit.review_viewed", lene, "shelter")


def test_the_page_shows_only_the_leaders_own_shelter(client_for, other_shelter, flagged_case):
    other_leader = make_user("gunn", other_shelter, "leder", "Gunn")

    content = client_for(other_leader).get(reverse("audit:review-list")).content.decode()

    assert "Åpne saken" not in content
    assert str(flagged_case.pk) not in content


@pytest.mark.parametrize("username", ["kari", "berit", "stian", "frida"])
def test_only_leaders_see_the_page(request, client_for, flagged_case, username):
    user = request.getfixturevalue(username)

    response = client_for(user).get(reverse("audit:review-list"))

    assert response.status_code == 403
    assert "Åpne saken" not in response.content.decode()


def test_the_menu_links_the_page_for_leaders_only(client_for, lene, kari):
    link = f'href="{reverse("audit:review-list")}"'
    assert link in client_for(lene).get(reverse("reports:overview")).content.decode()
    assert link not in client_for(kari).get(reverse("reports:overview")).content.decode()


def test_the_page_runs_the_same_queries_for_1_and_50_flagged_events(client_for, lene, ola, make_stay):
    client = client_for(lene)
    stays = [make_stay(display_name=f"P{n}") for n in range(50)]

    def open_cases(count):
        for stay in stays[:count]:
            audit_record(actor=ola, action="stay.viewed", obj=stay, shelter_id=stay.shelter_id, stay_id=stay.pk)

    open_cases(1)
    client.get(reverse("audit:review-list"))  # warm up
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("audit:review-list"))
    open_cases(50)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("audit:review-list"))

    assert response.content.decode().count("Åpne saken") >= 50
    assert len(many.captured_queries) == len(few.captured_queries)
