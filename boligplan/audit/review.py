"""Review rules: which audit events a leader should look at.

Pure functions over audit events (AuditEvent rows or anything with the same attributes), so each
rule can be tested with hand-built events and the page runs one query however many rules there
are. The selector (selectors.events_for_review) adds two attributes the rules need:
  stay_contact_id   the contact person of the event's stay (None if unknown)
  child_contact_id  for an event about a child: the child's own contact person

The rules:
- NOT_ASSIGNED: opening a case (a page read with a stay) whose contact person is someone else.
  A children's contact person opening the page of a child they follow is not flagged.
  The contact person is today's: a case that changed hands is judged by its current owner.
- OUTSIDE_HOURS: any access by a staff member outside the shelter's working hours, local time.
  Each shelter sets its own hours, or marks itself as staffed around the clock (døgnbemannet),
  where the rule does not apply; AUDIT_WORKING_HOURS is only the default for a shelter that has
  set neither.
- MANY_CASES: one person opened more than AUDIT_MAX_CASES_PER_HOUR different cases within an hour.
- BULK_EXPORT: any export ("export.*" actions).
- MANY_EXPORTS: one person's exports beyond AUDIT_MAX_EXPORTS_PER_DAY in one local calendar day
  (every export after that number is flagged). Statistics are published for whole years so that
  downloads cannot be subtracted from each other; a long series of downloads is still worth a
  question, since it is how such an attempt would look.
"""

import dataclasses
import datetime
from collections import Counter, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings as django_settings
from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_WORKING_HOURS = (7, 18)
DEFAULT_MAX_CASES_PER_HOUR = 20
# One year's full set of statistics files is 9 figure CSVs, the report as CSV and PDF, and (for a
# leader) the per-stay rows: 12. More than that in a day is more than anyone needs for one year.
DEFAULT_MAX_EXPORTS_PER_DAY = 12
WINDOW = datetime.timedelta(hours=1)


class Rule(models.TextChoices):
    NOT_ASSIGNED = "not_assigned", _("Åpnet en sak uten å være kontaktperson")
    OUTSIDE_HOURS = "outside_hours", _("Utenfor arbeidstid")
    MANY_CASES = "many_cases", _("Mange saker åpnet i løpet av en time")
    BULK_EXPORT = "bulk_export", _("Uttrekk av data (eksport)")
    MANY_EXPORTS = "many_exports", _("Mange uttrekk samme dag")


@dataclass(frozen=True)
class ReviewSettings:
    # [start, end) in whole local hours; None: staffed around the clock, so no hours rule.
    working_hours: tuple[int, int] | None = DEFAULT_WORKING_HOURS
    max_cases_per_hour: int = DEFAULT_MAX_CASES_PER_HOUR
    max_exports_per_day: int = DEFAULT_MAX_EXPORTS_PER_DAY
    tz: datetime.tzinfo = field(default_factory=lambda: ZoneInfo("Europe/Oslo"))

    @classmethod
    def from_django_settings(cls) -> "ReviewSettings":
        start, end = getattr(django_settings, "AUDIT_WORKING_HOURS", DEFAULT_WORKING_HOURS)
        return cls(
            working_hours=(int(start), int(end)),
            max_cases_per_hour=int(getattr(django_settings, "AUDIT_MAX_CASES_PER_HOUR", DEFAULT_MAX_CASES_PER_HOUR)),
            max_exports_per_day=int(getattr(django_settings, "AUDIT_MAX_EXPORTS_PER_DAY", DEFAULT_MAX_EXPORTS_PER_DAY)),
            tz=ZoneInfo(django_settings.TIME_ZONE),
        )

    @classmethod
    def for_shelter(cls, shelter) -> "ReviewSettings":
        """The instance's settings with the shelter's own working hours (or none) in place."""
        configured = cls.from_django_settings()
        if shelter.around_the_clock:
            return dataclasses.replace(configured, working_hours=None)
        if shelter.working_hours_start is not None and shelter.working_hours_end is not None:
            return dataclasses.replace(
                configured, working_hours=(shelter.working_hours_start, shelter.working_hours_end)
            )
        return configured


@dataclass(frozen=True)
class Flagged:
    event: object
    rules: tuple[Rule, ...]


def opens_a_case(event) -> bool:
    """A page about one stay (or something on it) was shown to someone."""
    return event.stay_id is not None and event.actor_id is not None and event.action.endswith(".viewed")


def is_not_assigned(event) -> bool:
    if not opens_a_case(event):
        return False
    contact_id = getattr(event, "stay_contact_id", None)
    if contact_id is None or contact_id == event.actor_id:
        return False  # the stay is gone (nothing to compare with), or it is the actor's own case
    follows_the_child = event.object_type == "child" and getattr(event, "child_contact_id", None) == event.actor_id
    return not follows_the_child


def is_outside_hours(event, *, working_hours: tuple[int, int] | None, tz: datetime.tzinfo) -> bool:
    if working_hours is None:
        return False  # staffed around the clock: every hour is working time
    if event.actor_id is None or event.action.startswith("auth."):
        return False  # logins and two-factor steps are not access to case data
    start, end = working_hours
    return not start <= event.at.astimezone(tz).hour < end


def is_bulk_export(event) -> bool:
    return event.action.startswith("export.")


def too_many_cases(events: Sequence, *, limit: int, window: datetime.timedelta = WINDOW) -> set[int]:
    """Positions (in `events`, which must be in time order) of case openings at which the actor had
    opened more than `limit` different cases in the `window` up to and including that moment."""
    recent: dict[int, deque] = {}
    distinct: dict[int, Counter] = {}
    flagged: set[int] = set()
    for position, event in enumerate(events):
        if not opens_a_case(event):
            continue
        seen = recent.setdefault(event.actor_id, deque())
        counts = distinct.setdefault(event.actor_id, Counter())
        while seen and seen[0][0] <= event.at - window:
            _, old_stay = seen.popleft()
            counts[old_stay] -= 1
            if not counts[old_stay]:
                del counts[old_stay]
        seen.append((event.at, event.stay_id))
        counts[event.stay_id] += 1
        if len(counts) > limit:
            flagged.add(position)
    return flagged


def too_many_exports(events: Sequence, *, limit: int, tz: datetime.tzinfo) -> set[int]:
    """Positions (in `events`, in time order) of exports beyond the `limit`-th by the same person on
    the same local calendar day."""
    counts: Counter = Counter()
    flagged: set[int] = set()
    for position, event in enumerate(events):
        if event.actor_id is None or not is_bulk_export(event):
            continue
        key = (event.actor_id, event.at.astimezone(tz).date())
        counts[key] += 1
        if counts[key] > limit:
            flagged.add(position)
    return flagged


def review(
    events: Iterable, *, settings: ReviewSettings, report_from: datetime.datetime | None = None
) -> list[Flagged]:
    """Every event that breaks at least one rule, with the rules it breaks, in the given order.

    `events` must be in time order. Events before `report_from` are only context for the
    per-hour rule (so a burst across the start of the period is still counted), never reported.
    """
    events = list(events)
    burst = too_many_cases(events, limit=settings.max_cases_per_hour)
    exports = too_many_exports(events, limit=settings.max_exports_per_day, tz=settings.tz)
    flagged = []
    for position, event in enumerate(events):
        if report_from is not None and event.at < report_from:
            continue
        rules = []
        if is_not_assigned(event):
            rules.append(Rule.NOT_ASSIGNED)
        if is_outside_hours(event, working_hours=settings.working_hours, tz=settings.tz):
            rules.append(Rule.OUTSIDE_HOURS)
        if position in burst:
            rules.append(Rule.MANY_CASES)
        if is_bulk_export(event):
            rules.append(Rule.BULK_EXPORT)
        if position in exports:
            rules.append(Rule.MANY_EXPORTS)
        if rules:
            flagged.append(Flagged(event=event, rules=tuple(rules)))
    return flagged
