"""Start the test OpenID Connect provider (tests/oidc_provider/server.mjs) on 127.0.0.1.

A real provider (panva's oidc-provider on Node.js) with discovery, JWKS, authorization, token and
userinfo endpoints. `make install-dev` installs it (`npm ci`); in CI a missing Node.js or a
missing install fails the tests instead of skipping them.
"""

import json
import os
import shutil
import socket
import subprocess  # nosec B404 - starts the test provider, a fixed script
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

PROVIDER_DIR = Path(__file__).resolve().parent / "oidc_provider"


def require_provider() -> str:
    """The node binary, once the provider's packages are installed; otherwise skip (fail in CI)."""
    node = shutil.which("node")
    installed = (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir()
    if node and installed:
        return node
    message = (
        "The test OpenID Connect provider needs Node.js (>= 20.19) and its packages: "
        "`make install-dev` runs `npm ci --prefix tests/oidc_provider`."
    )
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_provider(*, clients: list[dict], accounts: list[dict], timeout: float = 20):
    """Yield the issuer URL of a provider started for these clients and accounts; stop it after."""
    node = require_provider()
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PORT": str(port),
        "CLIENTS": json.dumps(clients),
        "ACCOUNTS": json.dumps(accounts),
        "NODE_ENV": "test",
    }
    log = tempfile.TemporaryFile(mode="w+")  # read at start; its errors stay here, never blocking it
    process = subprocess.Popen(  # noqa: S603  # nosec B603 - fixed arguments
        [node, str(PROVIDER_DIR / "server.mjs")],
        cwd=PROVIDER_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield _wait_until_listening(process, log, timeout)
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_until_listening(process, log, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        log.seek(0)
        for line in log.read().splitlines():
            if line.startswith("listening "):
                return line.split(" ", 1)[1].strip()
        if process.poll() is not None:
            break
        time.sleep(0.05)
    log.seek(0)
    raise RuntimeError("the test OpenID Connect provider did not start:\n" + log.read())
