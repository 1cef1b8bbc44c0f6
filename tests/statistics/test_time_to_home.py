"""Time to a home (Kaplan–Meier on recorded tracks), against values worked out by hand: per track,
municipalities below the minimum pooled, and the hint on the resident's page."""

import datetime

import pytest
from django.test import override_settings

from boligplan.residents import services as resident_services
from boligplan.statistics.queries.homes import (
    km_min_n,
    survival_by_municipality,
    survival_by_track,
    time_to_home_observations,
)
from boligplan.statistics.time_to_home import time_to_home_hint
from tests.statistics.history import TODAY, day, plus

# --- Time to a home (Kaplan–Meier on recorded tracks) ---------------------------------------------


def _municipal_history(history, municipality="Fjordby"):
    """Four applications for municipal housing, chosen 1 March 2025:
    10 days → municipal home; 20 days → left for family (censored); 30 days → municipal home;
    still waiting on 1 March 2026 (censored at 365 days)."""
    chosen = day(3, 1)
    outcomes = [(10, "ny_kommunal"), (20, "familie_venner"), (30, "ny_kommunal"), (None, None)]
    stays = []
    for after, destination in outcomes:
        stay = history.stay(day(2, 27), departure=plus(chosen, after) if after else None, destination=destination)
        history.assess(stay, on=day(2, 28), municipality=municipality)
        history.track(stay, "kommunal_bolig", chosen)
        stays.append(stay)
    return stays


def test_kaplan_meier_per_track_from_recorded_stays(history, scope):
    _municipal_history(history)
    # A private-rental track that ended in a private rental after 12 days.
    other = history.stay(day(5, 1), departure=day(5, 13), destination="ny_privat_leie")
    history.track(other, "privat_leie", day(5, 1))

    observations = time_to_home_observations(scope)
    by_track = {s.label: s for s in survival_by_track(observations)}

    municipal = by_track["kommunal_bolig"]
    # Day 10: 4 at risk, 1 home → 0.75. Day 20: censored. Day 30: 2 at risk, 1 home → 0.375.
    assert [(p.day, p.at_risk, p.events, round(p.survival, 4)) for p in municipal.curve] == [
        (10, 4, 1, 0.75),
        (30, 2, 1, 0.375),
    ]
    assert (municipal.n, municipal.homes, municipal.censored, municipal.median_days) == (4, 2, 2, 30)
    assert by_track["privat_leie"].median_days == 12


def test_municipalities_below_the_minimum_are_pooled(history, scope):
    _municipal_history(history, municipality="Fjordby")
    _municipal_history(history, municipality="  fjordby ")  # the same municipality, typed differently
    _municipal_history(history, municipality="Åsby")

    rows = survival_by_municipality(time_to_home_observations(scope), min_n=5)

    assert [(r.municipality, r.pooled, r.survival.n) for r in rows] == [("Fjordby", False, 8), ("", True, 4)]


@override_settings(KM_MIN_N=4)
def test_resident_page_hint_only_with_enough_history(history, kari, shelter):
    stays = _municipal_history(history)
    waiting = stays[-1]
    assessment = waiting.assessment

    hint = time_to_home_hint(kari, waiting, assessment=assessment, today=TODAY)

    assert hint is not None
    assert (hint.median_days, hint.n) == (30, 4)
    assert hint.text == (
        "I denne kommunen hadde halvparten av dem som søkte kommunal bolig, fått bolig innen 30 dager (n = 4)."
    )
    with override_settings(KM_MIN_N=5):
        assert time_to_home_hint(kari, waiting, assessment=assessment, today=TODAY) is None
    # Another municipality: no history there, nothing to say.
    elsewhere = history.stay(day(6, 1))
    history.assess(elsewhere, on=day(6, 2), municipality="Åsby")
    assert time_to_home_hint(kari, elsewhere, today=TODAY) is None
    # No new home needed: nothing to say either.
    staying = history.stay(day(6, 1))
    history.assess(staying, on=day(6, 2), need="nei", municipality="Fjordby")
    assert time_to_home_hint(kari, staying, today=TODAY) is None


def test_hint_needs_the_right_to_see_cases(history, stian, kari):
    from django.core.exceptions import PermissionDenied

    stay = history.stay(day(6, 1))
    with pytest.raises(PermissionDenied):
        time_to_home_hint(stian, stay, today=TODAY)


def test_default_setting_is_ten(settings):
    if hasattr(settings, "KM_MIN_N"):
        del settings.KM_MIN_N
    assert km_min_n() == 10


def test_the_resident_page_shows_the_hint_when_there_is_one(client_for, kari, monkeypatch):
    from types import SimpleNamespace

    from django.urls import reverse

    from boligplan.casepage import page

    stay = resident_services.resident_register(
        actor=kari,
        shelter=kari.membership.shelter,
        display_name="H.H.",
        birth_year=1990,
        arrival_date=datetime.date.today(),
        contact_person=kari,
    )
    url = reverse("residents:stay-detail", args=[stay.pk])
    assert "halvparten" not in client_for(kari).get(url).content.decode()  # too few cases: nothing

    hint = SimpleNamespace(text="I Fjordby hadde halvparten fått bolig innen 40 dager (n = 12).")
    monkeypatch.setattr(page, "time_to_home_hint", lambda *args, **kwargs: hint)
    assert hint.text in client_for(kari).get(url).content.decode()


def test_resident_page_hint_when_exactly_half_have_a_home(history, kari):
    """The field's case through the resident page's hint: 24 chose municipal housing in Fjordby,
    12 got a home on days 1–12 (one a day), 12 are still waiting. Half had a home on day 12."""
    chosen = day(3, 1)
    stays = []
    for number in range(24):
        housed_after = number + 1 if number < 12 else None
        stay = history.stay(
            day(2, 27),
            departure=plus(chosen, housed_after) if housed_after else None,
            destination="ny_kommunal",
        )
        history.assess(stay, on=day(2, 28), municipality="Fjordby")
        history.track(stay, "kommunal_bolig", chosen)
        stays.append(stay)

    hint = time_to_home_hint(kari, stays[-1], today=TODAY)

    assert hint is not None
    assert (hint.median_days, hint.n) == (12, 24)
