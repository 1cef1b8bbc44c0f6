"""Load test: staff sessions against gunicorn, served exactly as `make serve` serves the app.

`manage.py loadtest` (boligplan/ops/management/commands/loadtest.py) drives the pieces here:

1. `prepare()` fills a scratch database with a benchmark scale (bench/generate.py,
   synthetic people only), journal notes, and one leader account per session with a password
   and a confirmed TOTP device whose key the client knows.
2. `Server` starts gunicorn with config/gunicorn.py and the production settings on a free
   loopback port. The only difference from `make serve` is the URL configuration: the
   benchmark's, which adds the bare "hello" view (the framework's limit) to the app's URLs.
3. `Session` is one member of staff: a keep-alive HTTP connection (http.client) with its own
   cookies, logged in through the real forms (password, then a TOTP code). `run_phase()` runs
   N sessions as threads, each in a closed loop without think time, until a deadline; the
   think-time and open (fixed arrival rate) loops, the CPU per request of the workers and the
   database, and the requests per worker are in loadshape.py.
4. `profile_pages()` times each page of the mix once more through the test client on the same
   data, then profiles a single request of the slowest with cProfile.

Loopback only, bounded in time, and never a pass/fail: quality.md keeps figures out of tests.
"""

from __future__ import annotations

import cProfile
import datetime
import http.client
import io
import os
import pstats
import random
import re
import secrets
import signal
import statistics as pystats
import subprocess  # our own gunicorn, fixed argument list, never a shell  # nosec B404
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

# What a member of staff does, with weights (per cent of requests in the mixed phase).
MIX = (("overview", 40), ("resident", 35), ("note", 15), ("statistics", 10))
PHASES = ("hello", "overview", "mix")
HELLO_PATH = "/bench-hello/"  # boligplan/bench/measure.py
USERNAME = "last-{:03d}"
USER_FULL_NAME = "Lasttest"
REQUEST_TIMEOUT = 60
START_TIMEOUT = 60
ROOT = Path(__file__).resolve().parent.parent.parent

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_STAY_LINK = re.compile(r'href="/opphold/([0-9a-f-]{36})/"')


# --- Served by gunicorn --------------------------------------------------------------------------


def wsgi():
    """The production WSGI application with the benchmark's URLs (the app's plus "hello").

    gunicorn calls this once per worker: `gunicorn ... 'boligplan.ops.loadtest:wsgi()'`.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()  # sets Django up
    from django.conf import settings

    settings.ROOT_URLCONF = "boligplan.bench.urls"  # read per request, before any is served
    return application


# --- Preparing the database (runs in a child process as the tables' owner) -----------------------


def statistics_path(today: datetime.date) -> str:
    year = today.year - 1
    return "/statistikk/?" + urlencode({"fra": f"{year}-01-01", "til": f"{year}-12-31"})


def prepare(*, scale: str, sessions: int, seed: int, notes_per_stay: int, password: str, app_role: str, out=print):
    """Migrate, generate the scale, add notes and the load-test accounts. Returns the accounts."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from boligplan.accounts.models import TOTPDevice
    from boligplan.bench.generate import SCALES, Generator
    from boligplan.core.models import Membership, Shelter
    from boligplan.residents.models import JournalNote, Stay

    today = timezone.localdate()
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    out(f"   migrated in {time.perf_counter() - started:.0f} s; generating the {scale} scale")

    def progress(done, total, counts):
        if done == total or done % 10 == 0:
            out(f"   generated {done}/{total} shelters, {counts.stays} stays")

    counts = Generator(SCALES[scale], seed=seed, today=today).run(progress)
    rng = random.Random(seed)  # noqa: S311 - synthetic data, seeded on purpose  # nosec B311
    shelters = list(Shelter.objects.filter(name__startswith="Benchmark-senter").order_by("name"))
    User = get_user_model()
    notes = 0
    if notes_per_stay:
        for shelter in shelters:
            authors = list(User.objects.filter(membership__shelter=shelter).values_list("pk", flat=True))
            batch = [
                JournalNote(
                    shelter_id=shelter.pk,
                    stay_id=stay_id,
                    author_id=rng.choice(authors),
                    text=f"Syntetisk notat {number + 1}. " + "Samtale om bolig og videre plan. " * rng.randint(1, 8),
                )
                for stay_id in Stay.objects.filter(shelter=shelter).values_list("pk", flat=True)
                for number in range(notes_per_stay)
            ]
            JournalNote.objects.bulk_create(batch, batch_size=2000)
            notes += len(batch)
    # One leader per session, spread over the shelters; the same password hash for all (one
    # Argon2 run here instead of hundreds), each with its own TOTP key.
    hashed = make_password(password)
    accounts = []
    with transaction.atomic():
        for number in range(sessions):
            user = User.objects.create(username=USERNAME.format(number), full_name=USER_FULL_NAME, password=hashed)
            Membership.objects.create(user=user, shelter=shelters[number % len(shelters)], role="leder")
            key = secrets.token_hex(20)
            TOTPDevice.objects.create(user=user, name="app", confirmed=True, key=key)
            accounts.append({"username": user.username, "key": key})
    if connection.vendor == "postgresql":
        call_command("create_app_role", app_role, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "accounts": accounts,
        "statistics_path": statistics_path(today),
        "stays": counts.stays,
        "shelters": counts.shelters,
        "rows": counts.rows + notes,
        "notes": notes,
        "seconds": time.perf_counter() - started,
    }


# --- The server ----------------------------------------------------------------------------------


class Server:
    """gunicorn with config/gunicorn.py on a free loopback port; workers' memory is sampled."""

    def __init__(self, env: dict, log_path: Path):
        self.env = {**env, "BOLIGPLAN_BIND": "127.0.0.1:0", "PYTHONUNBUFFERED": "1"}
        self.log_path = log_path
        self.process: subprocess.Popen | None = None
        self.port = 0
        self._peak_rss: dict[str, float] = defaultdict(float)
        self._label = "start"
        self._stop = threading.Event()
        self._sampler: threading.Thread | None = None

    def start(self) -> None:
        gunicorn = Path(sys.executable).parent / "gunicorn"
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own server, fixed arguments  # nosec B603
                [str(gunicorn), "--config", "config/gunicorn.py", "boligplan.ops.loadtest:wsgi()"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline and not self.port:
            match = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", self.log_text())
            if match:
                self.port = int(match.group(1))
            elif self.process.poll() is not None:
                break
            else:
                time.sleep(0.1)
        if not self.port:
            self.stop()
            raise RuntimeError("gunicorn did not start:\n" + self.log_text()[-3000:])
        while time.monotonic() < deadline:  # ready when the health check answers (database included)
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/helse/", headers={"X-Forwarded-Proto": "https"})
                if connection.getresponse().status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def recycle_one_worker(self) -> None:
        """End the oldest worker as max_requests would (the master starts a new one).

        The load test turns max_requests off (GUNICORN_MAX_REQUESTS=0), so no worker is
        recycled in a measured span; it recycles one here on purpose at the start of each
        phase's warm-up, while the sessions are busy, to show that the measured part's load still
        reaches both workers (config/gunicorn.py, pre_request).
        """
        workers = sorted(self.workers())
        if workers:
            os.kill(workers[0], signal.SIGTERM)

    def workers(self) -> list[int]:
        """Pids of the master's children (workers come and go: max_requests recycles them)."""
        if self.process is None:
            return []
        master = str(self.process.pid)
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if stat.rsplit(")", 1)[1].split()[1] == master:
                pids.append(int(entry.name))
        return pids

    @staticmethod
    def _status_mb(pid: int, key: str) -> float:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith(key + ":"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    def measure_memory(self, label: str) -> None:
        """From now on, peaks count for `label`; each worker's high-water mark starts afresh."""
        self._label = label
        for pid in self.workers():
            try:
                Path(f"/proc/{pid}/clear_refs").write_text("5")  # resets VmHWM (Linux)
            except OSError:
                pass

    def peak_rss_mb(self, label: str) -> float:
        hwm = max((self._status_mb(pid, "VmHWM") for pid in self.workers()), default=0.0)
        self._peak_rss[label] = max(self._peak_rss[label], hwm)
        return self._peak_rss[label]

    def _sample(self) -> None:
        while not self._stop.wait(0.25):
            for pid in self.workers():
                label = self._label
                self._peak_rss[label] = max(self._peak_rss[label], self._status_mb(pid, "VmRSS"))

    def stop(self) -> None:
        self._stop.set()
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# --- The client ----------------------------------------------------------------------------------


class RequestFailed(Exception):
    pass


@dataclass
class Sample:
    page: str
    ms: float
    error: str = ""  # empty when the answer was the expected one


@dataclass
class Session:
    """One member of staff: a keep-alive connection, cookies, and what the pages showed them."""

    port: int
    username: str
    password: str
    totp_key: str
    statistics_path: str
    rng: random.Random
    cookies: dict = field(default_factory=dict)
    csrf: str = ""
    stays: list = field(default_factory=list)
    reconnects: int = 0
    connection: http.client.HTTPConnection | None = None

    def _connect(self) -> http.client.HTTPConnection:
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        return self.connection

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, str]:
        """(status, Location, body). As a browser behind the TLS proxy would send it."""
        headers = {"X-Forwarded-Proto": "https", "Accept": "text/html"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://127.0.0.1:{self.port}"  # Django's CSRF check over HTTPS
        for attempt in (1, 2):
            reused = self.connection is not None
            connection = self._connect()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # The server closed an idle keep-alive connection (keepalive = 5 s, or a worker
                # was recycled): a browser opens a new one and sends the request again.
                self.close()
                if attempt == 2 or not reused:
                    raise
                self.reconnects += 1
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
        token = _CSRF.search(text)
        if token:
            self.csrf = token.group(1)
        return response.status, response.getheader("Location", ""), text

    def _keep_cookies(self, headers: list[str]) -> None:
        for header in headers:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def _expect(self, what: str, status: int, wanted: int, location: str = "") -> None:
        if status != wanted:
            raise RequestFailed(f"{what}: {status} {location}".strip())

    def log_in(self) -> None:
        """The real forms: the password, then a code from the authenticator app."""
        from django_otp.oath import TOTP

        status, _, _ = self.request("GET", "/logg-inn/")
        self._expect("login page", status, 200)
        form = {"username": self.username, "password": self.password, "csrfmiddlewaretoken": self.csrf, "next": ""}
        status, location, _ = self.request("POST", "/logg-inn/", form)
        self._expect("password", status, 302, location)
        status, _, _ = self.request("GET", "/tofaktor/")
        self._expect("code page", status, 200)
        code = f"{TOTP(bytes.fromhex(self.totp_key)).token():06d}"
        status, location, _ = self.request("POST", "/tofaktor/", {"token": code, "csrfmiddlewaretoken": self.csrf})
        self._expect("code", status, 302, location)
        self.overview()

    # The pages of the mix. Each raises RequestFailed on an unexpected answer.

    def hello(self) -> None:
        status, location, _ = self.request("GET", HELLO_PATH)
        self._expect("hello", status, 200, location)

    def overview(self) -> None:
        status, location, text = self.request("GET", "/")
        self._expect("overview", status, 200, location)
        self.stays = sorted(set(_STAY_LINK.findall(text)))

    def resident(self) -> None:
        status, location, _ = self.request("GET", f"/opphold/{self.rng.choice(self.stays)}/")
        self._expect("resident", status, 200, location)

    def note(self) -> None:
        stay = self.rng.choice(self.stays)
        text = f"Lasttest: samtale med beboeren om boligsøknad, neste steg avtalt ({self.rng.randrange(10**6)})."
        status, location, _ = self.request(
            "POST", f"/opphold/{stay}/notater/", {"text": text, "csrfmiddlewaretoken": self.csrf}
        )
        self._expect("note", status, 302, location)  # saved: back to the resident's page

    def statistics(self) -> None:
        status, location, _ = self.request("GET", self.statistics_path)
        self._expect("statistics", status, 200, location)

    def pick(self, phase: str) -> str:
        if phase != "mix":
            return phase
        page = self.rng.choices([p for p, _ in MIX], [w for _, w in MIX])[0]
        if page in ("resident", "note") and not self.stays:
            return "overview"  # nobody lives at this shelter now: the overview is all there is
        return page

    def timed(self, page: str) -> Sample:
        started = time.perf_counter()
        error = ""
        try:
            getattr(self, page)()
        except RequestFailed as exc:
            error = str(exc)
        except (OSError, http.client.HTTPException) as exc:
            error = type(exc).__name__
            self.close()
        return Sample(page, (time.perf_counter() - started) * 1000, error)


def log_in_all(sessions: list[Session]) -> tuple[float, list[str]]:
    """Log every session in at once (the start of a shift). Returns (seconds, errors)."""
    errors: list[str] = []
    lock = threading.Lock()

    def one(session: Session) -> None:
        try:
            session.log_in()
        except (RequestFailed, OSError, http.client.HTTPException) as exc:
            with lock:
                errors.append(f"{session.username}: {exc}")

    started = time.perf_counter()
    threads = [threading.Thread(target=one, args=(s,)) for s in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, errors


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

    threads = [threading.Thread(target=loop, args=(s, r)) for s, r in zip(sessions, results, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
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


# --- Profiling one request through the test client (runs in a child process) ---------------------


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
        stays = sorted(set(_STAY_LINK.findall(overview.content.decode())))
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
