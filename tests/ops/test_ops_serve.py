"""Production serving: gunicorn with config/gunicorn.py and the production settings
answers the health check, and everything it logs is one JSON object per line without the query
string or anything else a client sent. Loopback only; the server is stopped at the end."""

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
START_TIMEOUT = 30


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text(errors="replace").splitlines() if line.strip()]


def _wait_for_port(log: Path, process: subprocess.Popen) -> int:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        for line in _lines(log):
            match = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", line)
            if match:
                return int(match.group(1))
        if process.poll() is not None:
            break
        time.sleep(0.1)
    raise AssertionError("gunicorn did not start:\n" + log.read_text(errors="replace")[-3000:])


def _get(port: int, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_gunicorn_serves_health_check_with_json_logs(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "serve-test-" + Fernet.generate_key().decode(),
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "AUDIT_CHAIN_KEY": Fernet.generate_key().decode(),
        "BOLIGPLAN_BIND": "127.0.0.1:0",
        "WEB_CONCURRENCY": "2",
        "SQLITE_PATH": str(tmp_path / "serve.sqlite3"),  # used only when DATABASE_URL is not set
        "PYTHONUNBUFFERED": "1",
    }
    log = tmp_path / "gunicorn.log"
    with open(log, "wb") as output:
        process = subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
            [str(GUNICORN), "--config", "config/gunicorn.py"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        port = _wait_for_port(log, process)
        # Behind the TLS proxy (which says so in X-Forwarded-Proto): the health check answers.
        status, _, body = _get(port, "/helse/?token=hemmelig-verdi", {"X-Forwarded-Proto": "https"})
        assert status == 200, body
        assert json.loads(body) == {"status": "ok"}
        # Straight HTTP is sent to HTTPS (the production settings), except the health check,
        # which a load balancer asks on the private side.
        status, headers, _ = _get(port, "/logg-inn/")
        assert status == 301 and headers["Location"].startswith("https://")
        status, _, body = _get(port, "/helse/")
        assert status == 200 and json.loads(body) == {"status": "ok"}
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and log.read_text().count('"logger":"gunicorn.access"') < 3:
            time.sleep(0.1)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    lines = [json.loads(line) for line in _lines(log)]  # every line is one JSON object
    assert all({"time", "level", "logger", "message"} <= set(line) for line in lines)
    booted = [line for line in lines if line["message"].startswith("Booting worker")]
    assert len(booted) == 2
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    # Two workers log independently, so the lines may come in either order.
    assert sorted((line["method"], line["path"], line["status"]) for line in access) == [
        ("GET", "/helse/", 200),
        ("GET", "/helse/", 200),
        ("GET", "/logg-inn/", 301),
    ]
    assert all(isinstance(line["duration_ms"], float) for line in access)
    assert "hemmelig" not in log.read_text() and "token" not in log.read_text()
