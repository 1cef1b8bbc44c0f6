"""Profiling one request of the load test's mix through the test client (runs in a child process)."""

from __future__ import annotations

import cProfile
import io
import pstats
import statistics as pystats
import sys
import time

from .client import STAY_LINK
from .server import ROOT


def profile_pages(*, username: str, statistics_path: str, runs: int = 5, top: int = 25) -> str:
    """Time each page of the mix through the test client, then profile one request of the slowest."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import override_settings

    from boligplan.bench.measure import logged_in_client

    user = get_user_model().objects.get(username=username)
    report = io.StringIO()
    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        client = logged_in_client(user)
        overview = client.get("/", secure=True)
        stays = sorted(set(STAY_LINK.findall(overview.content.decode())))
        if not stays:
            return "profile: this leader's shelter has nobody living there now; nothing to profile\n"
        stay = stays[0]
        pages = {
            "overview": lambda: client.get("/", secure=True),
            "resident": lambda: client.get(f"/opphold/{stay}/", secure=True),
            "note": lambda: client.post(
                f"/opphold/{stay}/notater/", {"text": "Lasttest: profilering av lagring."}, secure=True
            ),
            "statistics": lambda: client.get(statistics_path, secure=True),
        }
        expected = {"note": 302}
        medians = {}
        for page, call in pages.items():
            timings = []
            for number in range(runs + 2):
                started = time.perf_counter()
                response = call()
                if number >= 2:  # the first two warm caches and compile templates
                    timings.append((time.perf_counter() - started) * 1000)
                if response.status_code != expected.get(page, 200):
                    raise RuntimeError(f"profile: {page} answered {response.status_code}")
            medians[page] = pystats.median(timings)
        report.write(
            f"Test client, one request at a time (median of {runs}, ms): "
            + ", ".join(f"{p} {m:.1f}" for p, m in medians.items())
            + "\n"
        )
        slowest = max(medians, key=medians.get)
        queries: list[tuple[float, str]] = []

        def timed_query(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                queries.append(((time.perf_counter() - started) * 1000, sql))  # the SQL text only

        profiler = cProfile.Profile()
        with connection.execute_wrapper(timed_query):
            started = time.perf_counter()
            profiler.enable()
            pages[slowest]()
            profiler.disable()
            total = (time.perf_counter() - started) * 1000
    sql_ms = sum(ms for ms, _ in queries)
    report.write(
        f"Slowest: {slowest}. One profiled request: {total:.1f} ms (with profiler overhead), "
        f"{len(queries)} SQL queries taking {sql_ms:.1f} ms.\n"
    )
    report.write("Slowest queries (ms, SQL without parameters):\n")
    for ms, sql in sorted(queries, reverse=True)[:5]:
        report.write(f"  {ms:8.1f}  {' '.join(sql.split())[:300]}\n")
    stats_out = io.StringIO()
    stats = pstats.Stats(profiler, stream=stats_out)
    stats.sort_stats("cumulative").print_stats(r"boligplan/(?!ops/)", top)  # the app's own functions
    stats.sort_stats("tottime").print_stats(top // 2)
    text = stats_out.getvalue().replace(str(ROOT) + "/", "").replace(sys.prefix + "/", "")
    report.write(text)
    return report.getvalue()
