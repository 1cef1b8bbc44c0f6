"""The load test tool runs end to end: a few sessions on the "one" scale against
gunicorn, on the suite's database kind (a SQLite file in tmp, or a scratch PostgreSQL database
and role that the tool drops again). No timing is checked (quality.md): only that every request
got the expected answer and the table was printed."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_loadtest_runs_a_short_mix_without_errors(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    command = [
        sys.executable,
        str(ROOT / "manage.py"),
        "loadtest",
        "--scale",
        "one",
        "--sessions",
        "2",
        "3",
        "--phases",
        "hello",
        "mix",
        "--duration",
        "1.5",
        "--warmup",
        "0.3",
        "--notes-per-stay",
        "1",
        "--no-profile",
        "--loops",
        "closed",
        "open",
        "--rate",
        "10",
        # A recycled worker's start-up takes longer than these short phases on a busy machine;
        # recycling between phases is shown by `make loadtest`, not checked here.
        "--no-recycle",
    ]
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url.startswith("postgres"):
        command += [
            "--postgres-url",
            database_url,
            "--database-name",
            f"loadtest_smoke_{os.getpid()}",
            "--app-role",
            f"loadtest_smoke_{os.getpid()}",
        ]
    else:
        command += ["--sqlite-path", str(tmp_path / "loadtest.sqlite3")]
    finished = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    output = finished.stdout + finished.stderr
    assert finished.returncode == 0, output[-4000:]
    assert "Errors: 0" in output
    header = next(line for line in output.splitlines() if line.strip().startswith("sessions"))
    for column in ("loop", "p50 ms", "p95 ms", "p99 ms", "req/s", "errors", "vs hello", "cpu/req", "per worker"):
        assert column in header
    rows = [line.split() for line in output.splitlines()]
    rows = [row for row in rows if len(row) >= 10 and row[0] in ("2", "3") and row[2] in ("hello", "mix")]
    pages = {(row[0], row[1], row[2], row[3]) for row in rows}
    for loop in ("closed", "open"):
        assert {
            ("2", loop, "hello", "hello"),
            ("3", loop, "hello", "hello"),
            ("2", loop, "mix", "all"),
            ("3", loop, "mix", "all"),
        } <= pages
    assert all(row[5] == "0" for row in rows)  # the errors column
    assert "3 sessions logged in (0 failed)" in output
    assert not list(tmp_path.glob("loadtest.sqlite3*"))  # the scratch database is gone
