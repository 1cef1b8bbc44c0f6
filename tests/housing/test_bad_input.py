"""Bad input on the housing forms (tracks, tasks, notifications to NAV and the housing office, the
assessment): 400, the message next to the field and in the summary, the input kept, nothing saved.
The table's shape and the check are shared (tests/badinput.py); the letter fields have their own
table in test_letters_bad_input.py."""

import re

import pytest
from django.urls import reverse

from tests.badinput import Bad, dates_outside_the_stay, day, refused_kept_and_explained, stay_url

LONG_TITLE = "T" * 201


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


def task_edit(c):
    return reverse("housing:task-edit", kwargs={"task_id": c.task.pk})


def notification_edit(c):
    return reverse("housing:notification-edit", kwargs={"notification_id": c.notification.pk})


BAD = [
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
    *dates_outside_the_stay(
        "notification-sent",
        stay_url("housing:notification-create"),
        notification_data,
        "sent_on",
        kept="Ba om kommunal bolig",
        before=1,
        ahead=2,
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
]


@pytest.mark.parametrize("bad", BAD, ids=lambda bad: bad.id)
def test_bad_input_is_refused_kept_and_explained(client_for, bad_input_ctx, bad):
    refused_kept_and_explained(client_for(bad_input_ctx.kari), bad_input_ctx, bad)
