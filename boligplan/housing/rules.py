"""The housing work's rules (the assessment, a task's due date, a notification, an application, the
alarm), shared by the forms (each message next to its field) and the services (the guard that holds
whatever the caller).

Each `*_problems` function answers {field: [messages]}; an empty dict means the values are fine.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from boligplan.residents.rules import before_arrival, not_before_arrival_message

from .choices import Agency, Direction, YesNoUncertain

# A resident who needs a new home must have NAV and the housing office told: until both are, the
# overview, the work queue and the resident's page raise the alarm.
AGENCIES_TO_TELL = frozenset({Agency.NAV, Agency.HOUSING_OFFICE})

# How far ahead a follow-up may be planned: further than this is a typing error, not a plan.
FOLLOW_UP_MAX_DAYS = 366


def _future_message() -> str:
    return _("Datoen kan ikke være fram i tid.")


def agency_alarm(*, needs_new_home: bool, told) -> bool:
    """Needs a new home, and NAV or the housing office (the agencies in `told`) is not told yet."""
    return needs_new_home and not AGENCIES_TO_TELL <= set(told)


# The assessment's answers that its rules read; a partial save is checked with the stored rest.
ASSESSMENT_CHECKED = ("household_size", "new_home_needed", "direction", "return_possible")
HOUSEHOLD_SIZES = range(1, 21)


def assessment_problems(values: dict, *, completing: bool) -> dict[str, list[str]]:
    """A housing assessment's answers agree with each other; a completed one says whether a new
    home is needed (it stays completed when edited, so it must keep that answer)."""
    problems: dict[str, list[str]] = {}
    size = values.get("household_size")
    if size is not None and size not in HOUSEHOLD_SIZES:
        problems["household_size"] = [_("Antall i husstanden må være mellom 1 og 20.")]
    new_home, direction = values.get("new_home_needed"), values.get("direction")
    if completing and not new_home:
        problems["new_home_needed"] = [_("Svar på om ny bolig trengs før kartleggingen fullføres.")]
    if direction == Direction.NEW_HOME and new_home == YesNoUncertain.NO:
        problems.setdefault("direction", []).append(
            _("Retningen er ny bolig, men svaret over sier at ny bolig ikke trengs.")
        )
    if direction == Direction.RETURN_HOME and values.get("return_possible") == YesNoUncertain.NO:
        problems.setdefault("direction", []).append(
            _("Retningen er tilbake, men svaret over sier at tilbakeflytting ikke er mulig.")
        )
    return problems


def due_date_problem(stay, due_date: datetime.date | None) -> str | None:
    """A task is not due before the resident arrived."""
    if before_arrival(due_date, stay.arrival_date):
        return _("Fristen kan ikke være før ankomstdatoen.")
    return None


def sent_on_problem(stay, sent_on: datetime.date | None, *, today: datetime.date) -> str | None:
    """A notification or an application is sent during the stay and not later than today."""
    if before_arrival(sent_on, stay.arrival_date):
        return not_before_arrival_message()
    if sent_on is not None and sent_on > today:
        return _future_message()
    return None


def notification_problems(stay, values: dict, *, today: datetime.date) -> dict[str, list[str]]:
    """The dates, the answer and the consent of a notification to NAV or the housing office."""
    problems: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    sent_on, answered_on = values.get("sent_on"), values.get("answered_on")
    if message := sent_on_problem(stay, sent_on, today=today):
        add("sent_on", message)
        sent_on = None  # the later dates are compared with a sent date that holds
    if answered_on is not None:
        if sent_on is not None and answered_on < sent_on:
            add("answered_on", _("Svaret kan ikke være mottatt før henvendelsen ble sendt."))
        if answered_on > today:
            add("answered_on", _future_message())
    if values.get("answer") and not answered_on:
        add("answered_on", _("Skriv når svaret kom."))
    follow_up_on = values.get("follow_up_on")
    if follow_up_on is not None:
        if follow_up_on > today + datetime.timedelta(days=FOLLOW_UP_MAX_DAYS):
            add("follow_up_on", _("Purredatoen kan ikke være mer enn ett år fram i tid."))
        elif sent_on is not None and follow_up_on < sent_on:
            add("follow_up_on", _("Purredatoen kan ikke være før henvendelsen ble sendt."))
    consent_given, consent_on = values.get("consent_given", False), values.get("consent_on")
    if consent_on is not None:
        if before_arrival(consent_on, stay.arrival_date):
            add("consent_on", _("Samtykket kan ikke være gitt før ankomstdatoen."))
        elif consent_on > today:
            add("consent_on", _future_message())
        elif not consent_given:
            add("consent_given", _("Kryss av for samtykke, eller fjern datoen for samtykket."))
    elif consent_given:
        add("consent_on", _("Skriv når beboeren ga samtykke."))
    return problems


def raise_problems(problems: dict[str, list[str]]) -> None:
    """The services' guard: every problem at once, by field."""
    if problems:
        raise ValidationError(problems)
