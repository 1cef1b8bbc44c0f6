"""Kaplan–Meier against a small example worked out by hand."""

import pytest

from boligplan.reports.survival import kaplan_meier, median_time


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
