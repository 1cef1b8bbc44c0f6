"""Running the make targets of docs/operations.md from a test, as an operator would.

`make` itself runs, with the interpreter's environment as VENV (already installed: `-o` keeps
make from reinstalling it) and fresh throwaway secrets; the server started by `make serve` is
stopped with SIGTERM to its process group (make and gunicorn) at the end.
"""

import contextlib
import dataclasses
import http.client
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(sys.prefix)
# Generous: two cores are shared by several test runs, and a cold start migrates from nothing.
COMMAND_TIMEOUT = 300
START_TIMEOUT = 180
REQUEST_TIMEOUT = 60


def environment(**values: str) -> dict:
    """The caller's environment without its database or settings, plus production's secrets."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "DATABASE_OWNER_URL", "DJANGO_SETTINGS_MODULE", "MAKEFLAGS", "MAKELEVEL")
    }
    env.update(
        {
            "DJANGO_SECRET_KEY": "ops-test-" + Fernet.generate_key().decode(),
            "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            # Production may ask for the audit chain's key as well; a random one serves a test.
            "AUDIT_CHAIN_KEY": secrets.token_hex(32),
            # `check --deploy` wants e-mail set up (mail/checks.py); nothing is sent by these tests.
            "EMAIL_HOST": "smtp.ops-test.invalid",
            "DEFAULT_FROM_EMAIL": "boligplan@ops-test.invalid",
            "SITE_URL": "https://boligplan.ops-test.invalid",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(values)
    return env


def make(*targets: str) -> list[str]:
    return [shutil.which("make") or "make", "--no-print-directory", f"VENV={VENV}", "-o", f"{VENV}/.runtime", *targets]


def run(command: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own commands, fixed arguments
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=COMMAND_TIMEOUT, check=False
    )


def manage(*arguments: str, env: dict) -> subprocess.CompletedProcess:
    production = {**env, "DJANGO_SETTINGS_MODULE": "config.settings.production"}
    return run([sys.executable, "manage.py", *arguments], production)


def get(port: int, path: str) -> tuple[int, str]:
    """GET as the TLS proxy in front would pass it on."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request("GET", path, headers={"X-Forwarded-Proto": "https"})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


@dataclasses.dataclass
class Served:
    port: int
    log: Path
    process: subprocess.Popen

    def text(self) -> str:
        return self.log.read_text(errors="replace")


@contextlib.contextmanager
def make_serve(env: dict, log: Path):
    """`make serve` on a free loopback port, up when /helse/ answers 200."""
    env = {**env, "BOLIGPLAN_BIND": "127.0.0.1:0", "WEB_CONCURRENCY": "2", "GUNICORN_THREADS": "4"}
    with open(log, "wb") as output:
        process = subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
            make("serve"), cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = Served(port=0, log=log, process=process)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline and not server.port:
            match = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", server.text())
            if match:
                server.port = int(match.group(1))
            elif process.poll() is not None:
                break
            else:
                time.sleep(0.2)
        assert server.port, "make serve did not start:\n" + server.text()[-4000:]
        while time.monotonic() < deadline:
            try:
                if get(server.port, "/helse/")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        yield server
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)  # make and gunicorn: workers finish and exit
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
