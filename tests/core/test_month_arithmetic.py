"""Months are calendar months everywhere (dateutil's relativedelta), never a day clamped to the 28th.

The retention cutoff used to put every day after the 28th on the 28th, so a stay that ended on
the 29th-31st was purged up to three days late; these cases fail on that arithmetic.
"""

import datetime

import pytest

from boligplan.core import forms as core_forms
from boligplan.core.purge import cutoff
from boligplan.safety.rules import add_months, add_years


@pytest.mark.parametrize(
    ("today", "months", "expected"),
    [
        (datetime.date(2026, 3, 31), 1, datetime.date(2026, 2, 28)),  # 31 March - 1 month
        (datetime.date(2024, 3, 31), 1, datetime.date(2024, 2, 29)),  # a leap year keeps the 29th
        (datetime.date(2026, 3, 30), 12, datetime.date(2025, 3, 30)),  # not clamped to the 28th
        (datetime.date(2026, 12, 31), 36, datetime.date(2023, 12, 31)),
        (datetime.date(2026, 5, 31), 3, datetime.date(2026, 2, 28)),
        (datetime.date(2025, 3, 1), 12, datetime.date(2024, 3, 1)),
        (datetime.date(2028, 2, 29), 48, datetime.date(2024, 2, 29)),  # leap day to leap day
        (datetime.date(2027, 2, 28), 12, datetime.date(2026, 2, 28)),
    ],
)
def test_the_retention_cutoff_is_the_same_calendar_day_months_back(today, months, expected):
    assert cutoff(today, months) == expected


def test_the_retention_cutoff_reads_the_setting(settings):
    settings.RETENTION_MONTHS_AFTER_DEPARTURE = 24
    assert cutoff(datetime.date(2026, 8, 31)) == datetime.date(2024, 8, 31)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),  # 31 Jan + 1 month
        (datetime.date(2024, 1, 31), 1, datetime.date(2024, 2, 29)),  # in a leap year
        (datetime.date(2026, 3, 31), -1, datetime.date(2026, 2, 28)),  # 31 Mar - 1 month
        (datetime.date(2024, 3, 31), -1, datetime.date(2024, 2, 29)),
        (datetime.date(2026, 8, 31), 1, datetime.date(2026, 9, 30)),
        (datetime.date(2026, 11, 30), 2, datetime.date(2027, 1, 30)),  # over the new year
    ],
)
def test_measure_months_are_calendar_months(day, months, expected):
    assert add_months(day, months) == expected


def test_a_year_from_a_leap_day_is_the_28th_of_february():
    assert add_years(datetime.date(2024, 2, 29), 1) == datetime.date(2025, 2, 28)
    assert add_years(datetime.date(2024, 2, 29), 4) == datetime.date(2028, 2, 29)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime.date(2028, 2, 29), datetime.date(2038, 2, 28)),
        (datetime.date(2026, 12, 31), datetime.date(2036, 12, 31)),
    ],
)
def test_the_latest_plausible_date_is_ten_calendar_years_ahead(monkeypatch, now, expected):
    monkeypatch.setattr(core_forms, "today", lambda: now)
    assert core_forms.latest_plausible_date() == expected
