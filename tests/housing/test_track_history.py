"""A track is never deleted: ending keeps it with its dates, choosing it again keeps its first start,
and the time-to-home statistics count from that first start."""

import pytest

from boligplan.audit.models import AuditEvent
from boligplan.housing import services as housing_services
from boligplan.housing.models import StayTrack
from boligplan.residents import services as resident_services
from boligplan.statistics.queries.homes import time_to_home_observations
from boligplan.statistics.queries.scope import Scope
from tests.statistics.history import TODAY, YEAR, History, day

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(shelter, kari):
    return History(shelter, kari)


def observations(shelter):
    scope = Scope(period=YEAR, today=TODAY, shelter_id=shelter.pk)
    return [(o.track, o.days, o.got_home, o.n) for o in time_to_home_observations(scope)]


def test_a_track_chosen_again_counts_from_its_first_start(history, shelter, kari):
    stay = history.stay(day(3, 1))
    housing_services.tracks_set(actor=kari, stay=stay, tracks=["privat_leie"], today=day(3, 2))
    housing_services.track_end(actor=kari, stay=stay, track="privat_leie", ended_on=day(3, 5))
    housing_services.tracks_set(actor=kari, stay=stay, tracks=["privat_leie"], today=day(3, 10))
    history_row = StayTrack.objects.get(stay=stay)
    assert (history_row.chosen_on, history_row.ended_on, history_row.reopened_on) == (day(3, 2), None, day(3, 10))

    resident_services.stay_depart(
        actor=kari, stay=stay, departure_date=day(3, 22), destination="ny_privat_leie", permanence="varig"
    )

    # 2 March to 22 March, not 10 March to 22 March: the pause does not restart the clock.
    assert observations(shelter) == [("privat_leie", 20, True, 1)]


def test_an_ended_track_is_censored_on_its_last_day(history, shelter, kari):
    stay = history.stay(day(3, 1))
    housing_services.tracks_set(actor=kari, stay=stay, tracks=["privat_leie"], today=day(3, 2))
    housing_services.track_end(actor=kari, stay=stay, track="privat_leie", ended_on=day(3, 5))

    # It ran three days and gave no home; it is neither missing nor still waiting until today.
    assert observations(shelter) == [("privat_leie", 3, False, 1)]


def test_ending_is_audited_and_keeps_the_row(history, shelter, kari):
    stay = history.stay(day(3, 1))
    housing_services.tracks_set(actor=kari, stay=stay, tracks=["rosa"], today=day(3, 2))
    ended = housing_services.track_end(actor=kari, stay=stay, track="rosa", ended_on=day(3, 4))

    assert StayTrack.objects.filter(pk=ended.pk, ended_on=day(3, 4)).exists()
    assert AuditEvent.objects.filter(action="track.removed", object_id=str(ended.pk)).count() == 1
    # Ending it again does nothing and writes nothing.
    assert housing_services.track_end(actor=kari, stay=stay, track="rosa", ended_on=day(3, 6)) is None
    assert AuditEvent.objects.filter(action="track.removed").count() == 1
