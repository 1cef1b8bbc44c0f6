"""Each domain rule is written once and every page that shows it asks that one place.

needs a new home          housing.models.HousingAssessment.NEEDS_NEW_HOME_WHEN (needs_new_home, needs_new_home_q)
the Nav/housing alarm     housing.rules.agency_alarm
the assessment due date   residents.models.Stay.assessment_due_on / assessment_overdue
not before arrival        residents.rules.before_arrival / check_not_before_arrival
a sent date               housing.rules.sent_on_problem (housing.forms.SentOnRule for both forms, both services)
who can take a case       core.roles.roles_with (residents.access, children.access)
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from boligplan.children.access import child_contacts_of_shelter
from boligplan.core.roles import Capability, Role, roles_with
from boligplan.housing import rules as housing_rules
from boligplan.housing import services as housing
from boligplan.housing.choices import Agency, Direction, YesNoUncertain
from boligplan.housing.forms import ApplicationForm, AssessmentForm, NotificationForm, TaskForm
from boligplan.housing.models import HousingAssessment, needs_new_home_q
from boligplan.reports.handover import case_summary_context
from boligplan.reports.selectors import overview_rows
from boligplan.residents.access import staff_of_shelter
from boligplan.residents.models import Stay
from boligplan.residents.rules import before_arrival, check_not_before_arrival

DAY = datetime.timedelta(days=1)


# --- needs a new home ---------------------------------------------------------------------------


@pytest.mark.parametrize("answer", ["", *YesNoUncertain.values])
@pytest.mark.parametrize("direction", Direction.values)
def test_needs_a_new_home_answers_the_same_in_python_and_in_sql(make_stay, kari, today, answer, direction):
    stay = make_stay()
    housing.assessment_save(actor=kari, stay=stay, today=today, complete=False, values={})
    # Every combination, also one the services now refuse (ny bolig, but "nei"): older rows may hold it.
    HousingAssessment.objects.filter(stay=stay).update(new_home_needed=answer, direction=direction)
    expected = answer == YesNoUncertain.YES or direction == Direction.NEW_HOME
    assessment = HousingAssessment.objects.get(stay=stay)
    assert assessment.needs_new_home is expected
    assert HousingAssessment.objects.filter(needs_new_home_q(), pk=assessment.pk).exists() is expected
    assert Stay.objects.filter(needs_new_home_q("assessment__"), pk=stay.pk).exists() is expected
    assert overview_rows(kari, today=today)[0].needs_new_home is expected


# --- the assessment's answers agree: the form and the service say the same ----------------------


@pytest.mark.parametrize(
    ("values", "complete", "field", "message"),
    [
        ({"new_home_needed": ""}, True, "new_home_needed", "Svar på om ny bolig trengs før kartleggingen fullføres."),
        (
            {"new_home_needed": "nei", "direction": "ny_bolig"},
            False,
            "direction",
            "Retningen er ny bolig, men svaret over sier at ny bolig ikke trengs.",
        ),
        (
            {"return_possible": "nei", "direction": "tilbake"},
            False,
            "direction",
            "Retningen er tilbake, men svaret over sier at tilbakeflytting ikke er mulig.",
        ),
        ({"household_size": 21}, False, "household_size", "Antall i husstanden må være mellom 1 og 20."),
    ],
)
def test_the_assessment_form_and_service_refuse_the_same_answers(
    make_stay, kari, today, values, complete, field, message
):
    stay = make_stay()
    data = {"direction": "ikke_avklart", "version": "0"} | {name: str(value) for name, value in values.items()}
    form = AssessmentForm(data=data | ({"complete": "1"} if complete else {}))
    assert not form.is_valid()
    assert form.errors[field] == [message]
    with pytest.raises(ValidationError) as error:
        housing.assessment_save(actor=kari, stay=stay, today=today, complete=complete, values=values)
    assert error.value.message_dict == {field: [message]}


def test_a_completed_assessment_keeps_its_answer_on_a_new_home_when_saved_again(make_stay, kari, today):
    stay = make_stay()
    housing.assessment_save(actor=kari, stay=stay, today=today, complete=True, values={"new_home_needed": "ja"})
    with pytest.raises(ValidationError) as error:
        housing.assessment_save(actor=kari, stay=stay, today=today, complete=False, values={"new_home_needed": ""})
    assert set(error.value.message_dict) == {"new_home_needed"}
    # A partial save keeps the stored answer, so it is checked with it.
    housing.assessment_save(actor=kari, stay=stay, today=today, complete=False, values={"pets": "katt"})


# --- the alarm: a new home is needed and Nav or the housing office is not told ------------------


@pytest.mark.parametrize(
    ("needs", "told", "alarm"),
    [
        (True, set(), True),
        (True, {Agency.NAV}, True),
        (True, {Agency.HOUSING_OFFICE}, True),
        (True, {Agency.NAV, Agency.HOUSING_OFFICE}, False),
        (False, set(), False),
    ],
)
def test_the_agency_alarm_rule(needs, told, alarm):
    assert housing_rules.agency_alarm(needs_new_home=needs, told=told) is alarm


def _tell(stay, actor, agency):
    housing.notification_record(
        actor=actor, stay=stay, values={"agency": agency, "sent_on": stay.arrival_date, "channel": "brev"}
    )


def test_the_overview_raises_the_alarm_until_both_agencies_are_told(make_stay, kari, today):
    stay = make_stay()
    housing.assessment_save(actor=kari, stay=stay, today=today, complete=True, values={"new_home_needed": "ja"})
    assert overview_rows(kari, today=today)[0].agency_alarm
    _tell(stay, kari, Agency.NAV)
    assert overview_rows(kari, today=today)[0].agency_alarm
    _tell(stay, kari, Agency.HOUSING_OFFICE)
    assert not overview_rows(kari, today=today)[0].agency_alarm


# --- the assessment due date --------------------------------------------------------------------


def test_the_assessment_is_due_the_shelters_days_after_arrival_and_overdue_the_day_after(make_stay, kari, today):
    stay = make_stay(days_ago=10)
    stay.shelter.assessment_due_days = 4
    stay.shelter.save()
    stay = Stay.objects.select_related("shelter").get(pk=stay.pk)
    due = stay.arrival_date + datetime.timedelta(days=4)
    assert stay.assessment_due_on == due
    assert not stay.assessment_overdue(completed=False, today=due)
    assert stay.assessment_overdue(completed=False, today=due + DAY)
    assert not stay.assessment_overdue(completed=True, today=due + DAY)
    # The overview and the case summary read the same date and the same verdict.
    row = overview_rows(kari, today=today)[0]
    assert row.assessment_due_on == due and row.assessment_status == "overdue"
    summary = case_summary_context(kari, stay, today=today)
    assert summary["assessment_due_on"] == due and summary["assessment_overdue"]


# --- not before arrival -------------------------------------------------------------------------


def test_before_arrival_is_strictly_before_and_ignores_an_empty_date():
    arrival = datetime.date(2026, 3, 1)
    assert before_arrival(arrival - DAY, arrival)
    assert not before_arrival(arrival, arrival)
    assert not before_arrival(None, arrival)


def test_check_not_before_arrival_raises_the_given_message(make_stay):
    stay = make_stay()
    check_not_before_arrival(stay, stay.arrival_date)
    with pytest.raises(ValidationError) as error:
        check_not_before_arrival(stay, stay.arrival_date - DAY, "Fristen kan ikke være før ankomstdatoen.")
    assert error.value.messages == ["Fristen kan ikke være før ankomstdatoen."]


def test_a_task_due_before_arrival_is_refused_by_the_form_and_by_the_service(make_stay, kari):
    stay = make_stay()
    early = stay.arrival_date - DAY
    form = TaskForm(
        data={"title": "Ring Nav", "responsible_party": "krisesenter", "due_date": early.isoformat(), "version": "0"},
        staff=staff_of_shelter(kari),
        stay=stay,
    )
    assert not form.is_valid()
    assert form.errors["due_date"] == ["Fristen kan ikke være før ankomstdatoen."]
    with pytest.raises(ValidationError) as error:
        housing.task_create(
            actor=kari, stay=stay, title="Ring Nav", responsible_party="krisesenter", assignee=None, due_date=early
        )
    assert error.value.message_dict == {"due_date": ["Fristen kan ikke være før ankomstdatoen."]}


# --- a sent date: one rule for a notification and an application, in forms and services ----------


@pytest.mark.parametrize(
    ("offset", "message"),
    [(-1, "Datoen kan ikke være før ankomstdatoen."), (None, "Datoen kan ikke være fram i tid.")],
)
def test_both_housing_forms_and_both_services_refuse_the_same_sent_dates(make_stay, kari, today, offset, message):
    stay = make_stay()
    sent_on = stay.arrival_date - DAY if offset else today + DAY
    notification = NotificationForm(
        data={"agency": "nav", "sent_on": sent_on.isoformat(), "channel": "brev", "version": "0"}, stay=stay
    )
    application = ApplicationForm(
        data={
            "kind": "kommunal_bolig",
            "agency": "Tildelingskontoret",
            "sent_on": sent_on.isoformat(),
            "status": "sendt",
        }
        | {"version": "0"},
        stay=stay,
    )
    for form in (notification, application):
        assert not form.is_valid()
        assert form.errors["sent_on"] == [message]
    with pytest.raises(ValidationError) as error:
        housing.notification_record(
            actor=kari, stay=stay, values={"agency": "nav", "sent_on": sent_on, "channel": "brev"}
        )
    assert error.value.message_dict["sent_on"] == [message]
    with pytest.raises(ValidationError) as error:
        housing.application_record(
            actor=kari,
            stay=stay,
            values={"kind": "kommunal_bolig", "agency": "Tildelingskontoret", "sent_on": sent_on, "status": "sendt"},
        )
    assert error.value.message_dict["sent_on"] == [message]


def test_the_notification_service_guards_the_answer_as_the_form_does(make_stay, kari):
    stay = make_stay()
    values = {"agency": "nav", "sent_on": stay.arrival_date + DAY, "channel": "brev"}
    with pytest.raises(ValidationError) as error:
        housing.notification_record(actor=kari, stay=stay, values=values | {"answered_on": stay.arrival_date})
    assert error.value.message_dict == {"answered_on": ["Svaret kan ikke være mottatt før henvendelsen ble sendt."]}
    with pytest.raises(ValidationError) as error:
        housing.notification_record(actor=kari, stay=stay, values=values | {"answer": "Ja"})
    assert error.value.message_dict == {"answered_on": ["Skriv når svaret kom."]}


# --- capabilities, never roles ------------------------------------------------------------------


def test_who_can_take_a_case_and_who_may_follow_a_child_come_from_the_capabilities(kari, ola, berit, lene, stian):
    assert set(roles_with(Capability.EDIT_CASES)) == {Role.LEDER, Role.ANSATT}
    assert set(staff_of_shelter(kari)) == {kari, ola, lene}
    assert set(child_contacts_of_shelter(kari)) == {kari, ola, berit, lene}
