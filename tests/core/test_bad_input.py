"""Bad input on every form: 400, a message next to the field and in the summary at the top, the
user's input kept, nothing saved, never a 500."""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils.html import escape

from boligplan.children import services as children_services
from boligplan.housing import services as housing_services
from boligplan.residents import services as resident_services
from tests.helpers import data_snapshot, write_audit_count

LONG_NAME = "N" * 121
LONG_TITLE = "T" * 201
LONG_NOTE = "Notat " + "n" * 4995  # 5001 characters
OPEN_STAY_MESSAGE = "Personen har allerede et åpent opphold. Registrer utflytting først."


@pytest.fixture
def ctx(make_stay, kari, frida, stian, today):
    stay = make_stay(display_name="Berta Beboer", days_ago=10)
    task = housing_services.task_create(
        actor=kari, stay=stay, title="Eksisterende oppgave", responsible_party="nav", assignee=None, due_date=None
    )
    notification = housing_services.notification_record(
        actor=kari,
        stay=stay,
        values={"agency": "nav", "sent_on": stay.arrival_date, "channel": "telefon", "request": "Første"},
    )
    child = children_services.child_add(
        actor=kari, stay=stay, first_name="Ada", birth_year=today.year - 9, school="Fjordby skole"
    )
    return SimpleNamespace(
        stay=stay,
        resident=stay.resident,
        arrival=stay.arrival_date,
        task=task,
        notification=notification,
        child=child,
        kari=kari,
        frida=frida,
        stian=stian,
        today=today,
    )


def day(date: datetime.date, offset: int) -> str:
    return (date + datetime.timedelta(days=offset)).isoformat()


@dataclass(frozen=True)
class Bad:
    """One bad submission: where, what, which field complains, and what the page must keep."""

    id: str
    url: Callable
    data: Callable
    field: str
    message: str | Callable | None  # None: Django's own message, read from the form
    kept: Callable = lambda c: []
    form_key: str = "form"
    extra: dict = field(default_factory=dict)


def register(c):
    return reverse("residents:resident-register")


def register_data(c, **changes):
    data = {
        "display_name": "Rita Registrert",
        "birth_year": "1980",
        "arrival_date": day(c.today, -1),
        "contact_person": str(c.kari.pk),
    }
    return {**data, **changes}


def stay_url(name):
    return lambda c: reverse(name, kwargs={"stay_id": c.stay.pk})


def depart_data(c, **changes):
    return {"departure_date": day(c.arrival, 1), "destination": "ny_kommunal", "permanence": "varig", **changes}


def task_data(c, **changes):
    return {"title": "Ring NAV-kontoret", "responsible_party": "nav", "due_date": day(c.arrival, 5), **changes}


def notification_data(c, **changes):
    data = {
        "agency": "boligkontor",
        "sent_on": day(c.arrival, 1),
        "channel": "brev",
        "request": "Ba om kommunal bolig",
        "answer": "",
        "answered_on": "",
    }
    return {**data, **changes}


def assessment_data(c, **changes):
    return {"previous_municipality": "Fjordby", "resident_wishes": "Bo nær skolen", "direction": "ny_bolig", **changes}


def child_data(c, **changes):
    data = {
        "first_name": "Mia",
        "birth_year": str(c.today.year - 6),
        "contact_person": str(c.kari.pk),
        "school": "Fjordby skole",
        "activities": "Korps",
    }
    return {**data, **changes}


def child_url(name):
    return lambda c: reverse(name, kwargs={"child_id": c.child.pk})


def child_message(c):
    return f"Et barn er født mellom {c.today.year - 18} og {c.today.year}."


def wish_data(c, **changes):
    return {"asked_on": day(c.today, 0), "words": "Jeg vil ha en katt", **changes}


def information_data(c, **changes):
    return {
        "told_on": day(c.today, 0),
        "phase": "for",
        "what_told": "Vi skal flytte til et nytt hus",
        "reaction": "Glad",
        **changes,
    }


def move_data(c, **changes):
    return {"kind": "for_krisesenter", "moved_on": day(c.arrival, -100), **changes}


LONG_CHILD_NAME = "B" * 61
LONG_ACTIVITIES = "Fotball " + "a" * 293  # 301 characters
LONG_PLAN = "Før " + "p" * 997  # 1001 characters
LONG_WORDS = "Ønske " + "o" * 1995  # 2001 characters


def task_edit(c):
    return reverse("housing:task-edit", kwargs={"task_id": c.task.pk})


def notification_edit(c):
    return reverse("housing:notification-edit", kwargs={"notification_id": c.notification.pk})


BAD = [
    # Registering a resident.
    Bad(
        "register-long-name",
        register,
        lambda c: register_data(c, display_name=LONG_NAME),
        "display_name",
        None,
        lambda c: [f'value="{LONG_NAME}"', 'value="1980"'],
    ),
    Bad(
        "register-blank-name",
        register,
        lambda c: register_data(c, display_name="   "),
        "display_name",
        None,
        lambda c: ['value="1980"', f'value="{day(c.today, -1)}"'],
    ),
    Bad(
        "register-birth-year-too-early",
        register,
        lambda c: register_data(c, birth_year="1850"),
        "birth_year",
        lambda c: f"Fødselsåret må være mellom 1900 og {c.today.year - 16}.",
        lambda c: ['value="1850"', 'value="Rita Registrert"'],
    ),
    Bad(
        "register-birth-year-a-child",
        register,
        lambda c: register_data(c, birth_year=str(c.today.year - 2)),
        "birth_year",
        lambda c: f"Fødselsåret må være mellom 1900 og {c.today.year - 16}.",
        lambda c: [f'value="{c.today.year - 2}"', 'value="Rita Registrert"'],
    ),
    Bad(
        "register-birth-year-not-a-number",
        register,
        lambda c: register_data(c, birth_year="nitten-åtti"),
        "birth_year",
        None,
        lambda c: ['value="nitten-åtti"', 'value="Rita Registrert"'],
    ),
    Bad(
        "register-arrival-in-future",
        register,
        lambda c: register_data(c, arrival_date=day(c.today, 1)),
        "arrival_date",
        "Ankomstdatoen kan ikke være fram i tid.",
        lambda c: [f'value="{day(c.today, 1)}"', 'value="Rita Registrert"'],
    ),
    Bad(
        "register-contact-from-other-shelter",
        register,
        lambda c: register_data(c, contact_person=str(c.frida.pk)),
        "contact_person",
        None,
        lambda c: ['value="Rita Registrert"', 'value="1980"'],
    ),
    # A second open stay.
    Bad(
        "stay-open-while-open",
        lambda c: reverse("residents:stay-open", kwargs={"resident_id": c.resident.pk}),
        lambda c: {"arrival_date": day(c.today, 0), "contact_person": str(c.kari.pk)},
        "arrival_date",
        OPEN_STAY_MESSAGE,
        lambda c: [f'value="{day(c.today, 0)}"'],
    ),
    # Departure.
    Bad(
        "depart-before-arrival",
        stay_url("residents:stay-depart"),
        lambda c: depart_data(c, departure_date=day(c.arrival, -1)),
        "departure_date",
        "Utflytting kan ikke være før ankomst.",
        lambda c: [f'value="{day(c.arrival, -1)}"', '<option value="ny_kommunal" selected>'],
    ),
    Bad(
        "depart-in-future",
        stay_url("residents:stay-depart"),
        lambda c: depart_data(c, departure_date=day(c.today, 1)),
        "departure_date",
        "Utflytting registreres når den har skjedd, ikke på forhånd.",
        lambda c: [f'value="{day(c.today, 1)}"', '<option value="ny_kommunal" selected>'],
    ),
    Bad(
        "depart-unknown-destination",
        stay_url("residents:stay-depart"),
        lambda c: depart_data(c, destination="manen"),
        "destination",
        None,
        lambda c: [f'value="{day(c.arrival, 1)}"', re.compile(r'value="varig"[^>]*checked')],
    ),
    Bad(
        "depart-unknown-permanence",
        stay_url("residents:stay-depart"),
        lambda c: depart_data(c, permanence="for-alltid"),
        "permanence",
        None,
        lambda c: [f'value="{day(c.arrival, 1)}"', '<option value="ny_kommunal" selected>'],
    ),
    # Ready to move.
    Bad(
        "ready-before-arrival",
        stay_url("residents:stay-ready-to-move"),
        lambda c: {"ready_to_move_date": day(c.arrival, -3), "wait_cause": "nav"},
        "ready_to_move_date",
        "Datoen kan ikke være før ankomstdatoen.",
        lambda c: [f'value="{day(c.arrival, -3)}"', '<option value="nav" selected>'],
    ),
    # Journal notes (the form sits on the stay page).
    Bad(
        "note-too-long",
        stay_url("residents:note-add"),
        lambda c: {"text": LONG_NOTE},
        "text",
        None,
        lambda c: [LONG_NOTE],
        form_key="note_form",
    ),
    Bad(
        "note-empty",
        stay_url("residents:note-add"),
        lambda c: {"text": "  \n  "},
        "text",
        None,
        form_key="note_form",
    ),
    # Tracks.
    Bad(
        "tracks-unknown",
        stay_url("housing:tracks-edit"),
        lambda c: {"tracks": ["privat_leie", "lottogevinst"]},
        "tracks",
        None,
        lambda c: [re.compile(r'value="privat_leie"[^>]*checked')],
    ),
    # Tasks.
    Bad(
        "task-create-due-before-arrival",
        stay_url("housing:task-create"),
        lambda c: task_data(c, due_date=day(c.arrival, -1)),
        "due_date",
        "Fristen kan ikke være før ankomstdatoen.",
        lambda c: [f'value="{day(c.arrival, -1)}"', 'value="Ring NAV-kontoret"'],
    ),
    Bad(
        "task-create-unknown-party",
        stay_url("housing:task-create"),
        lambda c: task_data(c, responsible_party="nabolaget"),
        "responsible_party",
        None,
        lambda c: [f'value="{day(c.arrival, 5)}"', 'value="Ring NAV-kontoret"'],
    ),
    Bad(
        "task-create-long-title",
        stay_url("housing:task-create"),
        lambda c: task_data(c, title=LONG_TITLE),
        "title",
        None,
        lambda c: [f'value="{LONG_TITLE}"', f'value="{day(c.arrival, 5)}"'],
    ),
    Bad(
        "task-create-assignee-from-other-shelter",
        stay_url("housing:task-create"),
        lambda c: task_data(c, assignee=str(c.frida.pk)),
        "assignee",
        None,
        lambda c: ['value="Ring NAV-kontoret"'],
    ),
    Bad(
        "task-edit-due-before-arrival",
        task_edit,
        lambda c: task_data(c, title="Endret tittel", due_date=day(c.arrival, -2)),
        "due_date",
        "Fristen kan ikke være før ankomstdatoen.",
        lambda c: [f'value="{day(c.arrival, -2)}"', 'value="Endret tittel"'],
    ),
    Bad(
        "task-edit-unknown-party",
        task_edit,
        lambda c: task_data(c, title="Endret tittel", responsible_party="nabolaget"),
        "responsible_party",
        None,
        lambda c: ['value="Endret tittel"'],
    ),
    # Notifications to NAV and the housing office.
    Bad(
        "notification-sent-before-arrival",
        stay_url("housing:notification-create"),
        lambda c: notification_data(c, sent_on=day(c.arrival, -1)),
        "sent_on",
        "Datoen kan ikke være før ankomstdatoen.",
        lambda c: [f'value="{day(c.arrival, -1)}"', "Ba om kommunal bolig"],
    ),
    Bad(
        "notification-sent-in-future",
        stay_url("housing:notification-create"),
        lambda c: notification_data(c, sent_on=day(c.today, 2)),
        "sent_on",
        "Datoen kan ikke være fram i tid.",
        lambda c: [f'value="{day(c.today, 2)}"', "Ba om kommunal bolig"],
    ),
    Bad(
        "notification-answer-before-sent",
        stay_url("housing:notification-create"),
        lambda c: notification_data(c, sent_on=day(c.arrival, 3), answer="Fikk ja", answered_on=day(c.arrival, 2)),
        "answered_on",
        "Svaret kan ikke være mottatt før henvendelsen ble sendt.",
        lambda c: [f'value="{day(c.arrival, 2)}"', f'value="{day(c.arrival, 3)}"', "Fikk ja"],
    ),
    Bad(
        "notification-answer-without-date",
        stay_url("housing:notification-create"),
        lambda c: notification_data(c, answer="Fikk ja"),
        "answered_on",
        "Skriv når svaret kom.",
        lambda c: ["Fikk ja", "Ba om kommunal bolig"],
    ),
    Bad(
        "notification-unknown-agency",
        stay_url("housing:notification-create"),
        lambda c: notification_data(c, agency="skatteetaten"),
        "agency",
        None,
        lambda c: ["Ba om kommunal bolig"],
    ),
    Bad(
        "notification-edit-sent-before-arrival",
        notification_edit,
        lambda c: notification_data(c, request="Endret forespørsel", sent_on=day(c.arrival, -4)),
        "sent_on",
        "Datoen kan ikke være før ankomstdatoen.",
        lambda c: [f'value="{day(c.arrival, -4)}"', "Endret forespørsel"],
    ),
    Bad(
        "notification-edit-answer-before-sent",
        notification_edit,
        lambda c: notification_data(c, sent_on=day(c.arrival, 3), answer="Nei", answered_on=day(c.arrival, 1)),
        "answered_on",
        "Svaret kan ikke være mottatt før henvendelsen ble sendt.",
        lambda c: [f'value="{day(c.arrival, 1)}"', "Nei"],
    ),
    # The housing assessment.
    Bad(
        "assessment-complete-without-need",
        stay_url("housing:assessment-edit"),
        lambda c: assessment_data(c, complete="1"),
        "new_home_needed",
        "Svar på om ny bolig trengs før kartleggingen fullføres.",
        lambda c: ['value="Fjordby"', "Bo nær skolen"],
    ),
    Bad(
        "assessment-household-size",
        stay_url("housing:assessment-edit"),
        lambda c: assessment_data(c, household_size="0", draft="1"),
        "household_size",
        "Antall i husstanden må være mellom 1 og 20.",
        lambda c: ['value="0"', 'value="Fjordby"'],
    ),
    Bad(
        "assessment-unknown-direction",
        stay_url("housing:assessment-edit"),
        lambda c: assessment_data(c, direction="til-manen", draft="1"),
        "direction",
        None,
        lambda c: ['value="Fjordby"', "Bo nær skolen"],
    ),
    Bad(
        "assessment-long-reason",
        stay_url("housing:assessment-edit"),
        lambda c: assessment_data(c, return_safe_reason="R" * 2001, draft="1"),
        "return_safe_reason",
        None,
        lambda c: ["R" * 2001, 'value="Fjordby"'],
    ),
    # Changing the contact person.
    Bad(
        "contact-from-other-shelter",
        stay_url("residents:stay-contact-edit"),
        lambda c: {"contact_person": str(c.frida.pk)},
        "contact_person",
        None,
    ),
    # Registering a child.
    Bad(
        "child-add-birth-year-an-adult",
        stay_url("children:child-add"),
        lambda c: child_data(c, birth_year=str(c.today.year - 30)),
        "birth_year",
        child_message,
        lambda c: [f'value="{c.today.year - 30}"', 'value="Mia"', 'value="Korps"'],
    ),
    Bad(
        "child-add-born-19-years-ago",
        stay_url("children:child-add"),
        lambda c: child_data(c, birth_year=str(c.today.year - 19)),
        "birth_year",
        child_message,
        lambda c: [f'value="{c.today.year - 19}"', 'value="Mia"'],
    ),
    Bad(
        "child-add-birth-year-in-future",
        stay_url("children:child-add"),
        lambda c: child_data(c, birth_year=str(c.today.year + 1)),
        "birth_year",
        child_message,
        lambda c: [f'value="{c.today.year + 1}"', 'value="Mia"'],
    ),
    Bad(
        "child-add-birth-year-not-a-number",
        stay_url("children:child-add"),
        lambda c: child_data(c, birth_year="seks"),
        "birth_year",
        None,
        lambda c: ['value="seks"', 'value="Mia"'],
    ),
    Bad(
        "child-add-blank-name",
        stay_url("children:child-add"),
        lambda c: child_data(c, first_name="   "),
        "first_name",
        None,
        lambda c: [f'value="{c.today.year - 6}"', 'value="Fjordby skole"', 'value="Korps"'],
    ),
    Bad(
        "child-add-long-name",
        stay_url("children:child-add"),
        lambda c: child_data(c, first_name=LONG_CHILD_NAME),
        "first_name",
        None,
        lambda c: [f'value="{LONG_CHILD_NAME}"', 'value="Korps"'],
    ),
    Bad(
        "child-add-long-activities",
        stay_url("children:child-add"),
        lambda c: child_data(c, activities=LONG_ACTIVITIES),
        "activities",
        None,
        lambda c: [LONG_ACTIVITIES, 'value="Mia"'],
    ),
    Bad(
        "child-add-contact-from-other-shelter",
        stay_url("children:child-add"),
        lambda c: child_data(c, contact_person=str(c.frida.pk)),
        "contact_person",
        None,
        lambda c: ['value="Mia"', 'value="Korps"'],
    ),
    Bad(
        "child-add-contact-statistics-only",
        stay_url("children:child-add"),
        lambda c: child_data(c, contact_person=str(c.stian.pk)),
        "contact_person",
        None,
        lambda c: ['value="Mia"', 'value="Korps"'],
    ),
    # Changing a child's record.
    Bad(
        "child-edit-birth-year-an-adult",
        child_url("children:child-edit"),
        lambda c: child_data(c, first_name="Ada", birth_year="1990"),
        "birth_year",
        child_message,
        lambda c: ['value="1990"', 'value="Ada"', 'value="Korps"'],
    ),
    Bad(
        "child-edit-blank-name",
        child_url("children:child-edit"),
        lambda c: child_data(c, first_name=" \t "),
        "first_name",
        None,
        lambda c: ['value="Korps"'],
    ),
    Bad(
        "child-edit-long-plan",
        child_url("children:child-edit"),
        lambda c: child_data(c, first_name="Ada", plan_before=LONG_PLAN),
        "plan_before",
        None,
        lambda c: [LONG_PLAN, 'value="Ada"'],
    ),
    Bad(
        "child-edit-unknown-keeps-school",
        child_url("children:child-edit"),
        lambda c: child_data(c, first_name="Ada", keeps_school="kanskje"),
        "keeps_school",
        None,
        lambda c: ['value="Ada"', 'value="Fjordby skole"'],
    ),
    # The child's wishes.
    Bad(
        "wish-empty",
        child_url("children:child-wish-add"),
        lambda c: wish_data(c, words="  \n "),
        "words",
        None,
        lambda c: [f'value="{day(c.today, 0)}"'],
    ),
    Bad(
        "wish-too-long",
        child_url("children:child-wish-add"),
        lambda c: wish_data(c, words=LONG_WORDS),
        "words",
        None,
        lambda c: [LONG_WORDS],
    ),
    Bad(
        "wish-asked-in-future",
        child_url("children:child-wish-add"),
        lambda c: wish_data(c, asked_on=day(c.today, 1)),
        "asked_on",
        "Datoen kan ikke være fram i tid.",
        lambda c: [f'value="{day(c.today, 1)}"', "Jeg vil ha en katt"],
    ),
    Bad(
        "wish-asked-before-arrival",
        child_url("children:child-wish-add"),
        lambda c: wish_data(c, asked_on=day(c.arrival, -1)),
        "asked_on",
        "Datoen kan ikke være før ankomstdatoen.",
        lambda c: [f'value="{day(c.arrival, -1)}"', "Jeg vil ha en katt"],
    ),
    Bad(
        "wish-date-garbage",
        child_url("children:child-wish-add"),
        lambda c: wish_data(c, asked_on="i går"),
        "asked_on",
        None,
        lambda c: ['value="i går"', "Jeg vil ha en katt"],
    ),
    # What the child was told.
    Bad(
        "information-unknown-phase",
        child_url("children:child-information-add"),
        lambda c: information_data(c, phase="midt-i"),
        "phase",
        None,
        lambda c: ["Vi skal flytte til et nytt hus", "Glad"],
    ),
    Bad(
        "information-empty",
        child_url("children:child-information-add"),
        lambda c: information_data(c, what_told=" "),
        "what_told",
        None,
        lambda c: ["Glad", re.compile(r'value="for"[^>]*checked')],
    ),
    Bad(
        "information-in-future",
        child_url("children:child-information-add"),
        lambda c: information_data(c, told_on=day(c.today, 3)),
        "told_on",
        "Datoen kan ikke være fram i tid.",
        lambda c: [f'value="{day(c.today, 3)}"', "Vi skal flytte til et nytt hus"],
    ),
    Bad(
        "information-before-arrival",
        child_url("children:child-information-add"),
        lambda c: information_data(c, told_on=day(c.arrival, -2)),
        "told_on",
        "Datoen kan ikke være før ankomstdatoen.",
        lambda c: [f'value="{day(c.arrival, -2)}"', "Vi skal flytte til et nytt hus"],
    ),
    Bad(
        "information-long-reaction",
        child_url("children:child-information-add"),
        lambda c: information_data(c, reaction="R" * 2001),
        "reaction",
        None,
        lambda c: ["R" * 2001, "Vi skal flytte til et nytt hus"],
    ),
    # The child's moves.
    Bad(
        "move-before-shelter-dated-after-arrival",
        child_url("children:child-move-add"),
        lambda c: move_data(c, moved_on=day(c.arrival, 1)),
        "moved_on",
        "En flytting før krisesenteret må være før ankomstdatoen.",
        lambda c: [f'value="{day(c.arrival, 1)}"', '<option value="for_krisesenter" selected>'],
    ),
    Bad(
        "move-after-stay-while-still-here",
        child_url("children:child-move-add"),
        lambda c: move_data(c, kind="etter_opphold", moved_on=day(c.today, 0)),
        "kind",
        "Flyttinger etter oppholdet registreres når oppholdet er avsluttet.",
        lambda c: [f'value="{day(c.today, 0)}"', '<option value="etter_opphold" selected>'],
    ),
    Bad(
        "move-arrival-by-hand",
        child_url("children:child-move-add"),
        lambda c: move_data(c, kind="til_krisesenter"),
        "kind",
        None,
        lambda c: [f'value="{day(c.arrival, -100)}"'],
    ),
    Bad(
        "move-in-future",
        child_url("children:child-move-add"),
        lambda c: move_data(c, kind="for_krisesenter", moved_on=day(c.today, 30)),
        "moved_on",
        "Datoen kan ikke være fram i tid.",
        lambda c: [f'value="{day(c.today, 30)}"'],
    ),
]


@pytest.mark.parametrize("bad", BAD, ids=lambda bad: bad.id)
def test_bad_input_is_refused_kept_and_explained(client_for, ctx, bad):
    client = client_for(ctx.kari)
    before, writes_before = data_snapshot(), write_audit_count()

    response = client.post(bad.url(ctx), bad.data(ctx))

    assert response.status_code == 400  # a 500 would raise in the test client before this line
    content = response.content.decode()
    # Nothing saved, not even half of it.
    assert data_snapshot() == before
    assert write_audit_count() == writes_before
    # The summary at the top, linking to the field.
    assert 'class="ds-error-summary"' in content
    summary = content.split('class="ds-error-summary"', 1)[1].split("</div>", 1)[0]
    # A group of radios or checkboxes is linked through its first input, which can take focus.
    assert re.search(rf'href="#id_{bad.field}(_0)?"', summary)
    # The message, next to the field and in the summary.
    form = response.context[bad.form_key]
    assert form.errors.get(bad.field), f"no error on {bad.field}: {form.errors}"
    expected = bad.message(ctx) if callable(bad.message) else bad.message
    messages = [expected] if expected else form.errors[bad.field]
    if expected:
        assert expected in form.errors[bad.field]
    for message in messages:
        assert escape(message) in summary
        assert f'id="id_{bad.field}_error">{escape(message)}</p>' in content
    # What the user typed is still there.
    for kept in bad.kept(ctx):
        if isinstance(kept, re.Pattern):
            assert kept.search(content), f"{kept.pattern} not in page"
        else:
            assert kept in content, f"{kept[:60]} not in page"


def test_the_list_covers_every_form_and_case_from_the_issue():
    ids = {bad.id for bad in BAD}
    required = {
        "depart-before-arrival",
        "depart-in-future",
        "task-create-due-before-arrival",
        "task-edit-due-before-arrival",
        "notification-sent-before-arrival",
        "notification-answer-before-sent",
        "notification-answer-without-date",
        "stay-open-while-open",
        "depart-unknown-destination",
        "tracks-unknown",
        "task-create-unknown-party",
        "note-too-long",
        "register-long-name",
        "task-create-long-title",
        "register-birth-year-too-early",
        "note-empty",
        "child-add-birth-year-an-adult",
        "child-add-blank-name",
        "child-add-long-name",
        "child-edit-birth-year-an-adult",
        "child-edit-blank-name",
        "child-edit-long-plan",
        "wish-empty",
        "information-unknown-phase",
        "move-after-stay-while-still-here",
    }
    assert required <= ids
    assert len(LONG_NOTE) == 5001 and len(LONG_NAME) == 121 and len(LONG_TITLE) == 201
    assert (len(LONG_CHILD_NAME), len(LONG_ACTIVITIES), len(LONG_PLAN), len(LONG_WORDS)) == (61, 301, 1001, 2001)


def test_a_second_open_stay_is_refused_even_when_the_form_is_fine(client_for, ctx):
    """The stay-open page shows the service's refusal, and the resident keeps one open stay."""
    client = client_for(ctx.kari)
    url = reverse("residents:stay-open", kwargs={"resident_id": ctx.resident.pk})

    response = client.post(url, {"arrival_date": day(ctx.today, 0), "contact_person": str(ctx.kari.pk)})

    assert response.status_code == 400
    assert ctx.resident.stays.filter(departure_date__isnull=True).count() == 1
    assert escape(OPEN_STAY_MESSAGE) in response.content.decode()


@pytest.mark.parametrize(
    ("name", "payload"),
    [
        ("residents:stay-depart", {"departure_date": "31.02.2025", "destination": "rosa", "permanence": "varig"}),
        ("housing:task-create", {"title": "x", "responsible_party": "nav", "due_date": "i morgen"}),
        ("housing:notification-create", {"agency": "nav", "sent_on": "0000-00-00", "channel": "x", "request": ""}),
        ("residents:stay-ready-to-move", {"ready_to_move_date": "99999-01-01"}),
        ("housing:tracks-edit", {}),
    ],
)
def test_garbage_is_a_400_never_a_500(client_for, ctx, name, payload):
    before = data_snapshot()
    payload = payload or {"csrfmiddlewaretoken": "x"}  # what a browser sends with no box ticked

    response = client_for(ctx.kari).post(reverse(name, kwargs={"stay_id": ctx.stay.pk}), payload)

    assert response.status_code == 400
    assert 'class="ds-error-summary"' in response.content.decode()
    assert data_snapshot() == before


def test_ready_to_move_cannot_be_after_departure(client_for, kari, make_stay, today):
    """Days waiting for housing are counted from this date to departure; after departure is nonsense."""
    stay = make_stay(display_name="Dora Dratt", days_ago=20)
    departed_on = today - datetime.timedelta(days=10)
    resident_services.stay_depart(
        actor=kari, stay=stay, departure_date=departed_on, destination="rosa", permanence="varig"
    )
    before = data_snapshot()
    too_late = day(departed_on, 5)

    response = client_for(kari).post(
        reverse("residents:stay-ready-to-move", kwargs={"stay_id": stay.pk}),
        {"ready_to_move_date": too_late, "wait_cause": "kommunen"},
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert 'class="ds-error-summary"' in content
    assert 'id="id_ready_to_move_date_error"' in content
    assert f'value="{too_late}"' in content
    assert data_snapshot() == before


def test_markup_in_what_users_type_is_shown_as_text(client_for, kari, today):
    client = client_for(kari)
    name = '<b onmouseover="x()">Fet</b>'
    response = client.post(
        reverse("residents:resident-register"),
        {"display_name": name, "birth_year": "1980", "arrival_date": today.isoformat(), "contact_person": kari.pk},
    )
    assert response.status_code == 302
    content = client.get(reverse("reports:overview")).content.decode()
    assert escape(name) in content
    assert name not in content
