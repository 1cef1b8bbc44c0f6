"""Time to a home: observations per stay and Kaplan–Meier curves by track and municipality."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, Count, F, IntegerField, Value, When
from django.db.models.fields import DateField

from boligplan.housing.choices import Track
from boligplan.residents.choices import Destination

from ..survival import CurvePoint, kaplan_meier, median_time
from .scope import DaysBetween, Scope, date_value

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
