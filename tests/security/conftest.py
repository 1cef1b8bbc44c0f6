"""The case the access matrix (test_access_matrix*.py) asks every view about."""

import dataclasses

import pytest

from boligplan.children import services as children_services
from tests.helpers import build_case
from tests.security.matrix import (
    RESIDENT_NAME,
)


@pytest.fixture
def case(make_stay, kari, berit, today):
    """Tone's stay, with her child Tiril, whom berit follows."""
    return build_case(make_stay(display_name=RESIDENT_NAME), kari, today, child_contact=berit)


@pytest.fixture
def sibling_case(case, kari, ola, today):
    """The same case seen through Tiril's brother, whom ola follows (not berit)."""
    brother = children_services.child_add(
        actor=kari, stay=case.stay, first_name="Sindre", birth_year=today.year - 5, contact_person=ola
    )
    return dataclasses.replace(case, child=brother)
