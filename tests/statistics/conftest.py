"""Fixtures for the statistics tests: a history to record into, and the scope the figures are read in."""

import pytest

from boligplan.statistics.queries.scope import Scope
from tests.statistics.history import TODAY, YEAR, History


@pytest.fixture
def history(shelter, kari):
    return History(shelter, kari)


@pytest.fixture
def scope(shelter):
    return Scope(period=YEAR, today=TODAY, shelter_id=shelter.pk)
