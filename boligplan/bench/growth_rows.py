"""The growth rows of the benchmark: the same page at a small and a large size (quality.md's
growth targets), and the overview's first view after a write, each against its small base."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from boligplan.residents.models import Stay

from .measure import logged_in_client, page_request
from .timing import Result, measure

GROWTH_OVERVIEW_BASE = "overview, 10 current residents (growth base)"
GROWTH_RESIDENT_BASE = "resident page, 3 notes (growth base)"
GROWTH_UNCACHED_BASE = "overview, 10 residents, cache emptied (base)"
GROWTH_AFTER_WRITE_BASE = "overview, 10 residents, after a write to one (base)"


def _uncached(call: Callable[[], object]) -> Callable[[], object]:
    from django.core.cache import caches

    from boligplan.core.dataversion import CACHE_ALIAS

    def emptied_first():
        caches[CACHE_ALIAS].clear()
        return call()

    return emptied_first


def _after_a_write(leader, call: Callable[[], object]) -> Callable[[], object]:
    """`call` right after what a write to one resident moves: the shelter's data version and that
    stay's row version (core/dataversion.bump, as every write service's audit row does). The
    write's own work costs the same at any size, so it is left out; the page is built anew."""
    from django.db import transaction

    from boligplan.core.dataversion import bump

    shelter_id = leader.membership.shelter_id
    stay_id = Stay.objects.filter(shelter_id=shelter_id, departure_date__isnull=True).values_list("pk", flat=True)[0]

    def written_first():
        with transaction.atomic():
            bump(shelter_id, stay_id)
        return call()

    return written_first


def growth_rows(runs: int, today: datetime.date) -> list[Result]:
    """The same page at a small and a large size (quality.md's growth targets), each in a
    shelter of its own so nothing else differs."""
    from .growth import growth_shelter, stay_with_history

    small = growth_shelter("10", residents=10, seed=10, today=today)
    large = growth_shelter("200", residents=200, seed=200, today=today)
    history = growth_shelter("historikk", residents=5, seed=5, today=today)
    small_client, large_client = logged_in_client(small), logged_in_client(large)
    rows = [
        measure(GROWTH_OVERVIEW_BASE, page_request(small_client, "/"), runs),
        measure(
            "overview, 200 current residents", page_request(large_client, "/"), runs, baseline=GROWTH_OVERVIEW_BASE
        ),
        # The same with the shelters' cache emptied before every request: the cost of the first
        # overview after a write (the rows built from the database).
        measure(GROWTH_UNCACHED_BASE, _uncached(page_request(small_client, "/")), runs),
        measure(
            "overview, 200 residents, cache emptied",
            _uncached(page_request(large_client, "/")),
            runs,
            baseline=GROWTH_UNCACHED_BASE,
        ),
        # The first overview after a write to one resident: the other rows are kept (ADR 0031).
        measure(GROWTH_AFTER_WRITE_BASE, _after_a_write(small, page_request(small_client, "/")), runs),
        measure(
            "overview, 200 residents, after a write to one",
            _after_a_write(large, page_request(large_client, "/")),
            runs,
            baseline=GROWTH_AFTER_WRITE_BASE,
        ),
    ]
    client = logged_in_client(history)
    for what, notes, done in (
        (GROWTH_RESIDENT_BASE, 3, 0),
        ("resident page, 100 notes", 100, 0),
        ("resident page, 1,000 notes", 1000, 0),
        ("resident page, 3 notes, 200 done tasks", 3, 200),
    ):
        path = stay_with_history(history, notes=notes, done_tasks=done, today=today)
        extra = {"baseline": GROWTH_RESIDENT_BASE} if what != GROWTH_RESIDENT_BASE else {}
        rows.append(measure(what, page_request(client, path), runs, **extra))
    return rows
