"""A stay page's address and a track's rows in the suggested-task table, shared by the stay-flow tests
(tests/residents/test_stay_flow.py, tests/housing/test_housing_flow.py)."""

import tomllib

from django.urls import reverse

from boligplan.housing.suggestions import TABLE_PATH


def stay_url(name, stay):
    return reverse(name, kwargs={"stay_id": stay.pk})


def table_rows(track: str) -> list[dict]:
    """The shipped suggestion table, read straight from the TOML file (not through the app)."""
    return tomllib.loads(TABLE_PATH.read_text(encoding="utf-8")).get(track, [])
