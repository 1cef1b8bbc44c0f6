"""The numbers behind the dashboard, against values worked out by hand: distributions, length of stay,
days to the assessment and to the agencies, waiting, destinations, and the children's moves.

All data is made through the services (tests/statistics/history.py), with dates in 2025 so the
figures do not depend on the day the tests run. Time to a home: test_time_to_home.py.
"""

import pytest

from boligplan.housing import services as housing_services
from boligplan.residents import services as resident_services
from boligplan.statistics.queries.scope import LENGTH_OF_STAY_BANDS, Distribution, share
from boligplan.statistics.queries.stays import (
    agency_timing,
    assessment_timing,
    child_moves,
    destinations,
    length_of_stay,
    ready_to_departure,
    stay_counts,
)
from tests.statistics.history import day, plus

# --- Distributions: mean, median, bands ---------------------------------------------------------


def test_median_of_an_odd_and_an_even_count():
    assert Distribution.of([(9, 1), (3, 1), (4, 1)]).median == 4
    # 2 5 10 30 61 200: the two middle values are 10 and 30.
    even = Distribution.of([(2, 1), (5, 1), (10, 1), (30, 1), (61, 1), (200, 1)])
    assert even.median == 20
    assert even.mean == pytest.approx(308 / 6)
    # Repeated values: 1 1 1 7 → middle values 1 and 1.
    assert Distribution.of([(1, 3), (7, 1)]).median == 1


def test_empty_distribution_divides_by_nothing():
    empty = Distribution.of([])
    assert empty.n == 0
    assert empty.mean is None
    assert empty.median is None
    assert all(n == 0 for _, n in empty.band_counts(LENGTH_OF_STAY_BANDS))
    assert share(3, 0) is None


def test_length_bands_are_the_ones_the_leader_asked_for():
    labels = [band.label for band in LENGTH_OF_STAY_BANDS]
    assert labels == ["0–7", "8–14", "15–30", "31–60", "61–90", "91–180", ">180"]
    edges = Distribution.of([(d, 1) for d in [0, 7, 8, 14, 15, 30, 31, 60, 61, 90, 91, 180, 181]])
    assert [n for _, n in edges.band_counts(LENGTH_OF_STAY_BANDS)] == [2, 2, 2, 2, 2, 2, 1]


# --- Length of stay from recorded stays ---------------------------------------------------------


def test_length_of_stay_mean_median_and_bands(history, scope):
    # Ended in 2025 after 2, 5, 10, 30, 61 and 200 days (the last arrived in 2024).
    for arrival, length in [
        (day(1, 10), 2),
        (day(3, 1), 5),
        (day(4, 1), 10),
        (day(5, 1), 30),
        (day(6, 1), 61),
        (day(12, 20, 2024), 200),
    ]:
        history.stay(arrival, departure=plus(arrival, length))
    history.stay(day(12, 1), departure=plus(day(12, 1), 40))  # ends in 2026: not counted
    history.stay(day(11, 1, 2024), departure=day(12, 30, 2024))  # ended before the period
    history.stay(day(8, 1))  # still here

    lengths = length_of_stay(scope)

    assert lengths.n == 6
    assert lengths.mean == pytest.approx(51.333, abs=0.001)  # 308 / 6
    assert lengths.median == 20  # (10 + 30) / 2
    assert [n for _, n in lengths.band_counts(LENGTH_OF_STAY_BANDS)] == [2, 1, 1, 0, 1, 0, 1]


def test_stays_and_residents_in_the_period(history, scope, kari):
    first = history.stay(day(12, 1, 2024), departure=day(1, 5))  # overlaps the start
    history.stay(day(3, 1), departure=day(3, 20))
    history.stay(day(12, 1), departure=day(1, 15, 2026))  # open at the period's end
    history.stay(day(11, 1, 2024), departure=day(12, 31, 2024))  # before: not counted
    # The first resident comes back in 2025: two stays, one resident.
    resident_services.stay_open(actor=kari, resident=first.resident, arrival_date=day(6, 1), contact_person=kari)

    counts = stay_counts(scope)

    assert (counts.stays, counts.residents, counts.arrived, counts.departed, counts.open_at_end) == (4, 3, 3, 2, 2)
    assert counts.shelter_has_stays


def test_no_stays_at_all(scope, shelter):
    counts = stay_counts(scope)
    assert counts.stays == 0
    assert not counts.shelter_has_stays


# --- Arrival to assessment, and need to agencies told ---------------------------------------------


def test_days_to_assessment(history, scope):
    for arrival, after in [(day(2, 1), 0), (day(2, 10), 2), (day(3, 1), 9)]:
        history.assess(history.stay(arrival), on=plus(arrival, after))
    history.stay(day(4, 1))  # no assessment yet
    early = history.stay(day(12, 20, 2024))  # arrived before the period
    history.assess(early, on=day(1, 3))

    timing = assessment_timing(scope)

    assert timing.arrived == 4
    assert timing.not_completed == 1
    assert timing.completed.counts == {0: 1, 2: 1, 9: 1}
    assert timing.completed.mean == pytest.approx(11 / 3)
    assert timing.completed.median == 2


def test_days_from_need_known_to_agencies_told(history, scope):
    # A: assessed 3 Feb; NAV told the day before (counts as 0), housing office 5 days after.
    a = history.stay(day(2, 1))
    history.assess(a, on=day(2, 3))
    history.tell(a, "nav", day(2, 2))
    history.tell(a, "boligkontor", day(2, 8))
    history.tell(a, "boligkontor", day(2, 20))  # a reminder: the first notification counts
    # B: assessed 1 Mar; NAV told 3 days later; the housing office not yet.
    b = history.stay(day(3, 1))
    history.assess(b, on=day(3, 1))
    history.tell(b, "nav", day(3, 4))
    # C: no new home needed: not counted, although NAV was told.
    c = history.stay(day(4, 1))
    history.assess(c, on=day(4, 2), need="nei")
    history.tell(c, "nav", day(4, 2))
    # D: need recorded but assessment not completed: no date for the need, not counted.
    d = history.stay(day(5, 1))
    housing_services.assessment_save(
        actor=history.actor, stay=d, values={"new_home_needed": "ja"}, complete=False, today=day(5, 2)
    )

    nav, office = agency_timing(scope)

    assert (nav.agency, nav.needing, nav.told.n, nav.not_told) == ("nav", 2, 2, 0)
    assert nav.told.counts == {0: 1, 3: 1}
    assert nav.told.median == 1.5
    assert (office.agency, office.needing, office.told.n, office.not_told) == ("boligkontor", 2, 1, 1)
    assert office.told.counts == {5: 1}


# --- Ready to move → departure, and destinations --------------------------------------------------


def test_waiting_days_by_cause(history, scope):
    history.stay(day(1, 1), ready=day(1, 10), cause="kommunen", departure=day(1, 30))  # 20
    history.stay(day(2, 1), ready=day(2, 5), cause="kommunen", departure=day(2, 15))  # 10
    history.stay(day(3, 1), ready=day(3, 2), cause="nav", departure=day(3, 9))  # 7
    history.stay(day(4, 1), ready=day(4, 1), departure=day(4, 4))  # 3, no cause given
    history.stay(day(5, 1), departure=day(5, 9))  # no ready date: not counted
    history.stay(day(6, 1), ready=day(6, 3), cause="nav")  # not departed: not counted

    by_cause = ready_to_departure(scope)

    assert set(by_cause) == {"kommunen", "nav", ""}
    assert (by_cause["kommunen"].n, by_cause["kommunen"].total_days, by_cause["kommunen"].mean) == (2, 30, 15)
    assert by_cause["nav"].counts == {7: 1}
    assert by_cause[""].counts == {3: 1}


def test_destinations_and_shares(history, scope):
    for destination, permanence in [
        ("tilbake_voldsutover", "varig"),
        ("ny_kommunal", "varig"),
        ("ny_kommunal", "varig"),
        ("ny_privat_leie", "midlertidig"),
        ("midlertidig_nav", "midlertidig"),
    ]:
        history.stay(day(1, 1), departure=day(2, 1), destination=destination, permanence=permanence)

    dest = destinations(scope)

    assert dest.total == 5
    assert (dest.permanent, dest.temporary, dest.back_to_perpetrator) == (3, 2, 1)
    assert dest.of("ny_kommunal") == 2
    assert share(dest.back_to_perpetrator, dest.total) == pytest.approx(0.2)


def test_childrens_moves_and_school_changes_hand_computed(scope, shelter, kari):
    from boligplan.children import services as children_services
    from boligplan.statistics.figures.children import children_figure

    stay = resident_services.resident_register(
        actor=kari,
        shelter=shelter,
        display_name="B.B.",
        birth_year=1985,
        arrival_date=day(3, 1),
        contact_person=kari,
    )
    anna = children_services.child_add(actor=kari, stay=stay, first_name="Anna", birth_year=2015)
    ben = children_services.child_add(actor=kari, stay=stay, first_name="Ben", birth_year=2018)
    # Anna: one known move before the shelter (changed school), the shelter, and out to a new school.
    children_services.child_move_add(
        actor=kari, child=anna, kind="for_krisesenter", moved_on=day(1, 1), temporary=False, school_changed=True
    )
    children_services.child_update(actor=kari, child=anna, values={"keeps_school": "nei"})
    # Ben keeps his kindergarten.
    children_services.child_update(actor=kari, child=ben, values={"keeps_school": "ja"})
    resident_services.stay_depart(
        actor=kari, stay=stay, departure_date=day(4, 1), destination="ny_kommunal", permanence="varig"
    )

    moves = child_moves(scope)
    # Anna: 3 moves, 2 school changes (one at departure). Ben: 2 moves, none.
    assert moves.children == 2
    assert (moves.moves.mean, moves.moves.median) == (2.5, 2.5)
    assert moves.school_changes.mean == 1.0
    assert moves.changed_school_at_departure == 1
    table = children_figure(scope).tables[1]
    assert [(row[0], row[1].value) for row in table.rows] == [
        ("1 flytting", 0),
        ("2 flyttinger", 1),
        ("3 flyttinger", 1),
        ("4 eller flere", 0),
    ]
