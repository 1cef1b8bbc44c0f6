"""The benchmark's parts on a tiny scale: the generator makes valid data, the hand-written SQL
baseline counts what the report counts, and a measurement run completes. No timing is asserted."""

import datetime

import pytest
from django.db.models import Count

from boligplan.bench import measure
from boligplan.bench.generate import BENCH_LEADER, Generator, ScaleSpec
from boligplan.core.models import Shelter
from boligplan.housing.models import HousingAssessment, StayTrack
from boligplan.residents.models import Resident, Stay
from boligplan.statistics.queries.scope import Distribution, Period, Scope
from boligplan.statistics.queries.stays import length_of_stay

TODAY = datetime.date(2026, 6, 1)
TINY = ScaleSpec("tiny", shelters=3, stays=90, tasks_per_stay=2)


@pytest.fixture
def generated(db):
    return Generator(TINY, seed=7, today=TODAY).run()


def test_generator_makes_the_scale_asked_for(generated):
    assert Shelter.objects.count() == 3
    assert Stay.objects.count() == generated.stays == 90
    assert Resident.objects.count() == 90
    assert all(r.display_name.startswith("Syntetisk ") for r in Resident.objects.all())
    assert HousingAssessment.objects.count() == generated.assessments > 0
    assert StayTrack.objects.count() == generated.tracks > 0
    # Every shelter got its share, and the open stays are recent.
    assert sorted(Stay.objects.values("shelter").annotate(n=Count("id")).values_list("n", flat=True)) == [30, 30, 30]
    for stay in Stay.objects.filter(departure_date__isnull=True):
        assert stay.arrival_date > TODAY - datetime.timedelta(days=3 * 365)


def test_generator_is_repeatable():
    first = Generator(TINY, seed=7, today=TODAY)
    second = Generator(TINY, seed=7, today=TODAY)
    assert [first.uuid() for _ in range(5)] == [second.uuid() for _ in range(5)]


def test_hand_sql_baseline_counts_what_the_report_counts(generated):
    period = Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    rows = measure.hand_sql_yearly(period)()
    by_orm = length_of_stay(Scope(period=period, today=TODAY))

    by_hand = Distribution.of((days, n) for days, _dest, _perm, _age, n in rows)
    assert by_hand.counts == by_orm.counts
    assert by_hand.n > 0


def test_a_measurement_run_completes(generated):
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.filter(username=BENCH_LEADER).exists()

    report = measure.run(runs=2, concurrency=1, today=TODAY)

    names = [result["what"] for result in report["results"]]
    assert names[0] == "hello view (page baseline)"
    assert any(name.startswith("dashboard") for name in names)
    assert "work queue, one shelter" in names
    assert any(name.startswith("yearly national report") for name in names)
    assert "overview, 200 residents, after a write to one" in names  # the growth rows (bench/growth_rows.py)
    for result in report["results"]:
        assert result["queries"] >= 1
        if result["baseline"]:
            assert result["ratio"] is not None
    assert report["max_rss_mb"] > 0
