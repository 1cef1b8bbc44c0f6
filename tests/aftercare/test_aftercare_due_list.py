"""The follow-up list (/oppfolging/): who is due, who is not, who moved out without a plan, its audit
row, who may see it, and a constant number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boligplan.aftercare import services
from boligplan.aftercare.selectors import NO_PLAN_LOOKBACK_DAYS
from boligplan.audit.models import AuditEvent
from boligplan.residents import services as resident_services

DAY = datetime.timedelta(days=1)
DUE_LIST = reverse("aftercare:followup-due")


def moved_out(make_stay, actor, today, name, *, days_ago=10, plan=None, at_shelter=None):
    """A former resident who left `days_ago` days ago, with a plan of `plan` values if given."""
    stay = make_stay(display_name=name, days_ago=days_ago + 30, contact=actor, at_shelter=at_shelter)
    stay = resident_services.stay_depart(
        actor=actor,
        stay=stay,
        departure_date=today - days_ago * DAY,
        destination="ny_kommunal",
        permanence="varig",
    )
    if plan is not None:
        services.followup_plan_save(actor=actor, stay=stay, today=today, values=plan)
    return stay


def section(content: str, heading_id: str) -> str:
    return content.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


@pytest.fixture
def people(make_stay, kari, frida, other_shelter, today):
    """One of each kind of person the list must, or must not, show."""
    return {
        "overdue": moved_out(
            make_stay,
            kari,
            today,
            "Forfalt Førstegang",
            plan={"next_follow_up_on": today - 3 * DAY, "coordinating_service": "nav"},
        ),
        "today": moved_out(make_stay, kari, today, "Idag Innom", plan={"next_follow_up_on": today}),
        "future": moved_out(make_stay, kari, today, "Fremtid Fjern", plan={"next_follow_up_on": today + DAY}),
        "ended": moved_out(
            make_stay,
            kari,
            today,
            "Avsluttet Avtale",
            days_ago=60,
            plan={"next_follow_up_on": today - 20 * DAY, "ends_on": today - DAY},
        ),
        "no_date": moved_out(make_stay, kari, today, "Uten Dato", plan={"coordinating_service": "helse"}),
        "no_plan": moved_out(make_stay, kari, today, "Planløs Petra"),
        "no_plan_long_ago": moved_out(make_stay, kari, today, "Lenge Siden", days_ago=NO_PLAN_LOOKBACK_DAYS + 1),
        "current": _current_with_plan(make_stay, kari, today),
        "foreign": moved_out(
            make_stay,
            frida,
            today,
            "Fremmed Forfalt",
            plan={"next_follow_up_on": today - DAY},
            at_shelter=other_shelter,
        ),
        "foreign_no_plan": moved_out(make_stay, frida, today, "Fremmed Planløs", at_shelter=other_shelter),
    }


def _current_with_plan(make_stay, kari, today):
    stay = make_stay(display_name="Bor Her", days_ago=20)
    services.followup_plan_save(actor=kari, stay=stay, today=today, values={"next_follow_up_on": today})
    return stay


def test_the_list_shows_who_is_due_and_who_has_no_plan(client_for, kari, people, today):
    services.followup_contact_record(
        actor=kari,
        stay=people["overdue"],
        today=today,
        values={"contacted_on": today - 4 * DAY, "kind": "telefon"},
    )
    response = client_for(kari).get(DUE_LIST)

    assert response.status_code == 200
    content = response.content.decode()
    due, no_plan = section(content, "h-due"), section(content, "h-no-plan")
    assert "Forfalt Førstegang" in due and "Idag Innom" in due
    for name in ["Fremtid Fjern", "Avsluttet Avtale", "Uten Dato", "Bor Her", "Fremmed Forfalt", "Planløs Petra"]:
        assert name not in due, name
    assert "Planløs Petra" in no_plan
    for name in ["Lenge Siden", "Fremmed Planløs", "Forfalt Førstegang", "Bor Her"]:
        assert name not in no_plan, name
    # The oldest date first, in red once passed, with the last contact and the coordinating service.
    assert due.index("Forfalt Førstegang") < due.index("Idag Innom")
    overdue_row = due.split("Forfalt Førstegang", 1)[1].split("</tr>", 1)[0]
    assert "app-status--danger" in overdue_row and "Nav" in overdue_row and "Ny bolig – kommunal" in overdue_row
    today_row = due.split("Idag Innom", 1)[1].split("</tr>", 1)[0]
    assert "app-status--danger" not in today_row and "I dag" in today_row
    assert reverse("residents:stay-detail", kwargs={"stay_id": people["overdue"].pk}) in due
    assert reverse("aftercare:contact-create", kwargs={"stay_id": people["overdue"].pk}) in due


def test_a_contact_with_a_new_date_takes_someone_off_the_list(client_for, kari, people, today):
    client = client_for(kari)
    client.post(
        reverse("aftercare:contact-create", kwargs={"stay_id": people["overdue"].pk}),
        {"contacted_on": today.isoformat(), "kind": "samtale", "next_follow_up_on": (today + 30 * DAY).isoformat()},
    )
    assert "Forfalt Førstegang" not in section(client.get(DUE_LIST).content.decode(), "h-due")


def test_the_list_writes_one_audit_row_about_the_shelter(client_for, kari, shelter, people):
    before = AuditEvent.objects.count()

    client_for(kari).get(DUE_LIST)

    rows = list(AuditEvent.objects.order_by("pk"))[before:]
    assert len(rows) == 1
    (row,) = rows
    assert (row.action, row.object_type, row.object_id, row.shelter_id) == (
        "followups.listed",
        "shelter",
        shelter.pk,
        shelter.pk,
    )
    assert row.actor == kari and row.stay_id is None


def test_the_leader_sees_the_list(client_for, lene, people):
    assert "Forfalt Førstegang" in client_for(lene).get(DUE_LIST).content.decode()


@pytest.mark.parametrize("username", ["berit", "stian"])
def test_roles_that_do_not_see_cases_get_403(request, client_for, people, username):
    before = AuditEvent.objects.count()
    response = client_for(request.getfixturevalue(username)).get(DUE_LIST)
    assert response.status_code == 403
    assert "Forfalt Førstegang" not in response.content.decode()
    assert AuditEvent.objects.count() == before


def test_the_list_needs_a_login(client):
    response = client.get(DUE_LIST)
    assert response.status_code == 302 and "/logg-inn/" in response["Location"]


def _count(client):
    client.get(DUE_LIST)  # warm up
    with CaptureQueriesContext(connection) as queries:
        response = client.get(DUE_LIST)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_list_runs_the_same_number_of_queries_for_1_and_20_former_residents(client_for, kari, make_stay, today):
    client = client_for(kari)

    def add(index):
        stay = moved_out(make_stay, kari, today, f"Due{index:02d}", plan={"next_follow_up_on": today - DAY})
        services.followup_contact_record(
            actor=kari, stay=stay, today=today, values={"contacted_on": today, "kind": "telefon"}
        )
        moved_out(make_stay, kari, today, f"Plan{index:02d}")

    add(0)
    with_one, html = _count(client)
    assert html.count("Due00") == 2  # the name and the sr-only suffix of its action link
    for index in range(1, 20):
        add(index)
    with_twenty, html = _count(client)
    assert "Due19" in html and "Plan19" in html

    assert with_one == with_twenty
