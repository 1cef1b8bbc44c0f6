"""What is counted (Period, Scope), days in SQL, and distributions read off GROUP BY tables."""

from __future__ import annotations

import datetime
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import IntegerField, Q, Value
from django.db.models.expressions import Func
from django.db.models.fields import DateField

from boligplan.core.access import require_capability
from boligplan.core.roles import Capability
from boligplan.housing.models import StayTrack
from boligplan.residents.models import Stay

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
