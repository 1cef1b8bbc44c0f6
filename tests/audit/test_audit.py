"""The audit log: one row per page that shows a resident, one row per write in the write's own
transaction, and never any free text."""

import datetime
import re

import pytest
from django.urls import reverse

from boligplan.audit.models import AuditEvent
from boligplan.children import services as children_services
from boligplan.children.models import Child, ChildInformation, ChildMove, ChildWish
from boligplan.core import services as core_services
from boligplan.housing import services as housing_services
from boligplan.housing.models import Notification
from boligplan.residents import services as resident_services
from boligplan.residents.models import JournalNote, Stay
from tests.helpers import ID_VIEWS, PART_READ_ACTIONS, build_case, data_snapshot

DOTTED = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")


@pytest.fixture
def case(stay, kari, today):
    return build_case(stay, kari, today)


@pytest.fixture
def departed(make_stay, kari, today):
    """A stay that has ended, so the earlier-stays list and the new-arrival page show someone."""
    stay = make_stay(display_name="Dina Dratt", days_ago=30)
    return resident_services.stay_depart(
        actor=kari, stay=stay, departure_date=today - datetime.timedelta(days=1), destination="rosa", permanence="varig"
    )


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


def _one_new_row(before: int) -> AuditEvent:
    new_rows = list(AuditEvent.objects.order_by("-pk")[: AuditEvent.objects.count() - before])
    assert len(new_rows) == 1, f"expected exactly one audit row, got {[r.action for r in new_rows]}"
    return new_rows[0]


@pytest.mark.parametrize("view", READ_VIEWS, ids=str)
def test_every_page_about_a_stay_writes_one_audit_row(client_for, kari, shelter, case, departed, view):
    target = case
    if view.name == "residents:stay-open":
        target = type(case)(**{**case.__dict__, "resident": departed.resident})
    client = client_for(kari)
    before = AuditEvent.objects.count()

    response = client.get(view.url(target))

    assert response.status_code == 200
    row = _one_new_row(before)
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
    row = _one_new_row(before)
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
        row = _one_new_row(before)
        assert row.actor == user
        assert row.action == READ_ACTIONS["children:children-list"]
        assert row.shelter_id == shelter.pk


def test_a_rejected_form_is_audited_as_a_read_only(client_for, kari, stay):
    before = AuditEvent.objects.count()

    response = client_for(kari).post(reverse("residents:note-add", kwargs={"stay_id": stay.pk}), {"text": " "})

    assert response.status_code == 400
    row = _one_new_row(before)
    assert row.action == "stay.viewed"
    assert not JournalNote.objects.exists()


def test_a_page_that_fails_to_audit_is_not_shown(client_for, kari, stay, monkeypatch):
    def audit_down(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(AuditEvent.objects, "create", audit_down)
    with pytest.raises(RuntimeError):
        client_for(kari).get(reverse("residents:stay-detail", kwargs={"stay_id": stay.pk}))


# --- Writes: every service writes its row. -------------------------------------------------------


def _register(ctx):
    resident_services.resident_register(
        actor=ctx.kari,
        shelter=ctx.shelter,
        display_name="Ny Person",
        birth_year=1985,
        arrival_date=ctx.today,
        contact_person=ctx.kari,
    )


def _open_again(ctx):
    resident_services.stay_open(
        actor=ctx.kari, resident=ctx.departed.resident, arrival_date=ctx.today, contact_person=ctx.kari
    )


WRITES = {
    "resident_register": (_register, ["resident.registered", "stay.opened"]),
    "stay_open": (_open_again, ["stay.opened"]),
    "stay_update_contact": (
        lambda ctx: resident_services.stay_update_contact(actor=ctx.kari, stay=ctx.stay, contact_person=ctx.ola),
        ["stay.contact_changed"],
    ),
    "stay_set_ready_to_move": (
        lambda ctx: resident_services.stay_set_ready_to_move(
            actor=ctx.kari, stay=ctx.stay, ready_to_move_date=ctx.today, wait_cause="nav"
        ),
        ["stay.ready_to_move_set"],
    ),
    "stay_depart": (
        lambda ctx: resident_services.stay_depart(
            actor=ctx.kari, stay=ctx.stay, departure_date=ctx.today, destination="ny_kommunal", permanence="varig"
        ),
        # The stay's child moves out too, and that move is counted with its own row.
        ["stay.departed", "child.move_added"],
    ),
    "journal_note_add": (
        lambda ctx: resident_services.journal_note_add(actor=ctx.kari, stay=ctx.stay, text="Notat"),
        ["note.added"],
    ),
    "assessment_save_draft": (
        lambda ctx: housing_services.assessment_save(
            actor=ctx.kari, stay=ctx.stay, values={"return_safe": "nei"}, complete=False, today=ctx.today
        ),
        ["assessment.saved"],
    ),
    "assessment_save_complete": (
        lambda ctx: housing_services.assessment_save(
            actor=ctx.kari, stay=ctx.stay, values={"new_home_needed": "ja"}, complete=True, today=ctx.today
        ),
        ["assessment.completed"],
    ),
    "tracks_set": (
        lambda ctx: housing_services.tracks_set(actor=ctx.kari, stay=ctx.stay, tracks=["rosa"], today=ctx.today),
        # kommunal_bolig is dropped (the ctx chose it), rosa is chosen with its one suggested task.
        ["track.removed", "track.chosen", "task.suggested"],
    ),
    "track_end": (
        lambda ctx: housing_services.track_end(
            actor=ctx.kari, stay=ctx.stay, track="kommunal_bolig", ended_on=ctx.today
        ),
        ["track.removed"],
    ),
    "task_create": (
        lambda ctx: housing_services.task_create(
            actor=ctx.kari, stay=ctx.stay, title="Ny", responsible_party="nav", assignee=None, due_date=None
        ),
        ["task.created"],
    ),
    "task_update": (
        lambda ctx: housing_services.task_update(actor=ctx.kari, task=ctx.task, values={"title": "Endret"}),
        ["task.updated"],
    ),
    "task_set_done": (
        lambda ctx: housing_services.task_set_done(actor=ctx.kari, task=ctx.task, done=True, today=ctx.today),
        ["task.completed"],
    ),
    "notification_record": (
        lambda ctx: housing_services.notification_record(
            actor=ctx.kari,
            stay=ctx.stay,
            values={"agency": "boligkontor", "sent_on": ctx.today, "channel": "brev", "request": "Søknad"},
        ),
        ["notification.recorded"],
    ),
    "notification_update": (
        lambda ctx: housing_services.notification_update(
            actor=ctx.kari, notification=ctx.notification, values={"answer": "Ja", "answered_on": ctx.today}
        ),
        ["notification.updated"],
    ),
    "child_add": (
        lambda ctx: children_services.child_add(
            actor=ctx.kari, stay=ctx.stay, first_name="Ny", birth_year=ctx.today.year - 3
        ),
        ["child.added"],
    ),
    "child_update": (
        lambda ctx: children_services.child_update(
            actor=ctx.kari, child=ctx.child, values={"school": "Ny skole", "keeps_school": "nei"}
        ),
        ["child.updated"],
    ),
    "child_wish_add": (
        lambda ctx: children_services.child_wish_add(actor=ctx.kari, child=ctx.child, asked_on=ctx.today, words="Hund"),
        ["child.wish_added"],
    ),
    "child_information_add": (
        lambda ctx: children_services.child_information_add(
            actor=ctx.kari, child=ctx.child, told_on=ctx.today, phase="for", what_told="Vi flytter"
        ),
        ["child.information_added"],
    ),
    "child_move_add": (
        lambda ctx: children_services.child_move_add(
            actor=ctx.kari,
            child=ctx.child,
            kind="for_krisesenter",
            moved_on=ctx.stay.arrival_date - datetime.timedelta(days=300),
        ),
        ["child.move_added"],
    ),
    "shelter_update_settings": (
        lambda ctx: core_services.shelter_update_settings(actor=ctx.kari, shelter=ctx.shelter, assessment_due_days=7),
        ["shelter.settings_changed"],
    ),
}


class Ctx:
    pass


@pytest.fixture
def ctx(shelter, kari, ola, case, departed, today):
    housing_services.tracks_set(actor=kari, stay=case.stay, tracks=["kommunal_bolig"], today=today)
    context = Ctx()
    context.__dict__.update(
        shelter=shelter,
        kari=kari,
        ola=ola,
        stay=case.stay,
        task=case.task,
        notification=case.notification,
        child=case.child,
        departed=departed,
        today=today,
    )
    return context


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


CHILD_WRITES = {
    "child_add": (Child, "child.added"),
    "child_update": (Child, "child.updated"),
    "child_wish_add": (ChildWish, "child.wish_added"),
    "child_information_add": (ChildInformation, "child.information_added"),
    "child_move_add": (ChildMove, "child.move_added"),
}


@pytest.mark.parametrize("name", sorted(CHILD_WRITES))
def test_every_child_write_names_what_it_wrote_and_the_stay(ctx, name):
    model, action = CHILD_WRITES[name]
    write, _ = WRITES[name]
    before = AuditEvent.objects.count()

    written = write(ctx)

    row = _one_new_row(before)
    assert row.action == action
    assert isinstance(written, model)
    assert (row.object_type, row.object_id) == (model._meta.model_name, written.pk)
    assert row.stay_id == ctx.stay.pk


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

    def audit_down(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(AuditEvent.objects, "create", audit_down)
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
CHILD_SECRETS = [
    "HEMMELIG-BARNENAVN",
    "HEMMELIG-SKOLE",
    "HEMMELIG-FOTBALL",
    "HEMMELIG-PLAN",
    "HEMMELIG-BARNEONSKE",
    "HEMMELIG-FORTALT",
    "HEMMELIG-REAKSJON",
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


def test_child_audit_rows_hold_no_free_text(client_for, kari, stay, today):
    """The wish words, what the child was told and how it took it, never in the audit log."""
    client = client_for(kari)
    response = client.post(
        reverse("children:child-add", kwargs={"stay_id": stay.pk}),
        {
            "first_name": "HEMMELIG-BARNENAVN",
            "birth_year": str(today.year - 7),
            "school": "HEMMELIG-SKOLE",
            "activities": "HEMMELIG-FOTBALL",
        },
    )
    assert response.status_code == 302
    child = Child.objects.get(stay=stay)
    child_kwargs = {"child_id": child.pk}
    posts = [
        (
            reverse("children:child-edit", kwargs=child_kwargs),
            {
                "first_name": "HEMMELIG-BARNENAVN",
                "birth_year": str(today.year - 7),
                "school": "HEMMELIG-SKOLE endret",
                "activities": "HEMMELIG-FOTBALL",
                "plan_before": "HEMMELIG-PLAN",
            },
        ),
        (
            reverse("children:child-wish-add", kwargs=child_kwargs),
            {"asked_on": today.isoformat(), "words": "HEMMELIG-BARNEONSKE"},
        ),
        (
            reverse("children:child-information-add", kwargs=child_kwargs),
            {
                "told_on": today.isoformat(),
                "phase": "for",
                "what_told": "HEMMELIG-FORTALT",
                "reaction": "HEMMELIG-REAKSJON",
            },
        ),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 302, url
    for url in [reverse("children:child-detail", kwargs=child_kwargs), reverse("children:children-list")]:
        assert client.get(url).status_code == 200
    assert client.get(reverse("children:child-plan", kwargs=child_kwargs)).status_code == 200

    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "child.added",
        "child.updated",
        "child.wish_added",
        "child.information_added",
        "child.viewed",
        "children.listed",
        "child.plan_printed",
    } <= actions
    for row in AuditEvent.objects.values():
        for field, value in row.items():
            for secret in CHILD_SECRETS:
                assert secret.lower() not in str(value).lower(), f"{secret} in audit field {field}"
    updated = AuditEvent.objects.get(action="child.updated")
    assert set(updated.fields.split(",")) == {"school", "plan_before"}
