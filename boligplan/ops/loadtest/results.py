"""A phase of the load test: the sessions' closed loop, and the table of what it measured."""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .client import MIX, Sample, Session, in_parallel


@dataclass
class PhaseResult:
    sessions: int
    phase: str
    seconds: float
    samples: list[Sample]
    peak_rss_mb: float = 0.0
    loop: str = "closed"  # closed, think (closed with think time) or open (fixed arrival rate)
    app_cpu_ms: float | None = None  # the workers' CPU over the phase
    db_cpu_ms: float | None = None  # the PostgreSQL backends' (None on SQLite: inside the workers)
    per_worker: Counter = field(default_factory=Counter)  # requests answered, by worker pid

    def cpu_per_request(self) -> float | None:
        answered = sum(self.per_worker.values()) or len(self.samples)
        if self.app_cpu_ms is None or not answered:
            return None
        return (self.app_cpu_ms + (self.db_cpu_ms or 0.0)) / answered

    def rows(self) -> list[tuple[str, list[Sample]]]:
        by_page: dict[str, list[Sample]] = defaultdict(list)
        for sample in self.samples:
            by_page[sample.page].append(sample)
        order = [p for p, _ in MIX] if self.phase == "mix" else [self.phase]
        rows = [(page, by_page[page]) for page in order if by_page.get(page)]
        if self.phase == "mix":
            rows.append(("all", self.samples))
        return rows

    def throughput(self, samples: list[Sample] | None = None) -> float:
        samples = self.samples if samples is None else samples
        return sum(1 for s in samples if not s.error) / self.seconds if self.seconds else 0.0

    def errors(self) -> Counter:
        return Counter(s.error for s in self.samples if s.error)


def run_phase(sessions: list[Session], phase: str, seconds: float, warmup: float) -> PhaseResult:
    """Every session in a closed loop (next request as soon as the answer came) until the deadline.

    Requests started during the warm-up are not counted; each thread finishes the request it is
    on at the deadline, and the phase's time runs until the last one is back.
    """
    results: list[list[Sample]] = [[] for _ in sessions]
    begin = time.perf_counter() + warmup
    deadline = begin + seconds

    def loop(session: Session, out: list[Sample]) -> None:
        while True:
            started = time.perf_counter()
            if started >= deadline:
                return
            sample = session.timed(session.pick(phase))
            if started >= begin:
                out.append(sample)

    in_parallel(loop, zip(sessions, results, strict=True))
    elapsed = time.perf_counter() - begin
    return PhaseResult(len(sessions), phase, elapsed, [s for r in results for s in r])


def percentile(values: list[float], share: float) -> float:
    """Nearest rank: the smallest value with at least `share` of the values at or below it."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, -(-int(share * 1000) * len(ordered) // 1000))  # ceil(share * n) without floats
    return ordered[min(rank, len(ordered)) - 1]


def format_table(results: list[PhaseResult]) -> list[str]:
    header = (
        f"{'sessions':>8}  {'loop':<7}{'phase':<9}{'page':<11}{'requests':>9}{'errors':>7}{'req/s':>8}"
        f"{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'vs hello':>9}{'cpu/req':>8}{'cpu x':>7}{'worker RSS':>11}"
        "  requests per worker"
    )
    lines = [header, "-" * len(header)]
    hello = {(r.sessions, r.loop): r.throughput() for r in results if r.phase == "hello"}
    hello_cpu = {(r.sessions, r.loop): r.cpu_per_request() for r in results if r.phase == "hello"}
    for result in results:
        for page, samples in result.rows():
            ok = [s.ms for s in samples if not s.error]
            errors = sum(1 for s in samples if s.error)
            whole_phase = page in ("all", result.phase)
            ratio = cpu = cpu_x = workers = ""
            key = (result.sessions, result.loop)
            if whole_phase and result.phase != "hello" and hello.get(key):
                ratio = f"{result.throughput() / hello[key]:.2f}"
            if whole_phase and result.cpu_per_request() is not None:
                cpu = f"{result.cpu_per_request():.1f}"
                if result.phase != "hello" and hello_cpu.get(key):
                    cpu_x = f"{result.cpu_per_request() / hello_cpu[key]:.2f}"
                workers = " / ".join(str(n) for _, n in sorted(result.per_worker.items()))
            rss = f"{result.peak_rss_mb:.0f} MB" if whole_phase and result.peak_rss_mb else ""
            lines.append(
                f"{result.sessions:>8}  {result.loop:<7}{result.phase:<9}{page:<11}{len(samples):>9}{errors:>7}"
                f"{result.throughput(samples):>8.1f}{percentile(ok, 0.50):>9.1f}{percentile(ok, 0.95):>9.1f}"
                f"{percentile(ok, 0.99):>9.1f}{ratio:>9}{cpu:>8}{cpu_x:>7}{rss:>11}  {workers}"
            )
    return lines
