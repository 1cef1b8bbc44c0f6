"""Fixtures shared by the aftercare tests."""

import pytest

from tests.aftercare.helpers import DAY, depart


@pytest.fixture
def departed(make_stay, kari, today):
    """Dina moved out five days ago."""
    stay = make_stay(display_name="Dina Dratt", days_ago=40)
    return depart(stay, kari, today - 5 * DAY)
