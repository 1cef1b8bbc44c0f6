"""The disclosure rule (statistics/disclosure.py) on its own: controlled rounding, and the attacks on
it from the field, each of which must recover nothing:

- totals minus the visible cells, and the same across every table that shares a total;
- narrowing a hidden cell to within ±1;
- an attacker who knows the rounding algorithm and tries every possible true table.

The attacker is tests/statistics/attack.py; the downloads are attacked in test_disclosure.py.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from boligplan.statistics import disclosure
from boligplan.statistics.disclosure import controlled, round_total
from tests.statistics.attack import (
    Attack,
    B,
    publish_one_way_tables,
)

# --- The rounding itself ---------------------------------------------------------------------------


def test_round_total_is_to_the_nearest_multiple_of_five():
    assert [round_total(n) for n in [0, 1, 2, 3, 7, 8, 12, 13, 1002]] == [0, 0, 0, 5, 5, 10, 10, 15, 1000]


def test_controlled_rounding_by_hand():
    # 12 and 2: floors 10 and 0, total 14 → 15, so one cell goes up: the larger remainder, the
    # first on a tie (both 2).
    assert controlled([12, 2]) == [15, 0]
    # 3, 3, 3: total 9 → 10, two go up (ties: the first two).
    assert controlled([3, 3, 3]) == [5, 5, 0]
    # Multiples of five stay as they are.
    assert controlled([10, 5, 0]) == [10, 5, 0]


@given(st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=12))
def test_controlled_rounding_adds_up_and_stays_close(counts):
    published = controlled(counts)
    assert sum(published) == round_total(sum(counts))
    for true, shown in zip(counts, published, strict=True):
        assert shown % B == 0
        assert abs(shown - true) <= B - 1
        if true % B == 0:
            assert shown == true  # so a zero is never shown as 5
    assert controlled(list(counts)) == published  # deterministic


# --- The attacker has teeth --------------------------------------------------------------------------


def test_the_attacker_has_teeth():
    """Against the old scheme it recovers cells: so when it finds nothing below, that means something."""
    # 1. Old suppression: hide cells under 5 and one more per group. 10, 3, 7 of 20 → 10, :, : —
    #    but a report that also shows the same stays by another split with every cell visible
    #    (here: 13 and 7) gives the total, and then the two hidden cells sum to exactly 10.
    attack = Attack()
    whole = attack.var("N", 20, 20)
    a, b, c = attack.var("a", 10, 10), attack.var("b", 0, 4), attack.var("c", 5, 100)
    attack.sums_to([a, b, c], whole)
    attack.var("c", 0, 7)  # a second table shows c's group as 7 in finer categories
    attack.propagate()
    assert (attack.low["b"], attack.high["b"]) == (3, 4)  # narrowed to ±1 (the field's finding)

    # 2. Each cell rounded on its own (not controlled): 12 and 2 shown as 10 and 0, the total 14 as
    #    15. Then the "0" is at least 1: someone is in it.
    attack = Attack()
    whole = attack.total("N", 15)
    big, small = attack.var("big", 10 - 2, 10 + 2), attack.var("small", 0, 2)
    attack.sums_to([big, small], whole)
    attack.propagate()
    assert attack.low["small"] >= 1


# --- Every table sharing a total, attacked -------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=10, max_value=200).flatmap(
        lambda n: st.lists(
            st.lists(st.integers(min_value=0, max_value=n), min_size=1, max_size=10).map(
                lambda weights, n=n: _split(n, weights)
            ),
            min_size=1,
            max_size=5,
        )
    )
)
def test_no_cell_is_narrowed_by_totals_or_other_tables(tables):
    """Random populations of 10–200 with up to five one-way tables (bands, destinations, ages, ...)
    sharing their total: after every subtraction across every table, each count keeps at least five
    possible values, and every ":" may still be zero."""
    attack = Attack()
    publish_one_way_tables(attack, "pop", tables)
    attack.propagate()
    assert attack.failures() == []


def _split(n: int, weights: list[int]) -> list[int]:
    """n split in proportion to the weights, exactly (the last cell takes the rest)."""
    total = sum(weights)
    if not total:
        return [n] + [0] * (len(weights) - 1)
    parts = [n * w // total for w in weights]
    parts[-1] += n - sum(parts)
    return parts


def test_an_attacker_who_knows_the_algorithm_and_tries_every_table():
    """Every true table of three cells up to 22 each: group them by what would be published. Each
    published count still stands for at least four true values (never exact, never ±1), and ":"
    always includes 0."""
    limit = 22
    preimages = defaultdict(list)
    for counts in itertools.product(range(limit + 1), repeat=3):
        total = round_total(sum(counts))
        if total < disclosure.minimum():
            continue  # not published at all
        preimages[(tuple(controlled(list(counts))), total)].append(counts)
    checked = 0
    for (published, _total), candidates in preimages.items():
        if max(published) > limit - B:
            continue  # near the edge of the search, where the search itself cuts values off
        for index, shown in enumerate(published):
            values = {c[index] for c in candidates}
            assert len(values) >= 4, (published, index, sorted(values))
            if shown == 0:
                assert 0 in values
            checked += 1
    assert checked > 150
