"""The load test's client: one member of staff per session, over a keep-alive HTTP connection."""

from __future__ import annotations

import http.client
import random
import re
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

# What a member of staff does, with weights (per cent of requests in the mixed phase).
MIX = (("overview", 40), ("resident", 35), ("note", 15), ("statistics", 10))
PHASES = ("hello", "overview", "mix")
HELLO_PATH = "/bench-hello/"  # boligplan/bench/measure.py
REQUEST_TIMEOUT = 60

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STAY_LINK = re.compile(r'href="/opphold/([0-9a-f-]{36})/"')


def in_parallel(target, arguments) -> None:
    """Call `target(*args)` for each of `arguments` in a thread of its own, all at once; return when all are done."""
    threads = [threading.Thread(target=target, args=args) for args in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


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
        self.stays = sorted(set(STAY_LINK.findall(text)))

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
    in_parallel(one, [(s,) for s in sessions])
    return time.perf_counter() - started, errors
