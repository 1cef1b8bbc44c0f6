"""`manage.py loadtest` (or `make loadtest`): staff sessions against gunicorn on a benchmark scale.

A scratch database (PostgreSQL with --postgres-url, else a SQLite file) gets a generated scale,
then gunicorn serves it as `make serve` would, and N sessions log in and work in a closed loop:
first the bare "hello" view, then the overview alone, then the mix of overview, a resident's
page, saving a journal note and the statistics dashboard. It prints p50/p95/p99, errors,
throughput, the ratio to "hello" and the workers' peak memory; then it profiles the slowest
page through the test client. Loopback only; every phase is bounded in time; the scratch
database (and on PostgreSQL the application role) is dropped at the end unless --keep.

Figures are a report: the command fails only when a request got a wrong answer.
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import secrets
import subprocess  # our own manage.py, fixed argument list, never a shell  # nosec B404
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from boligplan.ops import loadshape, loadtest

NAME = r"^[a-z_][a-z0-9_]{0,62}$"


class Command(BaseCommand):
    help = "Load test: N staff sessions against gunicorn on a generated scale; prints latency and throughput."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["one", "national", "stress"], default="national")
        parser.add_argument("--sessions", type=int, nargs="+", default=[20, 200], help="Sessions at once, per run.")
        parser.add_argument("--duration", type=float, default=30.0, help="Seconds measured per phase.")
        parser.add_argument("--warmup", type=float, default=5.0, help="Seconds before each phase is measured.")
        parser.add_argument("--phases", nargs="+", choices=loadtest.PHASES, default=list(loadtest.PHASES))
        parser.add_argument("--notes-per-stay", type=int, default=3, help="Journal notes added to every stay.")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--postgres-url",
            default="",
            help="PostgreSQL server (a role that may create databases and roles); default: SQLite.",
        )
        parser.add_argument("--database-name", default="loadtest_boligplan", help="PostgreSQL scratch database.")
        parser.add_argument("--app-role", default="loadtest_app", help="PostgreSQL role the server connects as.")
        parser.add_argument(
            "--sqlite-path", default="", help="SQLite scratch file (default var/loadtest-<scale>.sqlite3)."
        )
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (WEB_CONCURRENCY).")
        parser.add_argument(
            "--loops",
            nargs="+",
            choices=["closed", "think", "open"],
            default=["closed", "think", "open"],
            help="Shapes of load: closed loop, closed loop with think time, open loop at a fixed arrival rate.",
        )
        parser.add_argument("--think", type=float, default=2.0, help="Mean think time in seconds (think loop).")
        parser.add_argument("--rate", type=float, default=20.0, help="Requests per second in all (open loop).")
        parser.add_argument(
            "--no-recycle", action="store_true", help="Do not recycle one worker before each phase (see gunicorn.py)."
        )
        parser.add_argument("--no-profile", action="store_true", help="Skip profiling the slowest page.")
        parser.add_argument("--keep", action="store_true", help="Keep the scratch database.")
        parser.add_argument("--child", choices=["prepare", "profile"], help="internal")
        parser.add_argument("--out", help="internal: where a child writes its JSON")
        parser.add_argument("--username", help="internal: the account the profile logs in as")
        parser.add_argument("--statistics-path", help="internal")

    def handle(self, *args, **options):
        if options["child"]:
            return self._child(options)
        if options["postgres_url"] and not all(re.match(NAME, options[key]) for key in ("database_name", "app_role")):
            raise CommandError("--database-name and --app-role: lower-case letters, digits and underscores.")
        if min(options["sessions"]) < 1 or options["duration"] <= 0:
            raise CommandError("--sessions must be at least 1 and --duration positive.")
        owner_env, app_env = self._environments(options)
        self._create_database(options)
        scratch = Path(tempfile.mkdtemp(prefix="loadtest-"))
        server = None
        try:
            self.stdout.write(f"== preparing the {options['scale']} scale on {self._vendor(options)} ==")
            prepared = self._spawn(["--child", "prepare"], owner_env, options, scratch)
            self.stdout.write(
                f"   {prepared['shelters']} shelters, {prepared['stays']} stays, {prepared['notes']} notes, "
                f"{prepared['rows']} rows in {prepared['seconds']:.0f} s"
            )
            server = loadtest.Server(app_env, scratch / "gunicorn.log")
            server.start()
            results, logins = self._load(server, prepared, app_env, options)
            server.stop()
            self._report(results, logins, server, options)
            if not options["no_profile"]:
                self.stdout.write("")
                self.stdout.write("== profile of the slowest page (test client, same data) ==")
                profile = self._spawn(
                    [
                        "--child",
                        "profile",
                        "--username",
                        prepared["accounts"][0]["username"],
                        "--statistics-path",
                        prepared["statistics_path"],
                    ],
                    app_env,
                    options,
                    scratch,
                )
                self.stdout.write(profile["report"])
        finally:
            if server is not None:
                server.stop()
            for path in scratch.iterdir():
                path.unlink()
            scratch.rmdir()
            if not options["keep"]:
                self._drop_database(options)
        failures = sum(len(errors) for _, errors in logins) + sum(sum(r.errors().values()) for r in results)
        if failures:
            raise CommandError(f"{failures} requests got a wrong answer (see above).")

    # --- The run ------------------------------------------------------------------------------

    def _load(self, server, prepared, env, options):
        sessions = [
            loadtest.Session(
                port=server.port,
                username=account["username"],
                password=env["LOADTEST_PASSWORD"],
                totp_key=account["key"],
                statistics_path=prepared["statistics_path"],
                rng=random.Random(options["seed"] + number),  # noqa: S311  # nosec B311
            )
            for number, account in enumerate(prepared["accounts"])
        ]
        results, logins = [], []
        logged_in = 0
        try:
            for count in options["sessions"]:
                if count > logged_in:
                    server.measure_memory("login")
                    seconds, errors = loadtest.log_in_all(sessions[logged_in:count])
                    logins.append(((count - logged_in, seconds, server.peak_rss_mb("login")), errors))
                    logged_in = count
                    self.stdout.write(f"   {count} sessions logged in ({len(errors)} failed) in {seconds:.1f} s")
                    for error in errors[:5]:
                        self.stdout.write(f"      {error}")
                for loop in options["loops"]:
                    for phase in options["phases"]:
                        results.append(self._phase(server, sessions[:count], phase, loop, options))
                        result = results[-1]
                        self.stdout.write(
                            f"   {count} sessions, {loop} {phase}: {len(result.samples)} requests, "
                            f"{result.throughput():.1f}/s, {sum(result.errors().values())} errors, per worker "
                            + " / ".join(str(n) for _, n in sorted(result.per_worker.items()))
                        )
        finally:
            for session in sessions:
                session.close()
        self._reconnects = sum(s.reconnects for s in sessions)
        return results, logins

    def _phase(self, server, sessions, phase, loop, options):
        """One phase. Early in its warm-up, while the sessions are busy, one worker is recycled
        (unless --no-recycle); none during the measured part, whose CPU and requests per worker
        are counted from the warm-up's end."""
        label = f"{len(sessions)}-{loop}-{phase}"
        server.measure_memory(label)
        database = options["database_name"] if options["postgres_url"] else None
        meter = loadshape.CpuMeter(server.workers, database)
        duration, warmup = options["duration"], options["warmup"]
        marks = {}

        def measured_part_begins():
            marks["log"] = loadshape.log_offset(server.log_path)
            meter.start()

        timers = [threading.Timer(warmup, measured_part_begins)]
        if not options["no_recycle"]:
            timers.append(threading.Timer(min(0.5, warmup / 4), server.recycle_one_worker))
        for timer in timers:
            timer.start()
        if loop == "closed":
            result = loadtest.run_phase(sessions, phase, duration, warmup)
        else:
            if loop == "think":
                seconds, samples = loadshape.run_closed_with_think(sessions, phase, duration, warmup, options["think"])
            else:
                seconds, samples = loadshape.run_open(sessions, phase, duration, warmup, options["rate"])
            result = loadtest.PhaseResult(len(sessions), phase, seconds, samples)
        result.loop = loop
        for timer in timers:
            timer.join()
        result.app_cpu_ms, result.db_cpu_ms = meter.stop()
        time.sleep(0.3)  # the last access-log lines reach the file
        end = loadshape.log_offset(server.log_path)
        result.per_worker = loadshape.requests_per_worker(server.log_path, marks["log"], end)
        result.peak_rss_mb = server.peak_rss_mb(label)
        return result

    def _report(self, results, logins, server, options):
        write = self.stdout.write
        threads = server.env.get("GUNICORN_THREADS", "4")
        write("")
        write(
            f"Load test: {options['scale']} scale on {self._vendor(options)}, gunicorn {options['workers']} workers "
            f"x {threads} threads (config/gunicorn.py, production settings), loopback; "
            f"{options['duration']:.0f} s per phase after {options['warmup']:.0f} s warm-up. Loops: closed = next "
            f"request as soon as the answer came; think = the same with about {options['think']:.1f} s think time; "
            f"open = {options['rate']:.0f} requests/s in all, timed from when each was due."
        )
        write(
            "cpu/req = CPU ms per request of the gunicorn workers plus the PostgreSQL backends (measured part), "
            "cpu x = that / the bare view's in the same loop and sessions. No worker is recycled in a measured "
            "part; "
            + ("one is recycled early in each warm-up, with the sessions busy, " if not options["no_recycle"] else "")
            + "and the requests each worker answered in the measured part are counted from the access log."
        )
        write(
            "Mix: " + ", ".join(f"{page} {weight} %" for page, weight in loadtest.MIX) + "; every session a leader "
            "(the dashboard needs it). vs hello = throughput / the bare view's at the same sessions."
        )
        for line in loadtest.format_table(results):
            write(line)
        for (count, seconds, rss), errors in logins:
            write(
                f"Login ({count} at once, password + TOTP): {seconds:.1f} s, {len(errors)} failed, "
                f"worker RSS {rss:.0f} MB"
            )
        errors = {}
        for result in results:
            for error, number in result.errors().items():
                errors[f"{result.sessions} {result.phase}: {error}"] = number
        write(f"Errors: {sum(errors.values())}" + "".join(f"\n   {n} x {e}" for e, n in sorted(errors.items())))
        log = server.log_text()
        write(
            f"Server log: {log.count(chr(34) + 'level' + chr(34) + ':' + chr(34) + 'ERROR')} error lines, "
            f"{log.count('Booting worker')} workers booted (recycled after max_requests included); "
            f"client reconnects {self._reconnects}; client CPU "
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_utime:.0f} s user."
        )

    # --- Databases and environments -----------------------------------------------------------

    @staticmethod
    def _vendor(options) -> str:
        return "PostgreSQL" if options["postgres_url"] else "SQLite"

    def _sqlite_path(self, options) -> Path:
        if options["sqlite_path"]:
            return Path(options["sqlite_path"])
        directory = Path(settings.BASE_DIR) / "var"
        directory.mkdir(exist_ok=True)
        return directory / f"loadtest-{options['scale']}.sqlite3"

    def _environments(self, options) -> tuple[dict, dict]:
        """Production settings with throwaway secrets; the owner prepares, the server uses the app role."""
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "SQLITE_PATH", "BOLIGPLAN_BIND", "WEB_CONCURRENCY"}
        }
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings.production",
                "DJANGO_SECRET_KEY": "loadtest-" + secrets.token_urlsafe(50),
                "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
                "AUDIT_CHAIN_KEY": secrets.token_urlsafe(32),
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
                "WEB_CONCURRENCY": str(options["workers"]),
                # No recycling during a phase: it would mix a worker's start-up into the figures
                # (one is recycled on purpose between phases instead, see _phase).
                "GUNICORN_MAX_REQUESTS": "0",
                "LOADTEST_PASSWORD": secrets.token_urlsafe(18),
            }
        )
        if not options["postgres_url"]:
            env["SQLITE_PATH"] = str(self._sqlite_path(options))
            return env, dict(env)
        parts = urlsplit(options["postgres_url"])
        owner = urlunsplit(parts._replace(path=f"/{options['database_name']}"))
        host = parts.hostname or "127.0.0.1"
        netloc = f"{options['app_role']}@{host}" + (f":{parts.port}" if parts.port else "")
        app = urlunsplit(parts._replace(netloc=netloc, path=f"/{options['database_name']}"))
        return {**env, "DATABASE_URL": owner}, {**env, "DATABASE_URL": app}

    def _admin(self, options, statement: str) -> None:
        import psycopg

        try:
            with psycopg.connect(options["postgres_url"], autocommit=True) as conn:
                conn.execute(statement)
        except psycopg.Error as exc:
            raise CommandError(f"PostgreSQL: {exc}") from exc

    def _create_database(self, options) -> None:
        if not options["postgres_url"]:
            self._remove_sqlite(options)
            return
        self._drop_database(options)
        self._admin(options, f'CREATE DATABASE "{options["database_name"]}"')

    def _drop_database(self, options) -> None:
        if not options["postgres_url"]:
            self._remove_sqlite(options)
            return
        self._admin(options, f'DROP DATABASE IF EXISTS "{options["database_name"]}" WITH (FORCE)')
        self._admin(options, f'DROP ROLE IF EXISTS "{options["app_role"]}"')

    def _remove_sqlite(self, options) -> None:
        path = self._sqlite_path(options)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)

    def _spawn(self, arguments: list[str], env: dict, options, scratch: Path) -> dict:
        out = scratch / f"child-{arguments[1]}.json"
        command = [
            sys.executable,
            str(Path(settings.BASE_DIR) / "manage.py"),
            "loadtest",
            *arguments,
            "--scale",
            options["scale"],
            "--sessions",
            str(max(options["sessions"])),
            "--seed",
            str(options["seed"]),
            "--notes-per-stay",
            str(options["notes_per_stay"]),
            "--app-role",
            options["app_role"],
            "--out",
            str(out),
        ]
        try:
            subprocess.run(command, env=env, check=True)  # noqa: S603 - our own interpreter and manage.py  # nosec B603
        except subprocess.CalledProcessError as exc:
            raise CommandError(f"loadtest {arguments[1]} failed (exit {exc.returncode})") from exc
        return json.loads(out.read_text())

    # --- The children (production settings, the scratch database) -------------------------------

    def _child(self, options):
        if options["child"] == "prepare":
            result = loadtest.prepare(
                scale=options["scale"],
                sessions=max(options["sessions"]),
                seed=options["seed"],
                notes_per_stay=options["notes_per_stay"] if options["scale"] != "stress" else 0,
                password=os.environ["LOADTEST_PASSWORD"],
                app_role=options["app_role"],
                out=self.stdout.write,
            )
        else:
            started = time.perf_counter()
            report = loadtest.profile_pages(username=options["username"], statistics_path=options["statistics_path"])
            result = {"report": report, "seconds": time.perf_counter() - started}
        Path(options["out"]).write_text(json.dumps(result))
