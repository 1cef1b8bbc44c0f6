"""The disclosure rule: what may be shown to whom, as one set of functions every figure uses.

Two audiences (docs/statistics.md, docs/decisions/0012):

- **EXACT** — a shelter's leader, looking at her own shelter. She can open every case anyway, so
  her dashboard and figure CSVs are exact, for any period.
- **PROTECTED** — the statistics-only role, and anything that leaves the shelter (the national
  report, whoever downloads it). It gets whole calendar years that have ended, and every count is
  published by the rule below, so no person can be taken back out of the numbers.

The rule for PROTECTED, in full:

1. **Periods**: only a whole calendar year that has ended. Years never overlap or nest, and an
   ended year is not a moving target, so no two periods can be subtracted to isolate anyone.
2. **Populations**: each figure counts one population (stays that departed in the year, stays
   that arrived, tracks chosen, ...). Its total is rounded to the nearest multiple of BASE.
3. **Breakdowns**: every table is a one-way breakdown of one population. Its cells are rounded
   to a multiple of BASE *in a controlled way*: each cell goes down or up to a neighbouring
   multiple (never more than BASE − 1 away) so that the cells add up to the published total.
   There are no cross tables and no two classifications of the same variable, so the only link
   between tables is a shared published total.
4. **Minimum**: a figure is shown only if its published total is at least MIN (default 10), and
   a mean or median of a group only if the group's published count is at least MIN. Those
   decisions use the published numbers alone, so hiding or showing tells nothing more.
5. **Derived numbers** (shares, "completed" = total − not completed, chart bars) are computed
   from published numbers only.

Why this holds (tested in tests/statistics/test_disclosure*.py with an attacker that combines every table):
a cell c rounded to r lies in [r − (BASE−1), r + (BASE−1)]; the total N in [R − 2, R + 2]. From
"c = N − the other cells" the attacker gets c ≥ R − 2 − Σ(r_o + BASE − 1) ≤ r − BASE − 1 and
c ≤ R + 2 − Σ(r_o − BASE + 1) ≥ r + BASE + 1 whenever another cell is non-zero — never tighter
than the cell's own interval. Every count keeps at least BASE possible values, and a small cell
(shown as ":" for 0–4) cannot be told from zero.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def base() -> int:
    """Counts are published as multiples of this (default 5). Odd, so rounding has no ties and a
    total is off by at most (base − 1) / 2, which the reasoning above relies on."""
    value = int(getattr(settings, "STATISTICS_ROUNDING_BASE", 5))
    if value < 3 or value % 2 == 0:
        raise ImproperlyConfigured("STATISTICS_ROUNDING_BASE must be an odd number, 3 or more")
    return value


def minimum() -> int:
    """A figure, or a group's mean and median, needs at least this published count (default 10)."""
    return int(getattr(settings, "STATISTICS_MIN_STAYS", 10))


# --- Periods ------------------------------------------------------------------------------------


def is_whole_ended_year(start: datetime.date, end: datetime.date, *, today: datetime.date) -> bool:
    return start == datetime.date(start.year, 1, 1) and end == datetime.date(start.year, 12, 31) and end < today


def last_ended_year(today: datetime.date) -> int:
    return today.year - 1


# --- Rounding -------------------------------------------------------------------------------------


def round_total(n: int) -> int:
    """Nearest multiple of the base (with an odd base there are no ties)."""
    b = base()
    return ((2 * n + b) // (2 * b)) * b


def controlled(counts: list[int]) -> list[int]:
    """Round each count down or up to a neighbouring multiple of the base, so that the results
    add up to round_total(sum(counts)). Deterministic: the cells with the largest remainders go
    up (ties: the first), so the same data always gives the same table."""
    b = base()
    floors = [(n // b) * b for n in counts]
    remainders = [n - f for n, f in zip(counts, floors, strict=True)]
    ups = (round_total(sum(counts)) - sum(floors)) // b
    order = sorted(range(len(counts)), key=lambda i: (-remainders[i], i))
    result = list(floors)
    for index in order[:ups]:
        result[index] += b
    return result


# --- The two audiences ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Policy:
    """How counts are shown to one audience. Every figure asks this, never rounds by itself."""

    exact: bool

    def total(self, n: int) -> int:
        return n if self.exact else round_total(n)

    def breakdown(self, counts: list[int]) -> list[int]:
        return list(counts) if self.exact else controlled(list(counts))

    def enough(self, published: int) -> bool:
        """May a figure (or a group's mean and median) built on this many be shown?"""
        return published > 0 if self.exact else published >= minimum()

    def is_small(self, published: int) -> bool:
        """A published count that stands for "fewer than the base" (shown as ":")."""
        return not self.exact and published == 0


EXACT = Policy(exact=True)
PROTECTED = Policy(exact=False)
