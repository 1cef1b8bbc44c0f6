"""Facts about the police and court measures (domain.md §5), as data with their sources.

Each kind says who decides it, the longest one decision may run (in months, so that "three
months" and "one year" are both exact), whether a granted measure must have an end date, how
early the overview reminds before that end, and where the rule comes from and when we checked
it. A limit whose source we could not read ourselves is shown to staff but not enforced
(`limit_enforced=False`): the app must never refuse a decision that is in fact lawful. Change
this table, not the code, when the law or our reading of it changes; docs/rules.md lists it.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from .choices import MeasureKind

# The day the sources below were last read.
CHECKED_ON = datetime.date(2026, 12, 2)

# A granted measure is flagged this many days before its last day, unless its kind says otherwise.
EXPIRY_REMINDER_DAYS = 14


@dataclass(frozen=True)
class MeasureFacts:
    decided_by: str
    duration: str  # how long it runs, in words, shown as help
    source: str  # law and section (or the page) the rule comes from
    max_months: int | None = None  # the longest one decision may run; None: no fixed maximum
    limit_enforced: bool = True  # False: the maximum is reported, not confirmed; shown, never refused
    expiry_required: bool = False  # a granted measure of this kind must say when it ends
    reminder_days: int = EXPIRY_REMINDER_DAYS
    checked_on: datetime.date = CHECKED_ON


FACTS: dict[str, MeasureFacts] = {
    MeasureKind.VISITING_BAN: MeasureFacts(
        decided_by=gettext_lazy("påtalemyndigheten; retten prøver det hvis den forbudet gjelder ber om det"),
        duration=gettext_lazy("for en bestemt tid, høyst ett år om gangen; kan forlenges"),
        source="straffeprosessloven § 222 a",
        max_months=12,
        expiry_required=True,
    ),
    MeasureKind.VISITING_BAN_OWN_HOME: MeasureFacts(
        decided_by=gettext_lazy("påtalemyndigheten, og saken bringes alltid inn for retten"),
        duration=gettext_lazy("høyst tre måneder om gangen; kan forlenges med nytt vedtak"),
        source="straffeprosessloven § 222 a",
        max_months=3,
        expiry_required=True,
    ),
    MeasureKind.CONTACT_BAN: MeasureFacts(
        decided_by=gettext_lazy("retten ved dom, eller påtalemyndigheten i et forelegg, etter en straffbar handling"),
        duration=gettext_lazy("for en bestemt tid inntil fem år, i særlige tilfeller inntil videre"),
        source="straffeloven §§ 57 og 58",
        max_months=60,
    ),
    MeasureKind.CONTACT_BAN_OWN_HOME: MeasureFacts(
        decided_by=gettext_lazy("retten ved dom, eller påtalemyndigheten i et forelegg, etter en straffbar handling"),
        duration=gettext_lazy("høyst ett år"),
        source="straffeloven §§ 57 og 58",
        max_months=12,
        expiry_required=True,
    ),
    MeasureKind.ALARM: MeasureFacts(
        decided_by=gettext_lazy("politiet"),
        duration=gettext_lazy("vanligvis rundt tre måneder om gangen, kan forlenges (praksis, ingen lovfestet grense)"),
        source=gettext_lazy("politiets praksis (ikke lovfestet)"),
    ),
    MeasureKind.REVERSE_ALARM: MeasureFacts(
        decided_by=gettext_lazy(
            "påtalemyndigheten sammen med et besøksforbud (fra 8. april 2024), og retten prøver beslutningen; "
            "eller retten sammen med et kontaktforbud"
        ),
        duration=gettext_lazy("så lenge forbudet den kontrollerer gjelder, eller kortere"),
        source="straffeprosessloven § 222 g; straffeloven § 57 femte ledd",
    ),
    MeasureKind.ADDRESS_BLOCK: MeasureFacts(
        decided_by=gettext_lazy("politiet, eller barnevernstjenesten i barnevernssaker"),
        duration=gettext_lazy("for en begrenset tid om gangen, etter det vi vet tre år; kan forlenges"),
        source="folkeregisterloven § 10-4 og folkeregisterforskriften",
        max_months=36,
        # Three years is what Kripos has told the press; we have not read it in the regulation.
        limit_enforced=False,
        expiry_required=True,
        # A renewal needs a new threat assessment: remind well ahead.
        reminder_days=60,
    ),
}


def facts_for(kind: str) -> MeasureFacts | None:
    return FACTS.get(kind)


def reminder_days(kind: str) -> int:
    facts = FACTS.get(kind)
    return facts.reminder_days if facts else EXPIRY_REMINDER_DAYS


def longest_reminder_days() -> int:
    """How far ahead the overview must look to find every measure it should remind about."""
    return max(facts.reminder_days for facts in FACTS.values())


def facts_table() -> list[tuple[str, str, str, str]]:
    """(kind, decided by, duration, source) for every kind, for the help on the measure page."""
    return [
        (MeasureKind(kind).label, facts.decided_by, facts.duration, str(facts.source)) for kind, facts in FACTS.items()
    ]
