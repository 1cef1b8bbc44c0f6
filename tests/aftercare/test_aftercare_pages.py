"""The aftercare pages: bad input per form, writing through the pages, a lost race, the resident's page
section, and the plan page's audit row."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from boligplan.aftercare import services
from boligplan.aftercare.models import FollowUpPlan
from boligplan.audit.models import AuditEvent
from boligplan.children import services as children_services
from tests.aftercare.helpers import DAY, contact_data, contact_url, iso, new_rows, plan_data, plan_url
from tests.helpers import data_counts, write_audit_count

# --- Bad input per form: 400, the message by the field and in the summary, input kept, nothing saved.


def _refused(client, url, data, field, message) -> str:
    """Post `data` and check it is refused: a 400, `message` next to `field` and the summary
    linking to it, nothing saved and no write audited. Returns the page."""
    counts, writes = data_counts(), write_audit_count()

    response = client.post(url, data)

    assert response.status_code == 400
    content = response.content.decode()
    error = re.search(rf'id="id_{field}_error">([^<]*)<', content)
    assert error and message in error.group(1)
    # A radio group is linked through its first radio.
    assert re.search(rf'href="#id_{field}(_0)?"', content)
    assert data_counts() == counts
    assert write_audit_count() == writes
    return content


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

    content = _refused(client_for(kari), contact_url(departed), data, field, message)

    if field != "kind":
        assert escape(data[field]) in content  # the input is kept


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

    content = _refused(client_for(kari), plan_url(departed), data, field, message)

    assert 'value="NAV Fjordby"' in content or field == "coordinator_name"
    if field in ("coordinator_name", "other_services") or field.endswith("_on"):
        assert escape(data[field]) in content


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
