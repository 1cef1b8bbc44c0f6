"""`python manage.py bench` (or `make bench`): generate the quality.md scales, time the pages and the
yearly statistics on SQLite and PostgreSQL, and print one table.

Each (database, scale) gets a fresh database: var/bench-<scale>.sqlite3, and on PostgreSQL a
dedicated database (bench_boligplan) that is created first and dropped at the end. Generating
and measuring run in two child processes, so the peak memory reported is that of a process that
only serves the pages, like a server worker.

Times are a report, never a test: nothing here fails because something was slow.
"""

from __future__ import annotations

import json
import os
import subprocess  # nosec B404 - runs our own manage.py with a fixed argument list
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
BENCH_DATABASE = "bench_boligplan"


class Command(BaseCommand):
    help = "Generate synthetic data at the quality.md scales and time pages and yearly statistics."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            nargs="+",
            choices=["one", "national", "stress"],
            default=["one", "national"],
            help="Scales to run (default: one national; stress = 1,000,000 stays takes several minutes).",
        )
        parser.add_argument(
            "--db", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"], help="Databases."
        )
        parser.add_argument("--runs", type=int, default=40, help="Timed requests per page (default 40).")
        parser.add_argument("--concurrency", type=int, default=20, help="Users at once for the load run (1: none).")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--postgres-url",
            default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES),
            help="A PostgreSQL server where the bench database may be created and dropped.",
        )
        parser.add_argument("--keep", action="store_true", help="Keep the generated databases.")
        parser.add_argument("--child", choices=["generate", "measure"], help="internal")
        parser.add_argument("--out", help="internal: where a child writes its JSON")

    # --- The parent: one child pair per (database, scale), then the table. ---------------------

    def handle(self, *args, **options):
        if options["child"]:
            return self._child(options)
        runs = []
        started = time.perf_counter()
        for db in options["db"]:
            for scale in options["scale"]:
                self.stdout.write(f"== {scale} on {db} ==")
                env = self._prepare(db, scale, options)
                try:
                    generated = self._spawn("generate", scale, env, options)
                    measured = self._spawn("measure", scale, env, options)
                finally:
                    if not options["keep"]:
                        self._drop(db, scale, options)
                runs.append({"db": db, "scale": scale, "generated": generated, "measured": measured})
        self._print(runs, time.perf_counter() - started)

    def _prepare(self, db: str, scale: str, options) -> dict:
        env = dict(os.environ)
        env.pop("DATABASE_URL", None)
        if db == "sqlite":
            path = self._sqlite_path(scale)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            env["SQLITE_PATH"] = str(path)
        else:
            self._postgres_admin(options, f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}"')
            self._postgres_admin(options, f'CREATE DATABASE "{BENCH_DATABASE}"')
            parts = urlsplit(options["postgres_url"])
            env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}"))
        return env

    def _drop(self, db: str, scale: str, options) -> None:
        if db == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self._sqlite_path(scale)}{suffix}").unlink(missing_ok=True)
        else:
            self._postgres_admin(options, f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}"')

    @staticmethod
    def _sqlite_path(scale: str) -> Path:
        directory = Path(settings.BASE_DIR) / "var"
        directory.mkdir(exist_ok=True)
        return directory / f"bench-{scale}.sqlite3"

    @staticmethod
    def _postgres_admin(options, statement: str) -> None:
        import psycopg

        try:
            with psycopg.connect(options["postgres_url"], autocommit=True) as conn:
                conn.execute(statement)
        except psycopg.Error as exc:
            raise CommandError(f"PostgreSQL at {options['postgres_url']}: {exc}") from exc

    def _spawn(self, step: str, scale: str, env: dict, options) -> dict:
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
            out = handle.name
        command = [
            sys.executable,
            str(Path(settings.BASE_DIR) / "manage.py"),
            "bench",
            "--child",
            step,
            "--scale",
            scale,
            "--runs",
            str(options["runs"]),
            "--concurrency",
            str(options["concurrency"]),
            "--seed",
            str(options["seed"]),
            "--out",
            out,
        ]
        try:
            subprocess.run(command, env=env, check=True)  # noqa: S603 - our own interpreter and manage.py  # nosec B603
            return json.loads(Path(out).read_text())
        except subprocess.CalledProcessError as exc:
            raise CommandError(f"bench {step} for {scale} failed (exit {exc.returncode})") from exc
        finally:
            Path(out).unlink(missing_ok=True)

    # --- The children ---------------------------------------------------------------------------

    def _child(self, options):
        scale = options["scale"][0]
        today = timezone.localdate()
        if options["child"] == "generate":
            from boligplan.bench.generate import SCALES, Generator

            call_command("migrate", verbosity=0, interactive=False)
            started = time.perf_counter()

            def progress(done, total, counts):
                if done == total or done % 10 == 0:
                    self.stdout.write(f"   generated {done}/{total} shelters, {counts.stays} stays")

            counts = Generator(SCALES[scale], seed=options["seed"], today=today).run(progress)
            seconds = time.perf_counter() - started
            self._analyze()
            result = {"counts": counts.__dict__, "rows": counts.rows, "seconds": seconds}
        else:
            from boligplan.bench.measure import run

            runs = options["runs"] if scale != "stress" else max(5, options["runs"] // 4)
            result = run(runs=runs, concurrency=options["concurrency"], today=today)
        Path(options["out"]).write_text(json.dumps(result))

    @staticmethod
    def _analyze() -> None:
        """Fresh statistics for the planner, as a running database would have."""
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    # --- The table ------------------------------------------------------------------------------

    def _print(self, runs: list[dict], seconds: float) -> None:
        write = self.stdout.write
        write("")
        write(f"Benchmark ({seconds:.0f} s in all). Times in ms; ratio = p50 / baseline p50, except load: throughput.")
        write(
            "CPU per request in ms: app = this process (SQLite included), db = the PostgreSQL backend; "
            "cpu x = (app + db) / the baseline's, in the same run (under load: app only)."
        )
        header = (
            f"{'scale':<9}{'db':<9}{'what':<52}{'p50':>9}{'p95':>9}{'queries':>9}{'py MB':>8}{'ratio':>8}"
            f"{'app cpu':>9}{'db cpu':>8}{'cpu x':>7}  note"
        )
        write(header)
        write("-" * len(header))
        for run in runs:
            for result in run["measured"]["results"]:
                ratio = f"{result['ratio']:.2f}" if result["ratio"] is not None else ""
                app_cpu = f"{result['app_cpu_ms']:.1f}" if result.get("app_cpu_ms") is not None else ""
                db_cpu = f"{result['db_cpu_ms']:.1f}" if result.get("db_cpu_ms") is not None else ""
                cpu_x = f"{result['cpu_ratio']:.2f}" if result.get("cpu_ratio") is not None else ""
                write(
                    f"{run['scale']:<9}{run['db']:<9}{result['what']:<52}{result['p50_ms']:>9.1f}"
                    f"{result['p95_ms']:>9.1f}{result['queries']:>9}{result['peak_python_mb']:>8.1f}{ratio:>8}"
                    f"{app_cpu:>9}{db_cpu:>8}{cpu_x:>7}  {result['note']}"
                )
            generated = run["generated"]
            write(
                f"{run['scale']:<9}{run['db']:<9}worker peak RSS {run['measured']['max_rss_mb']:.0f} MB; "
                f"generated {generated['counts']['stays']} stays in {generated['counts']['shelters']} shelters, "
                f"{generated['rows']} rows in {generated['seconds']:.0f} s"
            )
            write("")
