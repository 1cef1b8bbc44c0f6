"""The housing rules corrected against the law texts (docs/rules.md): appeals, the assessment and the
suggested tasks, one test or more per rule.

Each rule is data with its source and the date it was checked; these tests fail if a rule goes
back to what it was before it was corrected. The other apps' rules are in tests/<app>/test_legal_rules.py.
"""

import datetime

import pytest
from django.urls import reverse

from boligplan.housing import services as housing
from boligplan.housing.choices import ApplicationStatus, ResponsibleParty, Track
from boligplan.housing.models import Application, Task
from boligplan.housing.selectors import overview_reminders as housing_reminders
from boligplan.housing.suggestions import parse_suggestions, suggestion_table, suggestions_for
from boligplan.residents.access import stays_visible_to

DAY = datetime.timedelta(days=1)


# --- Applications: a partly granted decision can be appealed, and is reminded at once. ---------


def application(stay, kari, *, status, decision_on):
    return housing.application_record(
        actor=kari,
        stay=stay,
        values={
            "kind": "kommunal_bolig",
            "agency": "Tildelingskontoret",
            "sent_on": stay.arrival_date,
            "status": status,
            "decision_on": decision_on,
        },
    )


def test_a_partly_granted_decision_has_an_appeal_deadline(make_stay, kari, today):
    stay = make_stay(days_ago=30)
    partly = application(stay, kari, status=ApplicationStatus.PARTLY_GRANTED, decision_on=today - 2 * DAY)
    granted_fully = application(stay, kari, status=ApplicationStatus.GRANTED, decision_on=today - 2 * DAY)

    assert partly.appeal_deadline == today - 2 * DAY + datetime.timedelta(weeks=3)
    assert granted_fully.appeal_deadline is None
    assert Application.APPEAL_WEEKS == 3


@pytest.mark.parametrize(
    ("status", "decided_days_ago", "shown"),
    [
        ("avslatt", 0, True),  # from the decision date, not only in the last week
        ("delvis_innvilget", 0, True),
        ("delvis_innvilget", 14, True),
        ("avslatt", 21, True),  # the last day to appeal
        ("avslatt", 22, False),  # too late
        ("innvilget", 0, False),
    ],
)
def test_the_appeal_reminder_runs_from_the_decision_date(make_stay, kari, today, status, decided_days_ago, shown):
    stay = make_stay(days_ago=40)
    application(stay, kari, status=status, decision_on=today - decided_days_ago * DAY)

    found = [
        r
        for r in housing_reminders(stays_visible_to(kari).current(), today=today).get(stay.pk, [])
        if r.kind == "application.appeal"
    ]

    assert bool(found) is shown
    if shown:
        assert found[0].due == today - decided_days_ago * DAY + datetime.timedelta(weeks=3)


def test_the_application_form_requires_the_decision_date_for_a_partly_granted_decision(client_for, kari, stay):
    url = reverse("housing:application-create", args=[stay.pk])
    form = {
        "kind": "kommunal_bolig",
        "agency": "Tildelingskontoret",
        "sent_on": stay.arrival_date.isoformat(),
        "status": "delvis_innvilget",
        "decision_on": "",
    }
    response = client_for(kari).post(url, form)
    assert response.status_code == 400
    assert "klagefristen" in response.content.decode()


# --- The housing assessment: "Usikker" is a quiet note to clarify; flags suggest tracks. -------


@pytest.mark.parametrize(("answer", "shown"), [("usikker", True), ("ja", False), ("nei", False)])
def test_uncertain_about_a_new_home_is_a_quiet_reminder(stay, kari, today, answer, shown):
    housing.assessment_save(actor=kari, stay=stay, values={"new_home_needed": answer}, complete=False, today=today)

    found = [
        r
        for r in housing_reminders(stays_visible_to(kari).current(), today=today).get(stay.pk, [])
        if r.kind == "assessment.clarify"
    ]

    assert bool(found) is shown
    if shown:
        assert found[0].danger is False and "Avklar" in found[0].text


@pytest.mark.parametrize(
    ("flag", "key", "track_label"),
    [
        ("honour_related", "aeresrelatert.kompetanseteamet", "Bo- og støttetilbud"),
        ("human_trafficking", "menneskehandel.rosa", "ROSA"),
    ],
)
def test_a_flag_brings_its_task_once_and_suggests_its_track(client_for, stay, kari, today, flag, key, track_label):
    for _ in range(2):  # saved twice: the task comes once
        housing.assessment_save(actor=kari, stay=stay, values={flag: True}, complete=False, today=today)

    (task,) = Task.objects.filter(stay=stay, suggestion_key=key)
    assert task.responsible_party == ResponsibleParty.SHELTER and task.assignee == kari
    content = client_for(kari).get(reverse("housing:tracks-edit", args=[stay.pk])).content.decode()
    assert "Vurder disse sporene:" in content and track_label in content


def test_no_flag_no_suggestion(client_for, stay, kari, today):
    housing.assessment_save(actor=kari, stay=stay, values={"new_home_needed": "ja"}, complete=False, today=today)
    assert not Task.objects.filter(stay=stay).exists()
    content = client_for(kari).get(reverse("housing:tracks-edit", args=[stay.pk])).content.decode()
    assert "Vurder disse sporene:" not in content


# --- Suggested tasks. ---------------------------------------------------------------------------


def test_bostotte_is_suggested_and_shared_by_the_renting_tracks():
    private = {s.key: s for s in suggestions_for(Track.PRIVATE_RENTAL)}
    municipal = {s.key: s for s in suggestions_for(Track.MUNICIPAL)}
    assert "bostotte.soknad" in private and "bostotte.soknad" in municipal
    assert "Husbanken" in private["bostotte.soknad"].title


def test_the_deposit_guarantee_task_is_the_residents_with_the_shelters_help():
    (deposit,) = [s for s in suggestions_for(Track.PRIVATE_RENTAL) if s.key == "privat.depositum"]
    assert deposit.party == ResponsibleParty.RESIDENT
    assert "senteret hjelper" in deposit.title


def test_no_bo_og_stotte_task_key_reads_as_bostotte():
    for suggestion in suggestions_for(Track.HOUSING_AND_SUPPORT):
        assert not suggestion.key.startswith("bostotte"), suggestion.key


def test_a_key_may_repeat_only_for_the_same_task():
    same = '[[privat_leie]]\nkey = "k"\ntitle = "T"\nparty = "beboer"\ndue_days = 1\n'
    table = parse_suggestions(same + same.replace("privat_leie", "kommunal_bolig"))
    assert table["kommunal_bolig"][0].key == "k"
    with pytest.raises(ValueError, match="duplicate"):
        parse_suggestions(same + same.replace("privat_leie", "kommunal_bolig").replace('"T"', '"Annen"'))


def test_the_shipped_table_parses():
    assert suggestion_table()


def test_the_choosing_of_both_renting_tracks_adds_bostotte_once(client_for, kari, stay):
    client_for(kari).post(reverse("housing:tracks-edit", args=[stay.pk]), {"tracks": ["privat_leie", "kommunal_bolig"]})
    assert Task.objects.filter(stay=stay, suggestion_key="bostotte.soknad").count() == 1
