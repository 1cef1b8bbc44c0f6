"""Stays, assessment and agency timing, length of stay, readiness, destinations, children's moves."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case, Count, F, OuterRef, Q, Subquery, When
from django.db.models.fields import DateField

from boligplan.housing.choices import Agency
from boligplan.housing.models import Notification, needs_new_home_q
from boligplan.residents.choices import Destination, Permanence

from .scope import DaysBetween, Distribution, Scope

# --- 1. Residents and stays ---------------------------------------------------------------------


@dataclass(frozen=True)
class StayCounts:
    stays: int
    residents: int
    arrived: int
    departed: int
    open_at_end: int
    shelter_has_stays: bool


def stay_counts(scope: Scope) -> StayCounts:
    """One query over the scope's stays, with a filtered count per figure."""
    start, end = scope.period.start, scope.period.end
    in_period = Q(arrival_date__lte=end) & (Q(departure_date__isnull=True) | Q(departure_date__gte=start))
    totals = scope.stays().aggregate(
        any_stays=Count("id"),
        stays=Count("id", filter=in_period),
        residents=Count("resident", distinct=True, filter=in_period),
        arrived=Count("id", filter=Q(arrival_date__range=(start, end))),
        departed=Count("id", filter=Q(departure_date__range=(start, end))),
        open_at_end=Count("id", filter=in_period & (Q(departure_date__isnull=True) | Q(departure_date__gt=end))),
    )
    any_stays = totals.pop("any_stays")
    return StayCounts(shelter_has_stays=any_stays > 0, **totals)


# --- 2. Arrival to housing assessment -----------------------------------------------------------


@dataclass(frozen=True)
class AssessmentTiming:
    completed: Distribution
    not_completed: int

    @property
    def arrived(self) -> int:
        return self.completed.n + self.not_completed


def assessment_timing(scope: Scope) -> AssessmentTiming:
    """Stays that arrived in the period: days from arrival to the completed assessment."""
    completed_on = Case(
        When(assessment__completed_on__lte=scope.today, then=F("assessment__completed_on")),
        default=None,
        output_field=DateField(),
    )
    rows = (
        scope.arrived()
        .annotate(days=DaysBetween(completed_on, F("arrival_date")))
        .values("days")
        .annotate(n=Count("id"))
        .order_by()
    )
    pairs, missing = [], 0
    for row in rows:
        if row["days"] is None:
            missing += row["n"]
        else:
            pairs.append((row["days"], row["n"]))
    return AssessmentTiming(completed=Distribution.of(pairs), not_completed=missing)


# --- 3. New home needed to NAV / the housing office told ----------------------------------------

NEEDS_NEW_HOME = needs_new_home_q("assessment__")


@dataclass(frozen=True)
class AgencyTiming:
    agency: str
    told: Distribution
    not_told: int

    @property
    def needing(self) -> int:
        return self.told.n + self.not_told


def _first_told(agency: str, until: datetime.date):
    first = (
        Notification.objects.filter(stay=OuterRef("pk"), agency=agency, sent_on__lte=until)
        .order_by("sent_on")
        .values("sent_on")[:1]
    )
    return Subquery(first, output_field=DateField())


def agency_timing(scope: Scope) -> list[AgencyTiming]:
    """Stays that arrived in the period and needed a new home.

    The date the need became known is the date the assessment was completed (the assessment is
    where the need is recorded, and it keeps that date). A stay whose assessment is not completed
    has no such date and is not counted. A notification sent before the assessment was completed
    counts as 0 days: the agency was told as soon as the need was known.
    """
    agencies = [Agency.NAV, Agency.HOUSING_OFFICE]
    annotations = {
        f"days_{agency.value}": DaysBetween(_first_told(agency.value, scope.today), F("assessment__completed_on"))
        for agency in agencies
    }
    rows = (
        scope.arrived()
        .filter(NEEDS_NEW_HOME, assessment__completed_on__lte=scope.today)
        .annotate(**annotations)
        .values(*annotations)
        .annotate(n=Count("id"))
        .order_by()
    )
    rows = list(rows)
    result = []
    for agency in agencies:
        key = f"days_{agency.value}"
        told = [(row[key], row["n"]) for row in rows if row[key] is not None]
        not_told = sum(row["n"] for row in rows if row[key] is None)
        result.append(AgencyTiming(agency=agency.value, told=Distribution.of(told), not_told=not_told))
    return result


# --- 4. Length of stay ----------------------------------------------------------------------------


def length_of_stay(scope: Scope) -> Distribution:
    """Stays that ended in the period: days from arrival to departure."""
    rows = (
        scope.departed()
        .annotate(days=DaysBetween(F("departure_date"), F("arrival_date")))
        .values("days")
        .annotate(n=Count("id"))
        .order_by()
    )
    return Distribution.of((row["days"], row["n"]) for row in rows)


# --- 5. Ready to move, to departure, by cause --------------------------------------------------


def ready_to_departure(scope: Scope) -> dict[str, Distribution]:
    """Stays that ended in the period with a ready-to-move date: the days housing kept them here.

    Keyed by wait cause; "" is a stay where no cause was recorded.
    """
    rows = (
        scope.departed()
        .filter(ready_to_move_date__isnull=False)
        .annotate(days=DaysBetween(F("departure_date"), F("ready_to_move_date")))
        .values("wait_cause", "days")
        .annotate(n=Count("id"))
        .order_by()
    )
    pairs: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for row in rows:
        pairs[row["wait_cause"]].append((row["days"], row["n"]))
    return {cause: Distribution.of(values) for cause, values in pairs.items()}


# --- 6. Destinations -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Destinations:
    counts: dict[tuple[str, str], int]  # (destination, permanence) → stays

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def of(self, destination: str) -> int:
        return sum(n for (dest, _), n in self.counts.items() if dest == destination)

    def with_permanence(self, permanence: str, destination: str | None = None) -> int:
        return sum(
            n
            for (dest, perm), n in self.counts.items()
            if perm == permanence and (destination is None or dest == destination)
        )

    @property
    def permanent(self) -> int:
        return self.with_permanence(Permanence.PERMANENT)

    @property
    def temporary(self) -> int:
        return self.with_permanence(Permanence.TEMPORARY)

    @property
    def back_to_perpetrator(self) -> int:
        return self.of(Destination.BACK_TO_PERPETRATOR)


def destinations(scope: Scope) -> Destinations:
    rows = scope.departed().values("destination", "permanence").annotate(n=Count("id")).order_by()
    return Destinations({(row["destination"], row["permanence"]): row["n"] for row in rows})


# --- 7. Children's moves and school changes ------------------------------------------------------


@dataclass(frozen=True)
class ChildMoves:
    """Children on stays that ended in the period: how many moves and school changes each has had."""

    moves: Distribution  # "days" here is the number of moves per child
    school_changes: Distribution
    changed_school_at_departure: int

    @property
    def children(self) -> int:
        return self.moves.n


def child_moves(scope: Scope) -> ChildMoves:
    from django.db.models import Count, Q

    from boligplan.children.choices import MoveKind
    from boligplan.children.models import Child

    children = Child.objects.filter(stay__in=scope.departed())
    # As seen from the scope's today (see time_to_home_observations); undated moves count.
    known = Q(moves__moved_on__isnull=True) | Q(moves__moved_on__lte=scope.today)
    rows = list(
        children.annotate(
            n_moves=Count("moves", filter=known, distinct=True),
            n_school=Count("moves", filter=known & Q(moves__school_changed=True), distinct=True),
            at_departure=Count(
                "moves",
                filter=known & Q(moves__school_changed=True, moves__kind=MoveKind.FROM_SHELTER),
                distinct=True,
            ),
        ).values_list("n_moves", "n_school", "at_departure")
    )
    return ChildMoves(
        moves=Distribution.of((moves, 1) for moves, _, _ in rows),
        school_changes=Distribution.of((school, 1) for _, school, _ in rows),
        changed_school_at_departure=sum(1 for *_, at_departure in rows if at_departure),
    )
