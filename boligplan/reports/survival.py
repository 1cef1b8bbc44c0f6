"""Kaplan–Meier estimate of "time to a home" from a shelter's own history.

Each observation is (days, event): days from the start (e.g. applying for municipal housing) to
a home, with event=True; or days until today for stays still waiting, with event=False
(censored: we know only that it took at least that long). Dropping the censored ones would make
the wait look shorter than it is.
"""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class CurvePoint:
    day: int
    at_risk: int
    events: int
    survival: float  # share still without a home after this day


def kaplan_meier(observations: Iterable[tuple[int, bool]]) -> list[CurvePoint]:
    """The survival curve at each day where at least one event happened."""
    data = sorted((int(days), bool(event)) for days, event in observations)
    for days, _ in data:
        if days < 0:
            raise ValueError("durations cannot be negative")
    at_risk = len(data)
    survival = 1.0
    curve: list[CurvePoint] = []
    index = 0
    while index < len(data):
        day = data[index][0]
        events = censored = 0
        while index < len(data) and data[index][0] == day:
            if data[index][1]:
                events += 1
            else:
                censored += 1
            index += 1
        if events:
            survival *= 1 - events / at_risk
            curve.append(CurvePoint(day=day, at_risk=at_risk, events=events, survival=survival))
        # Censored at day d were still at risk for events on day d, then leave (the usual convention).
        at_risk -= events + censored
    return curve


def median_time(curve: list[CurvePoint]) -> int | None:
    """First day on which at most half are still waiting; None if the curve never gets there."""
    for point in curve:
        if point.survival <= 0.5:
            return point.day
    return None
