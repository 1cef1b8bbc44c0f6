"""The numbers behind the leader's dashboard and the national report (domain.md §§ 8–9).

Everything here is computed in the database as a *distribution*: a GROUP BY over the number of
days (and a category), so the rows that come back are bounded by the number of distinct values,
never by the number of stays. Means, medians and bands are then read off those small tables in
Python. That keeps the cost flat whether a scope holds 60 stays or 100,000, and works the same on
SQLite and PostgreSQL.

A `Scope` says what is counted: one shelter (the dashboard) or every shelter (a national
instance, the benchmark), over a period. Callers get a scope for a user through `scope_for_user`,
which checks the VIEW_STATISTICS capability first.

Definitions (also in docs/statistics.md):
- a stay is *in the period* when it overlaps it: arrival on or before the end, and no departure
  or a departure on or after the start;
- *arrived* / *departed* in the period: the arrival / departure date falls inside it;
- days are whole calendar days, end minus start (arrival and departure the same day = 0 days).
"""

from __future__ import annotations

import datetime
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.expressions import Func
from django.db.models.fields import DateField

from boligplan.core.access import require_capability
from boligplan.core.roles import Capability
from boligplan.housing.choices import Agency, Track
from boligplan.housing.models import Notification, StayTrack, needs_new_home_q
from boligplan.residents.choices import Destination, Permanence
from boligplan.residents.models import Stay

from .survival import CurvePoint, kaplan_meier, median_time

# --- Days between two dates, in SQL ------------------------------------------------------------


class DaysBetween(Func):
    """Whole days from `start` to `end` (end − start) as an integer; NULL if either is NULL.

    Django's own date subtraction gives a duration (a Python function per row on SQLite); this is
    plain integer arithmetic in both databases, cheap enough to GROUP BY.
    """

    output_field = IntegerField()

    def __init__(self, end, start):
        super().__init__(end, start, output_field=IntegerField())

    def as_sql(self, compiler, connection, **extra_context):
        end, start = self.get_source_expressions()
        end_sql, end_params = compiler.compile(end)
        start_sql, start_params = compiler.compile(start)
        if connection.vendor == "sqlite":
            sql = f"CAST(ROUND(julianday({end_sql}) - julianday({start_sql})) AS INTEGER)"
        elif connection.vendor == "postgresql":
            sql = f"(({end_sql})::date - ({start_sql})::date)"
        else:  # pragma: no cover - the project runs on these two only
            raise NotImplementedError(f"DaysBetween is not written for {connection.vendor}")
        return sql, (*end_params, *start_params)


def date_value(value: datetime.date) -> Value:
    return Value(value, output_field=DateField())


# --- Period and scope ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("a period cannot end before it starts")


def default_period(today: datetime.date) -> Period:
    """The calendar year we are in."""
    return Period(datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31))


@dataclass(frozen=True)
class Scope:
    """What the figures count: one shelter, or all shelters when shelter_id is None."""

    period: Period
    today: datetime.date
    shelter_id: uuid.UUID | None = None

    def _filter(self, queryset):
        return queryset if self.shelter_id is None else queryset.filter(shelter_id=self.shelter_id)

    def stays(self):
        return self._filter(Stay.objects.all())

    def in_period(self):
        p = self.period
        return (
            self.stays()
            .filter(arrival_date__lte=p.end)
            .filter(Q(departure_date__isnull=True) | Q(departure_date__gte=p.start))
        )

    def arrived(self):
        return self.stays().filter(arrival_date__range=(self.period.start, self.period.end))

    def departed(self):
        return self.stays().filter(departure_date__range=(self.period.start, self.period.end))

    def tracks(self):
        return self._filter(StayTrack.objects.all())


def scope_for_user(user, *, period: Period, today: datetime.date) -> Scope:
    """The caller's own shelter. Aggregates only: VIEW_STATISTICS is enough, VIEW_CASES is not needed."""
    membership = require_capability(user, Capability.VIEW_STATISTICS)
    return Scope(period=period, today=today, shelter_id=membership.shelter_id)


# --- Distributions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    low: int
    high: int | None  # None: no upper limit

    @property
    def label(self) -> str:
        return f"{self.low}–{self.high}" if self.high is not None else f">{self.low - 1}"

    def holds(self, days: int) -> bool:
        return days >= self.low and (self.high is None or days <= self.high)


def bands(*limits: int) -> tuple[Band, ...]:
    """bands(7, 14) → 0–7, 8–14, >14."""
    result, low = [], 0
    for high in limits:
        result.append(Band(low, high))
        low = high + 1
    result.append(Band(low, None))
    return tuple(result)


# domain.md §9, exactly as the leader asked for them.
LENGTH_OF_STAY_BANDS = bands(7, 14, 30, 60, 90, 180)
# How quickly the housing work starts: the default due date is 3 days after arrival.
ASSESSMENT_BANDS = bands(3, 7, 14, 30)
AGENCY_BANDS = bands(2, 7, 14, 30)


@dataclass(frozen=True)
class Distribution:
    """How many took how many days. Built from (days, count) rows that the database grouped."""

    counts: dict[int, int] = field(default_factory=dict)

    @classmethod
    def of(cls, pairs: Iterable[tuple[int, int]]) -> Distribution:
        counts: Counter[int] = Counter()
        for days, n in pairs:
            counts[max(int(days), 0)] += int(n)
        return cls(dict(counts))

    @property
    def n(self) -> int:
        return sum(self.counts.values())

    @property
    def total_days(self) -> int:
        return sum(days * n for days, n in self.counts.items())

    @property
    def mean(self) -> float | None:
        return self.total_days / self.n if self.n else None

    @property
    def median(self) -> float | None:
        """The middle value; with an even count, the mean of the two middle values."""
        n = self.n
        if not n:
            return None
        lower_rank, upper_rank = (n + 1) // 2, n // 2 + 1  # 1-based ranks of the middle value(s)
        lower = upper = None
        seen = 0
        for days in sorted(self.counts):
            seen += self.counts[days]
            if lower is None and seen >= lower_rank:
                lower = days
            if seen >= upper_rank:
                upper = days
                break
        return (lower + upper) / 2

    def band_counts(self, band_list: tuple[Band, ...]) -> list[tuple[Band, int]]:
        return [(band, sum(n for days, n in self.counts.items() if band.holds(days))) for band in band_list]


def share(part: int, whole: int) -> float | None:
    """part / whole, or None when there is nothing to divide by."""
    return part / whole if whole else None


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


# --- 7. Time to a home (Kaplan–Meier) ------------------------------------------------------------

# A track ends in a home when the stay departs to one of these destinations. Tracks that do not
# lead to a home of one's own (another shelter, NAV's temporary housing) have no curve.
TRACK_HOME_DESTINATIONS: dict[str, frozenset[str]] = {
    Track.RETURN_HOME: frozenset({Destination.PREVIOUS_HOME}),
    Track.MUNICIPAL: frozenset({Destination.NEW_MUNICIPAL}),
    Track.PRIVATE_RENTAL: frozenset({Destination.NEW_PRIVATE_RENTAL}),
    Track.START_LOAN: frozenset({Destination.NEW_OWNED}),
    Track.HOUSING_AND_SUPPORT: frozenset({Destination.HOUSING_AND_SUPPORT}),
    Track.ROSA: frozenset({Destination.ROSA}),
}
HOME_TRACKS = tuple(TRACK_HOME_DESTINATIONS)


def km_min_n() -> int:
    """Fewest observations behind a time-to-home figure shown on a resident's page or per municipality."""
    return int(getattr(settings, "KM_MIN_N", 10))


def municipality_key(raw: str) -> str:
    """Free-text municipality names compared without case or stray spaces (they are typed, not chosen)."""
    return " ".join((raw or "").split()).casefold()


@dataclass(frozen=True)
class Observation:
    track: str
    municipality: str  # as typed, for display
    days: int
    got_home: bool
    n: int


def time_to_home_observations(scope: Scope, *, tracks=HOME_TRACKS, chosen_in_period: bool = True):
    """(track, municipality, days, got a home) with how many, grouped in the database.

    Start: the day the track was first chosen (a track ended and chosen again keeps that day).
    Event: the stay departed to a home that matches the track. Otherwise the observation is
    censored: on the day the track was ended (given up), at departure (left for something else)
    or today (still waiting) — it counts as "at least this long", never as missing.
    """
    # Seen from `scope.today`: a departure after it has not happened yet. For a published year the
    # scope's today is the year's last day, so the figure does not change as time goes by (a figure
    # that changed every day could be subtracted from yesterday's to single out one departure).
    got_home = Case(
        When(ended_on__lte=scope.today, then=Value(0)),
        *[
            When(
                track=track,
                stay__destination__in=list(TRACK_HOME_DESTINATIONS[track]),
                stay__departure_date__lte=scope.today,
                then=Value(1),
            )
            for track in tracks
        ],
        default=Value(0),
        output_field=IntegerField(),
    )
    queryset = scope.tracks().filter(track__in=list(tracks))
    if chosen_in_period:
        queryset = queryset.filter(chosen_on__range=(scope.period.start, scope.period.end))
    rows = (
        queryset.annotate(
            municipality=F("stay__assessment__previous_municipality"),
            days=DaysBetween(
                Case(
                    When(ended_on__lte=scope.today, then=F("ended_on")),
                    When(stay__departure_date__lte=scope.today, then=F("stay__departure_date")),
                    default=date_value(scope.today),
                    output_field=DateField(),
                ),
                F("chosen_on"),
            ),
            got_home=got_home,
        )
        .values("track", "municipality", "days", "got_home")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        Observation(
            track=row["track"],
            municipality=row["municipality"] or "",
            days=max(row["days"] or 0, 0),
            got_home=bool(row["got_home"]),
            n=row["n"],
        )
        for row in rows
    ]


@dataclass(frozen=True)
class Survival:
    """A Kaplan–Meier curve with the counts behind it."""

    label: str
    n: int
    homes: int
    curve: list[CurvePoint]

    @property
    def censored(self) -> int:
        return self.n - self.homes

    @property
    def median_days(self) -> int | None:
        return median_time(self.curve)


def survival_of(label: str, observations: Iterable[Observation]) -> Survival:
    observations = list(observations)
    expanded = [(o.days, o.got_home) for o in observations for _ in range(o.n)]
    return Survival(
        label=label,
        n=len(expanded),
        homes=sum(1 for _, event in expanded if event),
        curve=kaplan_meier(expanded),
    )


def survival_by_track(observations: list[Observation]) -> list[Survival]:
    result = []
    for track in HOME_TRACKS:
        mine = [o for o in observations if o.track == track]
        if mine:
            result.append(survival_of(track, mine))
    return result


@dataclass(frozen=True)
class MunicipalitySurvival:
    track: str
    municipality: str  # display name; "" means "the others, pooled"
    survival: Survival
    pooled: bool = False


def survival_by_municipality(observations: list[Observation], *, min_n: int) -> list[MunicipalitySurvival]:
    """Per track and municipality. Municipalities with fewer than min_n observations are pooled
    into one row per track: a median from three people says nothing, and would nearly name them."""
    result = []
    for track in HOME_TRACKS:
        groups: dict[str, list[Observation]] = defaultdict(list)
        spellings: dict[str, Counter[str]] = defaultdict(Counter)
        for o in observations:
            if o.track != track:
                continue
            key = municipality_key(o.municipality)
            groups[key].append(o)
            spellings[key][" ".join(o.municipality.split())] += o.n
        # Shown as the most common spelling (ties: the first in sort order, so the page is stable).
        names = {key: min(c, key=lambda name, c=c: (-c[name], name)) for key, c in spellings.items()}
        small: list[Observation] = []
        rows = []
        for key, group in groups.items():
            if key and sum(o.n for o in group) >= min_n:
                rows.append(MunicipalitySurvival(track, names[key], survival_of(names[key], group)))
            else:
                small.extend(group)
        rows.sort(key=lambda row: row.municipality.casefold())
        if small:
            rows.append(MunicipalitySurvival(track, "", survival_of("", small), pooled=True))
        result.extend(rows)
    return result


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
