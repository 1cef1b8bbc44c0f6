"""Timing one call: wall time percentiles, CPU in the app and the database, queries, peak memory."""

from __future__ import annotations

import os
import statistics as pystats
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext


@dataclass
class Result:
    what: str
    p50_ms: float
    p95_ms: float
    queries: int
    peak_python_mb: float
    runs: int
    baseline: str = ""  # the row this one is compared with
    ratio: float | None = None  # p50 / baseline's p50 (for throughput: baseline / this)
    note: str = ""
    app_cpu_ms: float | None = None  # this process's CPU per request (SQLite's work included)
    db_cpu_ms: float | None = None  # the PostgreSQL backend's CPU per request (None on SQLite)
    cpu_ratio: float | None = None  # server CPU (app + database) / the baseline's

    @property
    def server_cpu_ms(self) -> float | None:
        if self.app_cpu_ms is None:
            return None
        return self.app_cpu_ms + (self.db_cpu_ms or 0.0)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def _time(call: Callable[[], object], runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


_TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def _backend_cpu_ms() -> float | None:
    """CPU used so far by the PostgreSQL backend serving this process's connection, or None
    (SQLite: the database works inside this process, so the app's CPU already holds it; or a
    PostgreSQL server on another machine, whose /proc we cannot read)."""
    if connection.vendor != "postgresql":
        return None
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) * _TICK_MS  # utime + stime, in clock ticks


def _cpu(call: Callable[[], object], runs: int) -> tuple[float, float | None]:
    """(app CPU ms, database backend CPU ms) per call, over `runs` calls."""
    db_before = _backend_cpu_ms()
    app_before = time.process_time()
    for _ in range(runs):
        call()
    app = (time.process_time() - app_before) * 1000 / runs
    db_after = _backend_cpu_ms()
    db = (db_after - db_before) / runs if db_before is not None and db_after is not None else None
    return app, db


def _queries(call: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def _peak_python_mb(call: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1] / 1_048_576
    finally:
        tracemalloc.stop()


def measure(what: str, call: Callable[[], object], runs: int, **extra) -> Result:
    for _ in range(3):
        call()  # warm up: templates compiled, connections open, caches filled
    timings = _time(call, runs)
    app_cpu, db_cpu = _cpu(call, runs)
    return Result(
        what=what,
        p50_ms=pystats.median(timings),
        p95_ms=percentile(timings, 0.95),
        queries=_queries(call),
        peak_python_mb=_peak_python_mb(call),
        runs=runs,
        app_cpu_ms=app_cpu,
        db_cpu_ms=db_cpu,
        **extra,
    )
