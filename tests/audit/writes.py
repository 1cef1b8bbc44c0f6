"""The write table of the audit tests: every service that writes, what it writes to the audit log,
and the case it writes on (the `case`, `departed` and `ctx` fixtures, offered to every test under
tests/audit/ by its conftest.py and imported by the other tests that use the table)."""

import datetime

import pytest

from boligplan.audit.models import AuditEvent
from boligplan.children import services as children_services
from boligplan.core import services as core_services
from boligplan.housing import services as housing_services
from boligplan.residents import services as resident_services
from tests.helpers import build_case


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


def one_new_row(before: int) -> AuditEvent:
    new_rows = list(AuditEvent.objects.order_by("-pk")[: AuditEvent.objects.count() - before])
    assert len(new_rows) == 1, f"expected exactly one audit row, got {[r.action for r in new_rows]}"
    return new_rows[0]


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
