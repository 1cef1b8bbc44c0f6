"""Load test: staff sessions against gunicorn, served exactly as `make serve` serves the app.

`manage.py loadtest` (boligplan/ops/management/commands/loadtest.py) drives the pieces of this
package, each in its own module:

1. `prepare()` (prepare.py) fills a scratch database with a benchmark scale (bench/generate.py,
   synthetic people only), journal notes, and one leader account per session with a password
   and a confirmed TOTP device whose key the client knows.
2. `Server` (server.py) starts gunicorn with config/gunicorn.py and the production settings on a
   free loopback port. The only difference from `make serve` is the URL configuration: the
   benchmark's, which adds the bare "hello" view (the framework's limit) to the app's URLs.
3. `Session` (client.py) is one member of staff: a keep-alive HTTP connection (http.client) with
   its own cookies, logged in through the real forms (password, then a TOTP code).
   `run_phase()` (results.py) runs N sessions as threads, each in a closed loop without think
   time, until a deadline, and `format_table()` prints what they measured; the think-time and
   open (fixed arrival rate) loops, the CPU per request of the workers and the database, and
   the requests per worker are in ops/loadshape.py.
4. `profile_pages()` (profiling.py) times each page of the mix once more through the test
   client on the same data, then profiles a single request of the slowest with cProfile.

Loopback only, bounded in time, and never a pass/fail: quality.md keeps figures out of tests.
"""

from __future__ import annotations

import os

from .client import HELLO_PATH, MIX, PHASES, REQUEST_TIMEOUT, RequestFailed, Sample, Session, log_in_all
from .prepare import USER_FULL_NAME, USERNAME, prepare, statistics_path
from .profiling import profile_pages
from .results import PhaseResult, format_table, percentile, run_phase
from .server import ROOT, START_TIMEOUT, Server

__all__ = [
    "HELLO_PATH",
    "MIX",
    "PHASES",
    "REQUEST_TIMEOUT",
    "ROOT",
    "START_TIMEOUT",
    "USERNAME",
    "USER_FULL_NAME",
    "PhaseResult",
    "RequestFailed",
    "Sample",
    "Server",
    "Session",
    "format_table",
    "log_in_all",
    "percentile",
    "prepare",
    "profile_pages",
    "run_phase",
    "statistics_path",
    "wsgi",
]


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
