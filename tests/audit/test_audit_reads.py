"""The audit log's reads: every page that shows a resident writes exactly one row, a rejected form
is audited as a read only, and a page that fails to audit is not shown."""

import re

import pytest
from django.urls import reverse

from boligplan.audit import services as audit_services
from boligplan.audit.models import AuditEvent
from boligplan.residents.models import JournalNote
from tests.audit.writes import one_new_row
from tests.helpers import ID_VIEWS, PART_READ_ACTIONS

DOTTED = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")


# --- Reads: every page that shows a resident writes exactly one row. ---------------------------

# The action each page records: every page about a resident (overview, stay, journal, PDFs) and every other id page.
READ_ACTIONS = {
    "reports:overview": "overview.viewed",
    "residents:stays-earlier": "stays.earlier_listed",
    "residents:stay-detail": "stay.viewed",
    "housing:assessment-edit": "assessment.viewed",
    "housing:task-edit": "task.viewed",
    "housing:notification-edit": "notification.viewed",
    "housing:application-edit": "application.viewed",
    "residents:stay-open": "resident.viewed",
    "children:children-list": "children.listed",
    "children:child-detail": "child.viewed",
    "children:child-edit": "child.viewed",
    "children:child-wish-add": "child.viewed",
    "children:child-information-add": "child.viewed",
    "children:child-move-add": "child.viewed",
    "children:child-plan": "child.plan_printed",
    "reports:stay-responsibilities": "responsibilities.viewed",
    "residents:stay-notes": "journal.viewed",
    "residents:stay-done-tasks": "tasks.viewed",
    **PART_READ_ACTIONS,
}


READ_VIEWS = [view for view in ID_VIEWS if "GET" in view.methods]


@pytest.mark.parametrize("view", READ_VIEWS, ids=str)
def test_every_page_about_a_stay_writes_one_audit_row(client_for, kari, shelter, case, departed, view):
    target = case
    if view.name == "residents:stay-open":
        target = type(case)(**{**case.__dict__, "resident": departed.resident})
    client = client_for(kari)
    before = AuditEvent.objects.count()

    response = client.get(view.url(target))

    assert response.status_code == 200
    row = one_new_row(before)
    assert row.actor == kari
    assert DOTTED.match(row.action)
    assert row.action == READ_ACTIONS.get(view.name, "stay.viewed")
    assert row.shelter_id == shelter.pk
    assert row.object_id is not None
    if view.child_view:  # a child's page names the child, and the stay it belongs to
        assert (row.object_type, row.object_id) == ("child", case.child.pk)
    expected_stay = None if view.name == "residents:stay-open" else case.stay.pk
    assert row.stay_id == expected_stay
    # A second look is a second row: reads are not deduplicated.
    client.get(view.url(target))
    assert AuditEvent.objects.count() == before + 2


@pytest.mark.parametrize("name", ["reports:overview", "residents:stays-earlier"])
def test_every_list_of_residents_writes_one_audit_row(client_for, kari, shelter, case, departed, name):
    before = AuditEvent.objects.count()

    response = client_for(kari).get(reverse(name))

    assert response.status_code == 200
    assert ("Dina Dratt" if name == "residents:stays-earlier" else case.resident.display_name) in (
        response.content.decode()
    )
    row = one_new_row(before)
    assert row.actor == kari
    assert row.action == READ_ACTIONS[name]
    assert row.shelter_id == shelter.pk
    assert row.object_type == "shelter"
    assert row.object_id == shelter.pk


def test_the_list_of_children_writes_one_audit_row(client_for, kari, berit, shelter, case):
    for user in (kari, berit):
        before = AuditEvent.objects.count()

        response = client_for(user).get(reverse("children:children-list"))

        assert response.status_code == 200
        row = one_new_row(before)
        assert row.actor == user
        assert row.action == READ_ACTIONS["children:children-list"]
        assert row.shelter_id == shelter.pk


def test_a_rejected_form_is_audited_as_a_read_only(client_for, kari, stay):
    before = AuditEvent.objects.count()

    response = client_for(kari).post(reverse("residents:note-add", kwargs={"stay_id": stay.pk}), {"text": " "})

    assert response.status_code == 400
    row = one_new_row(before)
    assert row.action == "stay.viewed"
    assert not JournalNote.objects.exists()


def test_a_page_that_fails_to_audit_is_not_shown(client_for, kari, stay, monkeypatch):
    def audit_down(*args, **kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(audit_services, "_insert", audit_down)
    with pytest.raises(RuntimeError):
        client_for(kari).get(reverse("residents:stay-detail", kwargs={"stay_id": stay.pk}))
