"""Fixtures shared by the staff tests."""

import pytest

from tests.conftest import make_user


@pytest.fixture
def other_leader(other_shelter):
    return make_user("asbyleder", other_shelter, "leder", "Åse Leder")
