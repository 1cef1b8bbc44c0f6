"""Timing the pages and the yearly statistics against baselines measured in the same process.

Pages are requested through Django's full middleware stack with the test client (no network,
no web server), logged in as a leader with both login factors done. The baseline for pages is a
bare view answering "hello" through the same stack; the baseline for the yearly statistics is
the same aggregate written by hand as one SQL query.
"""

from __future__ import annotations

import datetime
import resource
import statistics as pystats
import threading
import time
from collections.abc import Callable
from dataclasses import asdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.http import HttpResponse
from django.test import Client
from django.test.utils import override_settings

from boligplan.residents.models import Resident, Stay
from boligplan.statistics import exports
from boligplan.statistics.figures.dashboard import all_figures
from boligplan.statistics.queries.scope import Period, Scope

from .generate import BENCH_LEADER
from .timing import Result, measure, percentile

HELLO_PATH = "/bench-hello/"


def hello(request):
    """The framework's limit: a view that does nothing, behind the same middleware."""
    return HttpResponse("hello")


def logged_in_client(user) -> Client:
    """A client with a session as after a real login: password and, when installed, the second factor."""
    client = Client()
    client.force_login(user)
    session = client.session
    try:  # the second factor (django-otp), when the project has it
        from django_otp import DEVICE_ID_SESSION_KEY

        from boligplan.accounts.models import TOTPDevice

        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="benchmark", confirmed=True
        )
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    except ImportError:
        pass
    try:  # the absolute session timeout counts from the login time
        from boligplan.accounts.sessions import LOGIN_AT_KEY

        session[LOGIN_AT_KEY] = int(time.time())
    except ImportError:
        pass
    session.save()
    return client


def resident_page_path(leader, today: datetime.date) -> str:
    """A current stay of the leader's shelter that needs a new home, with notes and children.

    The generator leaves journal notes and children out (they weigh nothing in the statistics);
    the resident page shows them, so one stay gets a fixed set here, once, before timing.
    """
    from boligplan.children.models import Child, ChildInformation, ChildWish
    from boligplan.residents.models import JournalNote

    stay = (
        Stay.objects.filter(
            shelter=leader.membership.shelter,
            departure_date__isnull=True,
            assessment__new_home_needed="ja",
        )
        .exclude(assessment__previous_municipality="")
        .order_by("arrival_date", "id")
        .first()
    )
    if stay is None:
        stay = Stay.objects.filter(shelter=leader.membership.shelter).order_by("-arrival_date", "id").first()
    if not JournalNote.objects.filter(stay=stay).exists():
        author = stay.contact_person
        JournalNote.objects.bulk_create(
            JournalNote(shelter_id=stay.shelter_id, stay=stay, author=author, text=f"Notat {n}: samtale om bolig. " * 8)
            for n in range(30)
        )
        for n, year in enumerate((today.year - 6, today.year - 11)):
            child = Child.objects.create(
                shelter_id=stay.shelter_id,
                stay=stay,
                first_name=f"Barn{n}",
                birth_year=year,
                school="Skolen i nærheten",
                activities="Fotball, korps",
                plan_before="Vi skal se på en ny leilighet sammen.",
            )
            for k in range(2):
                ChildWish.objects.create(
                    shelter_id=stay.shelter_id, child=child, asked_on=today, asked_by=author, words=f"Ønske {k}"
                )
                ChildInformation.objects.create(
                    shelter_id=stay.shelter_id,
                    child=child,
                    told_on=today,
                    told_by=author,
                    phase="for",
                    what_told=f"Informasjon {k}",
                )
    return f"/opphold/{stay.pk}/"


def page_request(client: Client, path: str) -> Callable[[], object]:
    def call():
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}; the benchmark cannot log in as a leader")
        return response

    return call


def hand_sql_yearly(period: Period) -> Callable[[], list]:
    """The yearly statistics as one hand-written query: every stay that ended in the year, grouped
    by length in days, destination, permanence and age at arrival (all the report needs)."""
    stay, resident = Stay._meta.db_table, Resident._meta.db_table
    if connection.vendor == "postgresql":
        days = "(s.departure_date - s.arrival_date)"
        age = "(EXTRACT(YEAR FROM s.arrival_date)::int - r.birth_year)"
    else:
        days = "CAST(ROUND(julianday(s.departure_date) - julianday(s.arrival_date)) AS INTEGER)"
        age = "(CAST(strftime('%%Y', s.arrival_date) AS INTEGER) - r.birth_year)"
    sql = (
        f"SELECT {days} AS days, s.destination, s.permanence, {age} AS age, COUNT(*) "  # noqa: S608 - constants  # nosec B608
        f"FROM {stay} s JOIN {resident} r ON r.id = s.resident_id "
        "WHERE s.departure_date BETWEEN %s AND %s GROUP BY 1, 2, 3, 4"
    )

    def call():
        with connection.cursor() as cursor:
            cursor.execute(sql, [period.start, period.end])
            return cursor.fetchall()

    return call


# The load phase: each page is run this many times, alternating with the bare view, and each
# figure is the median of the rounds. One round is short and a shared machine's noise moves it.
LOAD_ROUNDS = 3


def _load_round(path: str, cookies, users: int, per_user: int) -> tuple[list[float], float, float]:
    """`users` threads asking for `path` `per_user` times each, all at once: (wall ms of every
    request, requests per second, app CPU ms per request).

    Every thread asks once before the clock starts (its database connection is opened and the
    first request's one-off work done), then all start together at a barrier: what is measured
    is the steady state that a server's threads live in, not their start-up.
    """
    timings: list[float] = []
    lock = threading.Lock()
    errors: list[str] = []
    start = threading.Barrier(users + 1)

    def worker():
        client = Client()
        client.cookies = cookies
        mine = []
        try:
            if client.get(path).status_code != 200:
                errors.append("warm-up")
            start.wait()
            for _ in range(per_user):
                started = time.perf_counter()
                response = client.get(path)
                mine.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    errors.append(str(response.status_code))
        finally:
            connections.close_all()
        with lock:
            timings.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(users)]
    for thread in threads:
        thread.start()
    start.wait()
    started = time.perf_counter()
    cpu_started = time.process_time()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    cpu_ms = (time.process_time() - cpu_started) * 1000
    if errors:
        raise RuntimeError(f"{path} failed under load: {sorted(set(errors))}")
    return timings, len(timings) / elapsed, cpu_ms / len(timings)


def _concurrent(
    paths: dict[str, str], cookies, users: int, per_user: int
) -> dict[str, tuple[float, float, float, float, list[float]]]:
    """For each path: (p50 ms, p95 ms, median requests per second, median app CPU ms per request,
    the rounds' requests per second), with `users` threads at once, the paths taking turns for
    LOAD_ROUNDS rounds."""
    rounds: dict[str, list[tuple[list[float], float, float]]] = {name: [] for name in paths}
    for _ in range(LOAD_ROUNDS):
        for name, path in paths.items():
            rounds[name].append(_load_round(path, cookies, users, per_user))
    result = {}
    for name, measured in rounds.items():
        timings = [ms for round_timings, _, _ in measured for ms in round_timings]
        rates = [rate for _, rate, _ in measured]
        result[name] = (
            pystats.median(timings),
            percentile(timings, 0.95),
            pystats.median(rates),
            pystats.median(cpu for _, _, cpu in measured),
            rates,
        )
    return result


def run(*, runs: int, concurrency: int, today: datetime.date) -> dict:
    """Every measurement for the database this process is connected to."""
    from .growth_rows import growth_rows  # it builds on this module's client and request helpers

    leader = get_user_model().objects.get(username=BENCH_LEADER)
    year = today.year - 1
    period = Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    dashboard_path = f"/statistikk/?fra={period.start}&til={period.end}"
    results: list[Result] = []
    with override_settings(
        DEBUG=False,
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
        ROOT_URLCONF="boligplan.bench.urls",
    ):
        client = logged_in_client(leader)
        results.append(measure("hello view (page baseline)", page_request(client, HELLO_PATH), runs))
        results.append(
            measure(
                "overview, one shelter",
                page_request(client, "/"),
                runs,
                baseline="hello view (page baseline)",
            )
        )
        results.append(
            measure(
                "work queue, one shelter",
                page_request(client, "/oppgaver/"),
                runs,
                baseline="hello view (page baseline)",
            )
        )
        results.append(
            measure(
                "follow-up due list, one shelter",
                page_request(client, "/oppfolging/"),
                runs,
                baseline="hello view (page baseline)",
            )
        )
        results.append(
            measure(
                f"dashboard {year}, one shelter",
                page_request(client, dashboard_path),
                runs,
                baseline="hello view (page baseline)",
            )
        )
        results.append(
            measure(
                "resident page, one stay (30 notes, 2 children)",
                page_request(client, resident_page_path(leader, today)),
                runs,
                baseline="hello view (page baseline)",
            )
        )
        results.extend(growth_rows(runs, today))
        national = Scope(period=period, today=today, shelter_id=None)
        results.append(measure(f"yearly SQL by hand, {year}, all shelters (baseline)", hand_sql_yearly(period), runs))
        results.append(
            measure(
                f"yearly national report {year}, all shelters",
                lambda: exports.national_report(national),
                runs,
                baseline=f"yearly SQL by hand, {year}, all shelters (baseline)",
            )
        )
        results.append(
            measure(
                f"all dashboard figures {year}, all shelters",
                lambda: all_figures(national),
                max(3, runs // 5),
                baseline=f"yearly SQL by hand, {year}, all shelters (baseline)",
            )
        )
        concurrent = {}
        per_user = max(10, runs // 2)
        if concurrency > 1:
            concurrent = _concurrent(
                {"hello": HELLO_PATH, "overview": "/"}, client.cookies, users=concurrency, per_user=per_user
            )
    by_name = {r.what: r for r in results}
    for result in results:
        if result.baseline:
            base = by_name[result.baseline]
            result.ratio = result.p50_ms / base.p50_ms if base.p50_ms else None
            if result.server_cpu_ms is not None and base.server_cpu_ms:
                result.cpu_ratio = result.server_cpu_ms / base.server_cpu_ms
    if concurrent:
        hello_p50, hello_p95, hello_rps, hello_cpu, hello_rates = concurrent["hello"]
        over_p50, over_p95, over_rps, over_cpu, over_rates = concurrent["overview"]
        # Each round's overview against the hello of the same round, then the median.
        round_ratios = [over / hello for over, hello in zip(over_rates, hello_rates, strict=True) if hello]
        results.append(
            Result(
                f"hello view, {concurrency} users at once (baseline)",
                hello_p50,
                hello_p95,
                0,
                0.0,
                concurrency * per_user * LOAD_ROUNDS,
                note=f"{hello_rps:.0f} req/s (rounds: {' / '.join(f'{rate:.0f}' for rate in hello_rates)})",
                app_cpu_ms=hello_cpu,
            )
        )
        results.append(
            Result(
                f"overview, {concurrency} users at once",
                over_p50,
                over_p95,
                0,
                0.0,
                concurrency * per_user * LOAD_ROUNDS,
                baseline="throughput vs hello",
                ratio=pystats.median(round_ratios) if round_ratios else None,
                note=f"{over_rps:.0f} req/s (rounds: {' / '.join(f'{ratio:.2f}' for ratio in round_ratios)} of hello)",
                app_cpu_ms=over_cpu,
                cpu_ratio=over_cpu / hello_cpu if hello_cpu else None,
            )
        )
    max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = [asdict(r) | {"server_cpu_ms": r.server_cpu_ms} for r in results]
    return {"results": rows, "max_rss_mb": max_rss_mb, "year": year}
