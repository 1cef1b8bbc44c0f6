"""The load test's server: gunicorn exactly as `make serve` runs it, on a free loopback port."""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess  # our own gunicorn, fixed argument list, never a shell  # nosec B404
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

START_TIMEOUT = 60
ROOT = Path(__file__).resolve().parents[3]


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
