"""Gunicorn settings for `make serve`: the production settings, static files from whitenoise.

Environment (all optional):
  BOLIGPLAN_BIND       address to listen on (default 127.0.0.1:8000; put a TLS proxy in front)
  WEB_CONCURRENCY      worker processes (default 2: one per core of the reference machine)
  GUNICORN_THREADS     threads per worker (default 4)
  FORWARDED_ALLOW_IPS  proxies whose X-Forwarded-Proto is trusted (default the loopback only)
  GUNICORN_MAX_REQUESTS  recycle a worker after about this many requests (default 2000; 0: never)
  GUNICORN_KEEPALIVE_REQUESTS  requests one keep-alive connection may carry (default 10)
  LOG_LEVEL            gunicorn's own messages (default info)

Every line on stderr is one JSON object without personal data (boligplan/ops/logs.py); the
access log keeps only method, path without query string, status and duration.
"""

import logging
import os

logging.captureWarnings(True)  # warnings in the master become JSON lines too

# config/wsgi.py loads config.settings.production unless DJANGO_SETTINGS_MODULE says otherwise.
wsgi_app = "config.wsgi:application"

bind = [os.environ.get("BOLIGPLAN_BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Threads let a worker overlap waiting on the database; Django opens one connection per thread.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 30
graceful_timeout = 20
keepalive = 5
# Recycle a worker now and then, so memory stays bounded (quality.md: < 200 MB per worker).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10

# Spread the load again after a recycle. A keep-alive connection stays with the worker that
# accepted it; when one worker is recycled, its clients reconnect to the surviving one, and the
# fresh worker would otherwise get no connection until a client goes quiet for `keepalive`
# seconds (busy staff never do). So a connection carries at most this many requests: then it is
# closed after its answer, the client reconnects, and the worker that is idle accepts first.
# The same holds for a proxy's pooled upstream connections (docs/operations.md, "Serving").
keepalive_requests = int(os.environ.get("GUNICORN_KEEPALIVE_REQUESTS", "10"))


def pre_request(worker, req):
    if keepalive_requests and req.req_number >= keepalive_requests:
        req.force_close()  # answered with "Connection: close"


proc_name = "boligplan"
# No control socket (gunicornc): nothing listens in $HOME, and two instances never share one.
control_socket_disable = True

# TLS ends at the proxy in front; it tells us the original scheme, so Django's HTTPS redirect,
# secure cookies and HSTS see the request as it was. Trusted from these addresses only.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}

loglevel = os.environ.get("LOG_LEVEL", "info").lower()
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_personal_data": {"()": "boligplan.ops.logs.PersonalDataFilter"}},
    "formatters": {"json": {"()": "boligplan.ops.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["no_personal_data"],
            "formatter": "json",
            "stream": "ext://sys.stderr",
        },
    },
    "root": {"level": "WARNING", "handlers": ["console"]},
    "loggers": {
        "gunicorn.error": {"level": loglevel.upper(), "handlers": ["console"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
    },
}
