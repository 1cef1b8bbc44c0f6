"""Kaplan–Meier against a small example worked out by hand, and the median against an exact reference."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boligplan.statistics.survival import kaplan_meier, median_time


def test_hand_computed_example_with_censoring():
    # Six people waiting for a home. Days (event: True = got a home, False = still waiting):
    #   3 yes, 5 no, 5 yes, 8 yes, 10 no, 12 yes
    # Day 3:  6 at risk, 1 event  -> S = 5/6            = 0.8333
    # Day 5:  5 at risk, 1 event  -> S = 5/6 * 4/5      = 0.6667  (the censored 5 leaves after)
    # Day 8:  3 at risk, 1 event  -> S = 0.6667 * 2/3   = 0.4444
    # Day 12: 1 at risk, 1 event  -> S = 0
    curve = kaplan_meier([(3, True), (5, False), (5, True), (8, True), (10, False), (12, True)])
    assert [(p.day, p.at_risk, p.events) for p in curve] == [(3, 6, 1), (5, 5, 1), (8, 3, 1), (12, 1, 1)]
    assert [round(p.survival, 4) for p in curve] == [0.8333, 0.6667, 0.4444, 0.0]
    assert median_time(curve) == 8


def test_dropping_censored_observations_would_understate_the_wait():
    observations = [(10, True), (20, True), (30, False), (30, False), (40, True)]
    with_censoring = median_time(kaplan_meier(observations))
    without = median_time(kaplan_meier([o for o in observations if o[1]]))
    assert with_censoring == 40
    assert without == 20


def test_no_events_gives_no_median():
    assert kaplan_meier([(4, False), (9, False)]) == []
    assert median_time([]) is None


def test_negative_duration_is_refused():
    with pytest.raises(ValueError):
        kaplan_meier([(-1, True)])


# --- The median is decided exactly ---------------------------------------------------------------------


def test_median_when_the_curve_is_exactly_one_half():
    # 24 people: 12 housed on days 1–12, one a day; 12 still waiting at day 30. After day 12 the
    # curve is 23/24 · 22/23 · … · 12/13 = 12/24 = ½ exactly, so the median is day 12. In floating
    # point the product is 0.5000000000000001 and the median looked "not reached".
    observations = [(d, True) for d in range(1, 13)] + [(30, False)] * 12
    curve = kaplan_meier(observations)
    assert curve[-1].exact == Fraction(1, 2)
    assert median_time(curve) == 12

    float_product = 1.0
    for point in curve:
        float_product *= 1 - point.events / point.at_risk
    assert float_product > 0.5  # what the old code compared, and why it failed


def reference_median(observations: list[tuple[int, bool]]) -> int | None:
    """Kaplan–Meier median written from the definition, independently of the app's loop:
    S(t) = Π over event days s ≤ t of (1 − d_s / n_s), n_s = those with time ≥ s, all in fractions;
    the median is the smallest event day with S ≤ ½."""
    event_days = sorted({t for t, event in observations if event})
    survival = Fraction(1)
    for s in event_days:
        at_risk = sum(1 for t, _ in observations if t >= s)
        events = sum(1 for t, event in observations if t == s and event)
        survival *= 1 - Fraction(events, at_risk)
        if survival * 2 <= 1:
            return s
    return None


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=40), st.booleans()), max_size=60))
def test_median_agrees_with_an_exact_reference(observations):
    assert median_time(kaplan_meier(observations)) == reference_median(observations)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=30), st.integers(min_value=0, max_value=30))
def test_exactly_half_housed_always_reaches_the_median(housed, extra_days):
    # n housed one a day, n waiting later: the curve ends at exactly ½ on day n.
    observations = [(d, True) for d in range(1, housed + 1)] + [(housed + 1 + extra_days, False)] * housed
    assert median_time(kaplan_meier(observations)) == housed
