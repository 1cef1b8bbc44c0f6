"""What a figure is made of (Num, Table, Chart, Figure) and the policy-aware number helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from .. import charts
from ..disclosure import EXACT, Policy, minimum
from ..queries.scope import share

SMALL = ":"  # a published count that stands for 0–4 (disclosure.Policy.is_small)


@dataclass(frozen=True)
class Num:
    """A number in a table: shown with a decimal comma; None is shown as a dash."""

    value: float | int | None
    decimals: int = 0
    percent: bool = False
    missing: str = ""  # said instead of a dash when there is no value, e.g. "ikke nådd"
    small: bool = False  # a rounded count that stands for "fewer than 5": shown as ":"

    def __str__(self) -> str:
        if self.small:
            return SMALL
        if self.value is None:
            return self.missing or "–"
        text = charts.number(self.value * 100 if self.percent else self.value, self.decimals)
        return f"{text} %" if self.percent else text

    def csv(self) -> str:
        return self.missing if self.value is None and not self.small else str(self)


def days(value: float | None) -> Num:
    return Num(value, 1)


def pct(part: int, whole: int, policy: Policy = EXACT) -> Num:
    if policy.is_small(part):
        return Num(None, small=True)
    return Num(share(part, whole), 1, percent=True)


def count(value: int, policy: Policy = EXACT) -> Num:
    """A published count (already through the policy)."""
    return Num(value, small=policy.is_small(value))


def population(value: int, policy: Policy) -> Num:
    """The published size of a population (a total, not a cell of a table). Below the minimum it is
    not shown: "0" would mean 0–2, a range too narrow to protect anyone."""
    if not policy.exact and not policy.enough(value):
        return Num(None, missing=_("under %(n)s") % {"n": minimum()})
    return count(value, policy)


def bar_text(value: int, policy: Policy) -> str:
    return SMALL if policy.is_small(value) else str(value)


def share_rows(counted, whole: int, policy: Policy) -> list[list]:
    """The rows of a one-way table: each group's label, its count and its share of `whole`."""
    return [[label, count(n, policy), pct(n, whole, policy)] for label, n in counted]


def bar_categories(counted, policy: Policy) -> list[charts.Category]:
    """The bars of a one-way table's groups: one per label, its count (or SMALL) written on it."""
    return [charts.Category(label, (n,), bar_text(n, policy)) for label, n in counted]


def too_few(figure: Figure, policy: Policy) -> Figure:
    """Nothing at all about a population too small to publish: no table, no chart, no count."""
    figure.tables.clear()
    figure.charts.clear()
    figure.empty = _(
        "For få i perioden til å vise tall. Tallene vises bare når minst %(n)s står bak (etter avrunding)."
    ) % {"n": minimum()}
    return figure


def group_stat(value, published_n: int, policy: Policy, decimals: int = 1) -> Num:
    """A mean or median of a group: only when enough stand behind it."""
    return Num(value if policy.enough(published_n) else None, decimals)


@dataclass
class Table:
    caption: str
    columns: list[str]
    rows: list[list]  # the first cell of each row is its header
    collapsed: bool = False  # long tables (curve points) are folded away under <details>

    @cached_property
    def numeric_columns(self) -> set[int]:
        """Columns holding numbers only: right-aligned, so digits line up."""
        return {
            index
            for index in range(1, len(self.columns))
            if self.rows and all(isinstance(row[index], Num) for row in self.rows)
        }


@dataclass(frozen=True)
class Chart:
    svg: SafeString
    caption: str = ""  # shown above the chart when a figure has several (one per track)


@dataclass
class Figure:
    key: str  # the slug in the CSV address
    title: str
    intro: str
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    empty: str = ""  # when set, there is nothing to show and this says why

    def add_chart(self, svg: SafeString, caption: str = "") -> None:
        self.charts.append(Chart(svg, caption))

    @property
    def wide(self) -> bool:
        """Tables with many columns go below the chart instead of beside it."""
        return any(len(table.columns) > 3 for table in self.tables if not table.collapsed)
