"""The plan for after the stay and the follow-up contacts: services and their audit
rows, bad input per form, the resident's page section, the overview reminder and the lead's selector."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from boligplan.aftercare import selectors, services
from boligplan.aftercare.models import FollowUpContact, FollowUpPlan
from boligplan.audit.models import AuditEvent
from boligplan.children import services as children_services
from boligplan.core.concurrency import EditConflict
from boligplan.core.purge import purge_due
from boligplan.core.retention import POLICY, Rule
from boligplan.residents import services as resident_services
from boligplan.residents.models import Stay
from tests.helpers import data_counts, write_audit_count

DAY = datetime.timedelta(days=1)


def depart(stay, actor, on, destination="ny_privat_leie"):
    return resident_services.stay_depart(
        actor=actor, stay=stay, departure_date=on, destination=destination, permanence="varig"
    )


@pytest.fixture
def departed(make_stay, kari, today):
    """Dina moved out five days ago."""
    stay = make_stay(display_name="Dina Dratt", days_ago=40)
    return depart(stay, kari, today - 5 * DAY)


def plan_url(stay):
    return reverse("aftercare:plan-edit", kwargs={"stay_id": stay.pk})


def contact_url(stay):
    return reverse("aftercare:contact-create", kwargs={"stay_id": stay.pk})


def new_rows(before: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.order_by("pk"))[before:]


# --- Services and their audit rows ------------------------------------------------------------


def test_plan_create_and_update_write_one_audit_row_each(departed, kari, today):
    before = AuditEvent.objects.count()

    plan = services.followup_plan_save(
        actor=kari,
        stay=departed,
        today=today,
        values={"coordinating_service": "nav", "offers_phone": True, "other_services": "Familievernet"},
    )

    (row,) = new_rows(before)
    assert (row.action, row.object_id, row.stay_id) == ("followup_plan.saved", plan.pk, departed.pk)
    assert row.fields == "coordinating_service,offers_phone,other_services"
    assert "Familievernet" not in str(row.__dict__)  # field names only, never the text

    before = AuditEvent.objects.count()
    updated = services.followup_plan_save(
        actor=kari,
        stay=departed,
        today=today,
        values={"coordinating_service": "boligkontor", "offers_phone": True, "other_services": "Familievernet"},
        expected_version=plan.version,
    )
    (row,) = new_rows(before)
    assert row.action == "followup_plan.saved" and row.fields == "coordinating_service"
    assert updated.version == plan.version + 1
    assert FollowUpPlan.objects.get().coordinating_service == "boligkontor"


def test_a_plan_may_be_written_before_the_move(stay, kari, today):
    plan = services.followup_plan_save(
        actor=kari, stay=stay, today=today, values={"next_follow_up_on": today + 20 * DAY}
    )
    assert plan.stay_id == stay.pk


def test_a_stale_plan_form_meets_a_conflict(departed, kari, ola, today):
    plan = services.followup_plan_save(actor=kari, stay=departed, today=today, values={"coordinating_service": "nav"})
    services.followup_plan_save(
        actor=ola, stay=departed, today=today, values={"coordinating_service": "helse"}, expected_version=plan.version
    )
    with pytest.raises(EditConflict):
        services.followup_plan_save(
            actor=kari, stay=departed, today=today, values={"coordinating_service": "annen"}, expected_version=1
        )
    assert FollowUpPlan.objects.get().coordinating_service == "helse"


def test_a_contact_without_a_next_date_leaves_the_plan_alone(departed, kari, today):
    plan = services.followup_plan_save(
        actor=kari, stay=departed, today=today, values={"next_follow_up_on": today - DAY}
    )
    before = AuditEvent.objects.count()

    contact = services.followup_contact_record(
        actor=kari,
        stay=departed,
        today=today,
        values={"contacted_on": today, "kind": "telefon", "with_children": False, "note": "Gikk fint"},
    )

    (row,) = new_rows(before)
    assert (row.action, row.object_id, row.fields) == (
        "followup_contact.recorded",
        contact.pk,
        "contacted_on,kind,note,with_children",
    )
    assert contact.by == kari
    assert FollowUpPlan.objects.get().version == plan.version


def test_a_contact_with_a_next_date_moves_the_plan_in_the_same_transaction(departed, kari, today):
    plan = services.followup_plan_save(
        actor=kari, stay=departed, today=today, values={"next_follow_up_on": today - DAY}
    )
    before = AuditEvent.objects.count()

    services.followup_contact_record(
        actor=kari,
        stay=departed,
        today=today,
        values={
            "contacted_on": today,
            "kind": "hjemmebesok",
            "with_children": True,
            "note": "",
            "next_follow_up_on": today + 14 * DAY,
        },
    )

    assert [r.action for r in new_rows(before)] == ["followup_contact.recorded", "followup_plan.saved"]
    stored = FollowUpPlan.objects.get()
    assert stored.next_follow_up_on == today + 14 * DAY
    assert stored.version == plan.version + 1  # a plan form open elsewhere now meets a conflict


def test_a_contact_with_a_next_date_starts_a_plan_when_there_is_none(departed, kari, today):
    services.followup_contact_record(
        actor=kari,
        stay=departed,
        today=today,
        values={"contacted_on": today, "kind": "telefon", "with_children": False, "next_follow_up_on": today + DAY},
    )
    assert FollowUpPlan.objects.get(stay=departed).next_follow_up_on == today + DAY


def test_a_failing_plan_update_takes_the_contact_with_it(departed, kari, today, monkeypatch):
    services.followup_plan_save(actor=kari, stay=departed, today=today, values={"next_follow_up_on": today})
    audit_before, counts_before = AuditEvent.objects.count(), data_counts()

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "update_versioned", broken)
    with pytest.raises(RuntimeError):
        services.followup_contact_record(
            actor=kari,
            stay=departed,
            today=today,
            values={"contacted_on": today, "kind": "telefon", "with_children": False, "next_follow_up_on": today + DAY},
        )
    assert data_counts() == counts_before
    assert AuditEvent.objects.count() == audit_before


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"contacted_on": -6}, "contacted_on"),  # the day before the move
        ({"contacted_on": 1}, "contacted_on"),  # tomorrow
        ({"contacted_on": 0, "next_follow_up_on": -1}, "next_follow_up_on"),
        ({"contacted_on": 0, "next_follow_up_on": 800}, "next_follow_up_on"),
    ],
)
def test_the_contact_service_guards_its_dates(departed, kari, today, values, field):
    dated = {name: today + offset * DAY for name, offset in values.items()}
    with pytest.raises(ValidationError) as error:
        services.followup_contact_record(
            actor=kari, stay=departed, today=today, values={"kind": "telefon", "with_children": False, **dated}
        )
    assert field in error.value.message_dict
    assert not FollowUpContact.objects.exists()


def test_no_contact_after_the_stay_while_the_stay_is_current(stay, kari, today):
    with pytest.raises(ValidationError, match="ikke flyttet ut"):
        services.followup_contact_record(
            actor=kari, stay=stay, today=today, values={"contacted_on": today, "kind": "telefon"}
        )


def test_the_service_decides_on_the_stored_stay(make_stay, kari, today):
    """The caller's stay object predates the move: the service still sees the departure."""
    stale = make_stay(days_ago=10)
    depart(Stay.objects.get(pk=stale.pk), kari, today - DAY)
    services.followup_contact_record(
        actor=kari, stay=stale, today=today, values={"contacted_on": today, "kind": "telefon"}
    )
    assert FollowUpContact.objects.filter(stay=stale).count() == 1


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"safety_plan_updated_on": 1}, "safety_plan_updated_on"),
        ({"safety_plan_updated_on": -400}, "safety_plan_updated_on"),
        ({"next_follow_up_on": -6}, "next_follow_up_on"),  # before the move
        ({"next_follow_up_on": 900}, "next_follow_up_on"),
        ({"next_follow_up_on": 30, "ends_on": 20}, "next_follow_up_on"),
        ({"ends_on": -10}, "ends_on"),
    ],
)
def test_the_plan_service_guards_its_dates(departed, kari, today, values, field):
    dated = {name: today + offset * DAY for name, offset in values.items()}
    with pytest.raises(ValidationError) as error:
        services.followup_plan_save(actor=kari, stay=departed, today=today, values=dated)
    assert field in error.value.message_dict
    assert not FollowUpPlan.objects.exists()


# --- Bad input per form: 400, the message by the field and in the summary, input kept, nothing saved.


def contact_data(today, **changes):
    return {"contacted_on": today.isoformat(), "kind": "telefon", "note": "Ringte og snakket litt", **changes}


def plan_data(**changes):
    return {"coordinating_service": "nav", "coordinator_name": "NAV Fjordby", "other_services": "", **changes}


def iso(today, offset):
    return (today + offset * DAY).isoformat()


BAD_CONTACTS = [
    (
        "before-departure",
        lambda t: {"contacted_on": iso(t, -6)},
        "contacted_on",
        "Kontakten må være etter utflyttingen",
    ),
    ("in-the-future", lambda t: {"contacted_on": iso(t, 1)}, "contacted_on", "Datoen kan ikke være fram i tid."),
    (
        "next-before-contact",
        lambda t: {"contacted_on": iso(t, 0), "next_follow_up_on": iso(t, -1)},
        "next_follow_up_on",
        "Neste kontakt kan ikke være før denne kontakten.",
    ),
    ("long-note", lambda t: {"note": "N" * 1001}, "note", "1000"),
    ("unknown-kind", lambda t: {"kind": "brevdue"}, "kind", "Velg et gyldig valg"),
    ("garbage-date", lambda t: {"contacted_on": "i går"}, "contacted_on", "Oppgi en gyldig dato"),
]


@pytest.mark.parametrize(("name", "changes", "field", "message"), BAD_CONTACTS, ids=[b[0] for b in BAD_CONTACTS])
def test_bad_contact_input(client_for, kari, departed, today, name, changes, field, message):
    data = contact_data(today, **changes(today))
    counts, writes = data_counts(), write_audit_count()

    response = client_for(kari).post(contact_url(departed), data)

    assert response.status_code == 400
    content = response.content.decode()
    error = re.search(rf'id="id_{field}_error">([^<]*)<', content)
    assert error and message in error.group(1)
    # A radio group is linked through its first radio.
    assert re.search(rf'href="#id_{field}(_0)?"', content)
    if field != "kind":
        assert escape(data[field]) in content  # the input is kept
    assert data_counts() == counts
    assert write_audit_count() == writes


BAD_PLANS = [
    ("long-name", {"coordinator_name": "K" * 121}, "coordinator_name", "120"),
    ("long-services", {"other_services": "S" * 501}, "other_services", "500"),
    ("unknown-service", {"coordinating_service": "naboen"}, "coordinating_service", "Velg et gyldig valg"),
    ("unknown-individual-plan", {"individual_plan": "kanskje"}, "individual_plan", "Velg et gyldig valg"),
    ("safety-plan-in-future", {"safety_plan_updated_on": 1}, "safety_plan_updated_on", "fram i tid"),
    ("next-before-departure", {"next_follow_up_on": -6}, "next_follow_up_on", "før utflyttingen"),
    ("next-after-end", {"next_follow_up_on": 40, "ends_on": 30}, "next_follow_up_on", "etter at oppfølgingen"),
    ("next-absurd", {"next_follow_up_on": 3000}, "next_follow_up_on", "to år"),
]


@pytest.mark.parametrize(("name", "changes", "field", "message"), BAD_PLANS, ids=[b[0] for b in BAD_PLANS])
def test_bad_plan_input(client_for, kari, departed, today, name, changes, field, message):
    changes = {key: iso(today, value) if isinstance(value, int) else value for key, value in changes.items()}
    data = plan_data(**changes)
    counts, writes = data_counts(), write_audit_count()

    response = client_for(kari).post(plan_url(departed), data)

    assert response.status_code == 400
    content = response.content.decode()
    error = re.search(rf'id="id_{field}_error">([^<]*)<', content)
    assert error and message in error.group(1)
    # A radio group is linked through its first radio.
    assert re.search(rf'href="#id_{field}(_0)?"', content)
    assert 'value="NAV Fjordby"' in content or field == "coordinator_name"
    if field in ("coordinator_name", "other_services") or field.endswith("_on"):
        assert escape(data[field]) in content
    assert data_counts() == counts
    assert write_audit_count() == writes


# --- Pages -----------------------------------------------------------------------------------


def test_writing_the_plan_and_a_contact_through_the_pages(client_for, kari, departed, today):
    client = client_for(kari)
    response = client.post(
        plan_url(departed),
        plan_data(offers_conversations="on", individual_plan="ja", next_follow_up_on=iso(today, 0)),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("residents:stay-detail", kwargs={"stay_id": departed.pk}) + "#s-flytting"
    plan = FollowUpPlan.objects.get(stay=departed)
    assert (plan.coordinating_service, plan.offers_conversations, plan.individual_plan) == ("nav", True, "ja")
    assert plan.created_by == kari

    response = client.post(contact_url(departed), contact_data(today, next_follow_up_on=iso(today, 21)))
    assert response.status_code == 302
    assert FollowUpPlan.objects.get().next_follow_up_on == today + 21 * DAY

    page = client.get(reverse("residents:stay-detail", kwargs={"stay_id": departed.pk})).content.decode()
    section = page.split('id="h-aftercare"', 1)[1].split("</section>", 1)[0]
    assert "Nav – NAV Fjordby" in section
    assert "Samtaler" in section
    assert "Ringte og snakket litt" in section
    assert "Ikke oppdatert" in section and "app-status--danger" in section  # the safety plan, after the move


def test_a_lost_race_on_the_plan_shows_the_conflict_page_and_keeps_the_text(client_for, kari, ola, departed, today):
    plan = services.followup_plan_save(actor=kari, stay=departed, today=today, values={"coordinating_service": "nav"})
    services.followup_plan_save(
        actor=ola, stay=departed, today=today, values={"coordinating_service": "helse"}, expected_version=plan.version
    )

    response = client_for(kari).post(
        plan_url(departed), plan_data(coordinator_name="Min tekst", version=str(plan.version))
    )

    assert response.status_code == 409
    assert 'value="Min tekst"' in response.content.decode()
    assert FollowUpPlan.objects.get().coordinating_service == "helse"


def test_the_contact_page_of_a_current_stay_says_why_and_offers_the_plan(client_for, kari, stay, today):
    client = client_for(kari)
    page = client.get(contact_url(stay))
    assert page.status_code == 200
    content = page.content.decode()
    assert "bor fortsatt på senteret" in content
    assert plan_url(stay) in content
    assert 'name="contacted_on"' not in content

    counts = data_counts()
    refused = client.post(contact_url(stay), contact_data(today))
    assert refused.status_code == 400
    assert "ikke flyttet ut ennå" in refused.content.decode()
    assert data_counts() == counts


def test_the_childrens_part_of_the_plan_only_when_the_stay_has_children(client_for, kari, stay, departed, today):
    client = client_for(kari)
    assert 'name="children_talks"' not in client.get(plan_url(departed)).content.decode()
    children_services.child_add(actor=kari, stay=stay, first_name="Tiril", birth_year=today.year - 8)
    assert 'name="children_talks"' in client.get(plan_url(stay)).content.decode()

    response = client.post(plan_url(stay), plan_data(children_talks="on", children_leisure_help="on"))
    assert response.status_code == 302
    plan = FollowUpPlan.objects.get(stay=stay)
    assert (plan.children_talks, plan.children_leisure_help, plan.children_visits) == (True, True, False)
    section = client.get(reverse("residents:stay-detail", kwargs={"stay_id": stay.pk})).content.decode()
    assert "Fortsatte samtaler, hjelp til å komme i gang med fritidsaktiviteter" in section


def test_the_section_warns_when_someone_moved_out_without_a_plan(client_for, kari, departed):
    page = client_for(kari).get(reverse("residents:stay-detail", kwargs={"stay_id": departed.pk})).content.decode()
    assert "Flyttet ut uten plan for tiden etter oppholdet" in page


def test_the_plan_page_is_audited_as_a_read_of_the_plan(client_for, kari, departed, today):
    client = client_for(kari)
    before = AuditEvent.objects.count()
    client.get(plan_url(departed))
    (row,) = new_rows(before)
    assert (row.action, row.object_type, row.object_id) == ("followup_plan.viewed", "stay", departed.pk)

    plan = services.followup_plan_save(actor=kari, stay=departed, today=today, values={"offers_phone": True})
    before = AuditEvent.objects.count()
    client.get(plan_url(departed))
    (row,) = new_rows(before)
    assert (row.action, row.object_type, row.object_id, row.stay_id) == (
        "followup_plan.viewed",
        "followupplan",
        plan.pk,
        departed.pk,
    )


# --- The overview reminder and the lead's selector --------------------------------------------


def test_overview_reminds_of_a_move_soon_without_a_plan(make_stay, kari, today):
    soon = make_stay(display_name="Snart", days_ago=20)
    resident_services.stay_set_ready_to_move(
        actor=kari, stay=soon, ready_to_move_date=None, wait_cause="", planned_departure_date=today + 10 * DAY
    )
    ready = make_stay(display_name="Klar", days_ago=20)
    resident_services.stay_set_ready_to_move(
        actor=kari, stay=ready, ready_to_move_date=today, wait_cause="kommunen", planned_departure_date=None
    )
    later = make_stay(display_name="Senere", days_ago=20)
    resident_services.stay_set_ready_to_move(
        actor=kari, stay=later, ready_to_move_date=None, wait_cause="", planned_departure_date=today + 30 * DAY
    )
    planned = make_stay(display_name="Planlagt", days_ago=20)
    resident_services.stay_set_ready_to_move(
        actor=kari, stay=planned, ready_to_move_date=today, wait_cause="kommunen", planned_departure_date=None
    )
    services.followup_plan_save(actor=kari, stay=planned, today=today, values={"coordinating_service": "nav"})
    make_stay(display_name="Nettopp kommet")

    reminders = selectors.overview_reminders(Stay.objects.current(), today=today)

    assert set(reminders) == {soon.pk, ready.pk}
    (reminder,) = reminders[soon.pk]
    assert reminder.kind == "aftercare.plan_missing"
    assert reminder.text == "Ingen plan for tiden etter oppholdet"
    assert reminder.summary == "Flytter snart uten plan for tiden etter oppholdet"
    assert reminder.due == today + 10 * DAY


def test_overview_reminders_take_one_query(make_stay, kari, today, django_assert_num_queries):
    for index in range(5):
        stay = make_stay(display_name=f"R{index}", days_ago=20)
        resident_services.stay_set_ready_to_move(
            actor=kari, stay=stay, ready_to_move_date=today, wait_cause="kommunen", planned_departure_date=None
        )
    with django_assert_num_queries(1):
        assert len(selectors.overview_reminders(Stay.objects.current(), today=today)) == 5


def test_the_overview_shows_the_reminder(client_for, kari, make_stay, today):
    stay = make_stay(display_name="Snart Ute", days_ago=20)
    resident_services.stay_set_ready_to_move(
        actor=kari, stay=stay, ready_to_move_date=today, wait_cause="kommunen", planned_departure_date=None
    )
    content = client_for(kari).get(reverse("reports:overview")).content.decode()
    assert "Ingen plan for tiden etter oppholdet" in content
    assert "Flytter snart uten plan for tiden etter oppholdet" in content


def test_coordinator_for(kari, departed, today):
    assert selectors.coordinator_for(kari, departed) is None
    services.followup_plan_save(actor=kari, stay=departed, today=today, values={"coordinator_name": "Per"})
    assert selectors.coordinator_for(kari, departed) is None  # a name without a service decides nothing
    services.followup_plan_save(
        actor=kari,
        stay=departed,
        today=today,
        values={"coordinating_service": "nav", "coordinator_name": "NAV Fjordby"},
    )
    assert selectors.coordinator_for(kari, departed) == "Nav (NAV Fjordby)"


def test_coordinator_for_another_shelter_is_none(kari, frida, foreign_stay, today):
    services.followup_plan_save(actor=frida, stay=foreign_stay, today=today, values={"coordinating_service": "nav"})
    assert selectors.coordinator_for(frida, foreign_stay) == "Nav"
    assert selectors.coordinator_for(kari, foreign_stay) is None


# --- Retention: the free text goes when the stay is purged -------------------------------------

# The rules the lead adds to core/retention.py POLICY (see the report); added here if not there yet.
AFTERCARE_RULES = (
    Rule("aftercare.FollowUpPlan", "stay", blank=("coordinator_name", "other_services")),
    Rule("aftercare.FollowUpContact", "stay", blank=("note",)),
)


def test_purge_blanks_the_follow_up_text(make_stay, kari, today, monkeypatch):
    from boligplan.core import purge

    missing = tuple(rule for rule in AFTERCARE_RULES if rule not in POLICY)
    monkeypatch.setattr(purge, "POLICY", POLICY + missing)
    old = make_stay(display_name="Gammel", days_ago=3 * 365)
    departed_on = old.arrival_date + 40 * DAY
    depart(old, kari, departed_on)
    services.followup_plan_save(
        actor=kari,
        stay=old,
        today=departed_on,
        values={"coordinator_name": "KANARI-navn", "other_services": "KANARI-tjenester", "coordinating_service": "nav"},
    )
    services.followup_contact_record(
        actor=kari,
        stay=old,
        today=today,
        values={"contacted_on": departed_on + DAY, "kind": "telefon", "note": "KANARI-notat"},
    )

    purge_due(today=today)

    plan, contact = FollowUpPlan.objects.get(), FollowUpContact.objects.get()
    assert (plan.coordinator_name, plan.other_services, contact.note) == ("", "", "")
    # Dates and categories stay for the statistics.
    assert (plan.coordinating_service, contact.kind, contact.contacted_on) == ("nav", "telefon", departed_on + DAY)


def test_the_contact_form_asks_about_the_children_only_when_there_are_any(client_for, kari, departed, today):
    client = client_for(kari)
    assert 'name="with_children"' not in client.get(contact_url(departed)).content.decode()
    children_services.child_add(actor=kari, stay=departed, first_name="Odin", birth_year=today.year - 7)
    assert 'name="with_children"' in client.get(contact_url(departed)).content.decode()


def test_the_demo_puts_one_former_resident_on_the_list(make_stay, kari, today):
    from boligplan.aftercare.access import followups_due
    from boligplan.aftercare.demo import add_demo

    stays = {}
    for phase, days_ago, stay_days in [("departed", 70, 40), ("departed_municipal", 95, 61), ("arrived", 0, 0)]:
        arrival = today - days_ago * DAY
        stay = make_stay(display_name=phase, days_ago=days_ago)
        if stay_days:
            stay = depart(stay, kari, arrival + stay_days * DAY)
        add_demo(stay=stay, phase=phase, actor=kari, arrival=arrival, today=today)
        stays[phase] = stay

    assert [s.pk for s in followups_due(kari, today=today)] == [stays["departed"].pk]
    municipal = FollowUpPlan.objects.get(stay=stays["departed_municipal"])
    assert municipal.children_talks and municipal.next_follow_up_on > today
    assert FollowUpContact.objects.count() == 2
    assert not FollowUpPlan.objects.filter(stay=stays["arrived"]).exists()
