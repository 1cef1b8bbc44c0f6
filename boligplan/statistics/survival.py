"""Kaplan–Meier estimate of "time to a home" from a shelter's own history.

Each observation is (days, event): days from the start (e.g. applying for municipal housing) to
a home, with event=True; or days until today for stays still waiting, with event=False
(censored: we know only that it took at least that long). Dropping the censored ones would make
the wait look shorter than it is.

The curve is kept as exact fractions. The median is the first day the curve is at or below one
half, and with floating point a curve that is exactly ½ (12 of 24 housed) comes out as
0.5000000000000001 and the median is wrongly "not reached". Fractions make that comparison exact;
the float is only for drawing and display.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

HALF = Fraction(1, 2)


@dataclass(frozen=True)
class CurvePoint:
    day: int
    at_risk: int
    events: int
    exact: Fraction  # share still without a home after this day, exactly

    @property
    def survival(self) -> float:
        return float(self.exact)


def kaplan_meier(observations: Iterable[tuple[int, bool]]) -> list[CurvePoint]:
    """The survival curve at each day where at least one event happened."""
    data = sorted((int(days), bool(event)) for days, event in observations)
    for days, _ in data:
        if days < 0:
            raise ValueError("durations cannot be negative")
    at_risk = len(data)
    survival = Fraction(1)
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
            survival *= Fraction(at_risk - events, at_risk)
            curve.append(CurvePoint(day=day, at_risk=at_risk, events=events, exact=survival))
        # Censored at day d were still at risk for events on day d, then leave (the usual convention).
        at_risk -= events + censored
    return curve


def median_time(curve: list[CurvePoint]) -> int | None:
    """First day on which at most half are still waiting (compared exactly); None if never."""
    for point in curve:
        if point.exact <= HALF:
            return point.day
    return None
