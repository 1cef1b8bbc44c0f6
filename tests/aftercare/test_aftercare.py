"""Aftercare around the pages: the overview reminder, the lead's selector, retention of the free text,
the contact form's question about children, and the demo data."""

from django.urls import reverse

from boligplan.aftercare import selectors, services
from boligplan.aftercare.models import FollowUpContact, FollowUpPlan
from boligplan.children import services as children_services
from boligplan.core.purge import purge_due
from boligplan.core.retention import POLICY, Rule
from boligplan.residents import services as resident_services
from boligplan.residents.models import Stay
from tests.aftercare.helpers import DAY, contact_url, depart

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
