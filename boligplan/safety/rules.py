"""The rules a record must keep, shared by the forms (friendly messages) and the services (guards)."""

import datetime

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _

from boligplan.housing.choices import YesNoUncertain
from boligplan.residents.rules import before_arrival, not_before_arrival_message

from .choices import LocksChanged, MeasureKind, MeasureStatus
from .measures import FACTS

# How far back a measure's dates may go: it may well have been decided long before the stay.
EARLIEST_YEARS_BEFORE_ARRIVAL = 10
# How far ahead a start date may be set (a decision that takes effect later).
LATEST_START_DAYS_AHEAD = 366
# The longest any expiry may lie ahead, whatever the kind (typing errors like 2205).
LATEST_EXPIRY_YEARS_AHEAD = 6


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (or earlier); the month's last day where it is shorter."""
    return day + relativedelta(months=months)


def add_years(day: datetime.date, years: int) -> datetime.date:
    return add_months(day, 12 * years)


def months_text(months: int) -> str:
    """ "tre måneder", "ett år", "fem år": a limit in the words the law uses."""
    if months % 12 == 0:
        years = months // 12
        return _("ett år") if years == 1 else _("%(n)s år") % {"n": years}
    return _("én måned") if months == 1 else _("%(n)s måneder") % {"n": months}


def measure_problems(values: dict, *, arrival: datetime.date, today: datetime.date) -> dict[str, str]:
    """{field: message} for everything wrong with a measure; shared by the form and the service."""
    problems: dict[str, str] = {}
    kind, status = values.get("kind"), values.get("status")
    requested_on, decided_on = values.get("requested_on"), values.get("decided_on")
    valid_from, expires_on = values.get("valid_from"), values.get("expires_on")
    earliest = add_years(arrival, -EARLIEST_YEARS_BEFORE_ARRIVAL)

    for name, value in (("requested_on", requested_on), ("decided_on", decided_on), ("valid_from", valid_from)):
        if value is not None and value < earliest:
            problems[name] = _("Datoen er for langt tilbake. Sjekk årstallet.")
    for name, value in (("requested_on", requested_on), ("decided_on", decided_on)):
        if value is not None and value > today and name not in problems:
            problems[name] = _("Datoen kan ikke være fram i tid.")
    if valid_from is not None and valid_from > today + datetime.timedelta(days=LATEST_START_DAYS_AHEAD):
        problems["valid_from"] = _("Datoen er for langt fram i tid. Sjekk årstallet.")
    if decided_on and requested_on and decided_on < requested_on and "decided_on" not in problems:
        problems["decided_on"] = _("Vedtaket kan ikke være gjort før dere ba om tiltaket.")

    if status in (MeasureStatus.GRANTED, MeasureStatus.REFUSED, MeasureStatus.EXPIRED) and decided_on is None:
        problems.setdefault("decided_on", _("Skriv når tiltaket ble avgjort."))
    if status in (MeasureStatus.CONSIDERED, MeasureStatus.REQUESTED, MeasureStatus.REFUSED) and (
        valid_from or expires_on
    ):
        field = "valid_from" if valid_from else "expires_on"
        problems.setdefault(field, _("Et tiltak som ikke er innvilget, har ingen gyldighet. Ta bort datoen."))

    facts = FACTS.get(kind)
    if expires_on is not None and "expires_on" not in problems:
        start = valid_from or decided_on
        if start is not None and expires_on < start:
            problems["expires_on"] = _("Tiltaket kan ikke gå ut før det begynner å gjelde.")
        elif expires_on > add_years(today, LATEST_EXPIRY_YEARS_AHEAD):
            problems["expires_on"] = _("Datoen er for langt fram i tid. Sjekk årstallet.")
        elif (
            facts
            and facts.max_months
            and facts.limit_enforced
            and start is not None
            and expires_on > add_months(start, facts.max_months)
        ):
            problems["expires_on"] = _(
                "%(kind)s kan gjelde i høyst %(limit)s om gangen (%(source)s). Sjekk datoen. "
                "Ved forlengelse: registrer det nye vedtaket med ny startdato."
            ) % {"kind": MeasureKind(kind).label, "limit": months_text(facts.max_months), "source": facts.source}
        elif status == MeasureStatus.EXPIRED and expires_on > today:
            problems["expires_on"] = _(
                "Et utløpt tiltak kan ikke ha sluttdato fram i tid. Skriv datoen det sluttet å gjelde."
            )
    if status == MeasureStatus.GRANTED and facts and facts.expiry_required and expires_on is None:
        problems.setdefault(
            "expires_on",
            _("%(kind)s gjelder for en begrenset tid (%(source)s). Skriv når vedtaket går ut.")
            % {"kind": MeasureKind(kind).label, "source": facts.source},
        )
    return problems


# A planned lock change further ahead than this is a typing error.
LATEST_PLANNED_LOCKS_DAYS_AHEAD = 366


def safe_return_problems(values: dict, *, arrival: datetime.date, today: datetime.date, complete: bool) -> dict:
    """{field: message} for a safe-return assessment; `complete` asks for what finishing needs."""
    problems: dict[str, str] = {}
    locks, locks_on = values.get("locks_changed"), values.get("locks_changed_on")
    if locks_on is not None:
        if locks not in (LocksChanged.PLANNED, LocksChanged.CHANGED):
            problems["locks_changed_on"] = _("Ta bort datoen, eller svar «planlagt» eller «byttet».")
        elif before_arrival(locks_on, arrival):
            problems["locks_changed_on"] = not_before_arrival_message()
        elif locks == LocksChanged.CHANGED and locks_on > today:
            problems["locks_changed_on"] = _("Datoen kan ikke være fram i tid når låsene allerede er byttet.")
        elif locks_on > today + datetime.timedelta(days=LATEST_PLANNED_LOCKS_DAYS_AHEAD):
            problems["locks_changed_on"] = _("Datoen er for langt fram i tid. Sjekk årstallet.")
    elif locks == LocksChanged.CHANGED:
        problems["locks_changed_on"] = _("Skriv når låsene ble byttet.")
    conclusion = values.get("conclusion")
    if complete and not conclusion:
        problems["conclusion"] = _("Svar på om det er trygt å flytte hjem før vurderingen fullføres.")
    if conclusion == YesNoUncertain.YES and values.get("perpetrator_knowing_address_safe") == YesNoUncertain.NO:
        problems["conclusion"] = _(
            "Konklusjonen er at det er trygt, men svaret over sier at det ikke er trygt "
            "at voldsutøver kjenner adressen."
        )
    return problems
