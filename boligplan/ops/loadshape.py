"""The load test's shapes of load and its server-side figures (issue 18).

Beside the closed loop of loadtest.run_phase (each session asks again as soon as it has its
answer), two more shapes:

- think time: the closed loop with a pause after every answer (exponentially distributed around
  the mean given), as staff reading a page before the next click;
- open loop: requests arrive at a fixed rate whatever the server does, so a slow server builds a
  queue instead of slowing its clients down; a request's time counts from when it was due, not
  from when a session was free to send it (no coordinated omission).

And what the server spent: CPU per request of the gunicorn workers and of the PostgreSQL
backends serving the scratch database (read from /proc: both run on this machine), and how many
requests each worker answered (from the access log's pid), which shows whether both workers
share the load after one of them is recycled.
"""

from __future__ import annotations

import json
import os
import random
import threading
import time
from collections import Counter
from pathlib import Path

from boligplan.ops.loadtest.client import in_parallel

_TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def process_cpu_ms(pid: int) -> float | None:
    """User + system CPU of a live process so far, or None when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) * _TICK_MS


def postgres_backends(database: str) -> list[int]:
    """Pids of the PostgreSQL backends connected to `database` (their titles name it)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if title.startswith("postgres: ") and f" {database} " in title:
            pids.append(int(entry.name))
    return pids


class CpuMeter:
    """CPU spent by the server's workers and the database's backends between start() and stop().

    A process that appears meanwhile counts from zero; one that ends meanwhile loses its last
    share (workers are not recycled during a phase, and backends are kept connections).
    """

    def __init__(self, workers, database: str | None):
        self._workers = workers  # callable: the current worker pids
        self._database = database

    def _snapshot(self) -> tuple[dict, dict]:
        app = {pid: process_cpu_ms(pid) for pid in self._workers()}
        db = {pid: process_cpu_ms(pid) for pid in postgres_backends(self._database)} if self._database else {}
        return ({p: c for p, c in app.items() if c is not None}, {p: c for p, c in db.items() if c is not None})

    def start(self) -> None:
        self._before = self._snapshot()

    def stop(self) -> tuple[float, float | None]:
        """(worker CPU ms, database CPU ms or None on SQLite) since start()."""
        after = self._snapshot()
        spent = [
            sum(now - before.get(pid, 0.0) for pid, now in later.items())
            for before, later in zip(self._before, after, strict=True)
        ]
        return spent[0], (spent[1] if self._database else None)


def log_offset(log_path: Path) -> int:
    return log_path.stat().st_size if log_path.exists() else 0


def requests_per_worker(log_path: Path, start: int, end: int) -> Counter:
    """Access-log lines per worker pid between two offsets of gunicorn's JSON log."""
    counts: Counter = Counter()
    with open(log_path, "rb") as log:
        log.seek(start)
        chunk = log.read(max(0, end - start))
    for line in chunk.splitlines():
        if b'"gunicorn.access"' not in line:
            continue
        try:
            counts[json.loads(line)["pid"]] += 1
        except (ValueError, KeyError):
            continue
    return counts


def run_closed_with_think(sessions, phase: str, seconds: float, warmup: float, think: float):
    """Each session in a closed loop with a pause of about `think` seconds after each answer."""
    return _run(sessions, phase, seconds, warmup, lambda session, rng: _think_loop(session, phase, think, rng))


def run_open(sessions, phase: str, seconds: float, warmup: float, rate: float):
    """Requests due at a fixed `rate` per second in all, served by whichever session is free."""
    begin = time.perf_counter() + warmup
    deadline = begin + seconds
    lock = threading.Lock()
    due = [begin - warmup]  # the next request's due time, shared
    results: list[list] = [[] for _ in sessions]

    def loop(session, out):
        while True:
            with lock:
                when = due[0]
                due[0] += 1.0 / rate
            if when >= deadline:
                return
            pause = when - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            sample = session.timed(session.pick(phase))
            sample.ms = (time.perf_counter() - when) * 1000  # from when it was due (queueing included)
            if when >= begin:
                out.append(sample)

    in_parallel(loop, zip(sessions, results, strict=True))
    return time.perf_counter() - begin, [s for r in results for s in r]


def _think_loop(session, phase, think, rng):
    sample = session.timed(session.pick(phase))
    time.sleep(rng.expovariate(1.0 / think) if think > 0 else 0)
    return sample


def _run(sessions, phase, seconds, warmup, step):
    begin = time.perf_counter() + warmup
    deadline = begin + seconds
    results: list[list] = [[] for _ in sessions]

    def loop(number, session, out):
        rng = random.Random(number)  # noqa: S311 - pauses, not secrets  # nosec B311
        while True:
            started = time.perf_counter()
            if started >= deadline:
                return
            sample = step(session, rng)
            if started >= begin:
                out.append(sample)

    in_parallel(loop, [(n, s, r) for n, (s, r) in enumerate(zip(sessions, results, strict=True))])
    return time.perf_counter() - begin, [s for r in results for s in r]
