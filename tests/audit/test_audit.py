"""The audit log's writes: one row per write in the write's own transaction (the table is
tests/audit/writes.py), and never any free text."""

import datetime

import pytest
from django.urls import reverse

from boligplan.audit import services as audit_services
from boligplan.audit.models import AuditEvent
from boligplan.housing import services as housing_services
from boligplan.housing.models import Notification
from boligplan.residents.models import Stay
from tests.audit.writes import WRITES
from tests.helpers import data_snapshot


@pytest.mark.parametrize("name", sorted(WRITES))
def test_every_service_writes_its_audit_rows(ctx, shelter, name):
    write, expected = WRITES[name]
    before = AuditEvent.objects.count()

    write(ctx)

    new_rows = list(AuditEvent.objects.order_by("pk"))[before:]
    assert sorted(row.action for row in new_rows) == sorted(expected)
    for row in new_rows:
        assert row.actor == ctx.kari
        assert row.shelter_id == shelter.pk
        assert row.object_id is not None
        assert row.object_type


def test_every_task_suggestion_gets_its_own_row(ctx):
    before = AuditEvent.objects.count()

    created = housing_services.tracks_set(
        actor=ctx.kari, stay=ctx.stay, tracks=["kommunal_bolig", "privat_leie"], today=ctx.today
    )

    rows = list(AuditEvent.objects.order_by("pk"))[before:]
    assert [r.action for r in rows].count("task.suggested") == len(created) > 1
    assert {r.object_id for r in rows if r.action == "task.suggested"} == {t.pk for t in created}


# --- The audit write and the data write stand or fall together. ----------------------------------


@pytest.mark.parametrize("name", sorted(WRITES))
def test_a_failed_audit_write_rolls_back_the_data_write(ctx, name, monkeypatch):
    write, _ = WRITES[name]
    before, audit_before = data_snapshot(), AuditEvent.objects.count()

    def audit_down(*args, **kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(audit_services, "_insert", audit_down)
    with pytest.raises(RuntimeError, match="audit store unavailable"):
        write(ctx)
    monkeypatch.undo()

    assert data_snapshot() == before
    assert AuditEvent.objects.count() == audit_before


# --- No free text in the audit log. --------------------------------------------------------------

SECRETS = [
    "HEMMELIG-NOTAT-123",
    "HEMMELIG-FORESPORSEL",
    "HEMMELIG-SVAR",
    "HEMMELIG-OPPGAVE",
    "HEMMELIG-ONSKE",
    "HEMMELIG-NAVN",
    "Hemmeligby",
]


def test_audit_rows_hold_no_free_text(client_for, kari, today):
    client = client_for(kari)
    arrival = (today - datetime.timedelta(days=2)).isoformat()
    response = client.post(
        reverse("residents:resident-register"),
        {"display_name": "HEMMELIG-NAVN", "birth_year": "1980", "arrival_date": arrival, "contact_person": kari.pk},
    )
    assert response.status_code == 302
    stay = Stay.objects.get()  # the only one (names may be stored encrypted, so not looked up by name)
    stay_kwargs = {"stay_id": stay.pk}

    posts = [
        (reverse("residents:note-add", kwargs=stay_kwargs), {"text": "HEMMELIG-NOTAT-123"}),
        (
            reverse("housing:notification-create", kwargs=stay_kwargs),
            {"agency": "nav", "sent_on": today.isoformat(), "channel": "telefon", "request": "HEMMELIG-FORESPORSEL"},
        ),
        (
            reverse("housing:task-create", kwargs=stay_kwargs),
            {"title": "HEMMELIG-OPPGAVE", "responsible_party": "nav", "due_date": today.isoformat()},
        ),
        (
            reverse("housing:assessment-edit", kwargs=stay_kwargs),
            {
                "resident_wishes": "HEMMELIG-ONSKE",
                "previous_municipality": "Hemmeligby",
                "new_home_needed": "ja",
                "direction": "ny_bolig",
                "complete": "1",
            },
        ),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 302, url
    notification = Notification.objects.get(stay=stay)
    response = client.post(
        reverse("housing:notification-edit", kwargs={"notification_id": notification.pk}),
        {
            "agency": "nav",
            "sent_on": today.isoformat(),
            "channel": "telefon",
            "request": "HEMMELIG-FORESPORSEL endret",
            "answer": "HEMMELIG-SVAR",
            "answered_on": today.isoformat(),
        },
    )
    assert response.status_code == 302
    # Every page in between is a read that is audited too.
    for name in ["residents:stay-detail", "housing:assessment-edit"]:
        client.get(reverse(name, kwargs=stay_kwargs))
    client.get(reverse("reports:overview"))

    # The writes were audited (so the search below is not over an empty table)...
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"note.added", "notification.recorded", "notification.updated", "task.created"} <= actions
    assert {"assessment.completed", "stay.viewed", "overview.viewed"} <= actions
    # ...and no field of any row carries what the user wrote.
    for row in AuditEvent.objects.values():
        for field, value in row.items():
            for secret in SECRETS:
                assert secret.lower() not in str(value).lower(), f"{secret} in audit field {field}"
    # Field names are recorded, not values.
    updated = AuditEvent.objects.get(action="notification.updated")
    assert set(updated.fields.split(",")) == {"request", "answer", "answered_on"}
