"""Structured logs without personal data: one JSON object per line.

`PersonalDataFilter` works out, for every record, the fields that may be written: the message
scrubbed of anything that looks like personal data, request details reduced to method, path
(query string dropped, UUIDs kept), status and duration, and of an exception only its type and
the code locations of its traceback (exception messages often quote the values that failed, such
as a name typed into a form or a database key). `JsonFormatter` writes those fields and nothing
else; it runs the filter itself when a configuration forgot to, so its output is always scrubbed.

A scheduled job's line (ops/jobs.py) adds its name, status, duration and counts: numbers only.

Never logged: request or response bodies, query strings, headers, cookies, usernames, client
addresses, referrers, user agents, exception messages, local variables.

Used by Django's LOGGING (config/settings/base.py) and by gunicorn (config/gunicorn.py). Only
the standard library is imported here: logging is configured before Django loads its apps.
"""

import datetime
import json
import logging
import re
import traceback
from collections.abc import Mapping
from urllib.parse import unquote, urlsplit

REDACTED = "[fjernet]"
MAX_MESSAGE_LENGTH = 500
MAX_FRAMES = 15

_UUID = re.compile(r"^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
# The words of our own URLs: lower-case ASCII, digits, dot, dash and underscore.
_PLAIN_SEGMENT = re.compile(r"^[a-z0-9._-]{1,64}$")
_STATIC_SEGMENT = re.compile(r"^[A-Za-z0-9._-]{1,128}$")
_LONG_NUMBER = re.compile(r"\d{5,}")
STATIC_PREFIX = "/static/"

# Key/value pairs whose key names a person's data: `username: "kari"`, `email=x@y.no`, ...
_SENSITIVE_KEYS = (
    r"user(?:_?name)?|login|e-?mail|e-?post|navn|name|display_name|first_name|last_name|full_name|"
    r"phone|telefon|mobil|address|adresse|fnr|fødselsnummer|personnummer|birth\w*|password|passord|"
    r"token|secret|otp|code|kode|text|tekst|notat|note|ip|ip_address|client_ip|remote_addr|user_agent|"
    r"cookie|session\w*|authorization"
)
_KEY_VALUE = re.compile(
    r"(?i)(?P<key>\b(?:" + _SENSITIVE_KEYS + r")\b['\"]?\s*[:=]\s*)"
    r"(?P<value>\"[^\"]*\"|'[^']*'|[^\s,;)}\]]+)"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Norwegian national identity numbers and D-numbers (11 digits, optionally 6 + 5).
# Bounded by anything but letters, digits and dashes, so the digits inside a UUID never match.
_NATIONAL_ID = re.compile(r"(?<![\w-])\d{6}[ ]?\d{5}(?![\w-])")
# Norwegian phone numbers: 8 digits, as written (12345678, 123 45 678, 12 34 56 78), +47 optional.
_PHONE = re.compile(r"(?<![\w-])(?:(?:\+|00)47[ ]?)?(?:\d{8}|\d{3} \d{2} \d{3}|\d{2} \d{2} \d{2} \d{2})(?![\w-])")
_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
# IPv6: eight groups, or a shortened form with "::" (times such as 12:30:45 are neither).
_IPV6 = re.compile(
    r"(?<![\w:])(?:(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}"
    r"|(?:[0-9a-fA-F]{1,4}:){0,6}[0-9a-fA-F]{0,4}::(?:[0-9a-fA-F]{1,4}:){0,6}[0-9a-fA-F]{0,4})(?![\w:])"
)
_LOOPBACK = re.compile(r"^(?:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|0\.0\.0\.0|::1?)$")
# Quoted values: Django and libraries quote what the user gave ('...', "...", “...”, «...»).
_QUOTED = re.compile(r"(?<![A-Za-z])'[^'\n]{0,300}'|\"[^\"\n]{0,300}\"|“[^”\n]{0,300}”|«[^»\n]{0,300}»")
_URL = re.compile(r"\bhttps?://[^\s\"'<>]+")
_PATH = re.compile(r"(?<![\w/.:~-])/[^\s\"'<>]*")
_REQUEST_LINE = re.compile(r"^(?P<method>[A-Z]{3,10}) (?P<target>\S+) HTTP/[\d.]+$")


def safe_path(path: str) -> str:
    """The path without query string or fragment; any segment that is not a UUID or a plain
    lower-case word (as in our own URLs) is replaced, as is any long run of digits."""
    if not path:
        return ""
    path = path.split("?", 1)[0].split("#", 1)[0]
    is_static = path.startswith(STATIC_PREFIX)
    kept = []
    for raw in path.split("/"):
        segment = unquote(raw)
        if not segment or _UUID.match(segment):
            kept.append(segment)
        elif is_static and _STATIC_SEGMENT.match(segment):
            kept.append(segment)
        elif _PLAIN_SEGMENT.match(segment) and not _LONG_NUMBER.search(segment):
            kept.append(segment)
        else:
            kept.append(REDACTED)
    return "/".join(kept)


def _safe_url(match: re.Match) -> str:
    parts = urlsplit(match.group(0))
    host = parts.hostname or ""
    if _IPV4.fullmatch(host) and not _LOOPBACK.match(host):
        host = REDACTED
    netloc = host + (f":{parts.port}" if parts.port else "")
    return f"{parts.scheme}://{netloc}{safe_path(parts.path)}"


def _safe_ip(match: re.Match) -> str:
    return match.group(0) if _LOOPBACK.match(match.group(0)) else REDACTED


def scrub_text(text: str) -> str:
    """Replace whatever looks like personal data in free text with a marker."""
    text = _URL.sub(_safe_url, text)
    text = _PATH.sub(lambda m: safe_path(m.group(0)), text)
    text = _KEY_VALUE.sub(lambda m: m.group("key") + REDACTED, text)
    text = _EMAIL.sub(REDACTED, text)
    text = _QUOTED.sub(REDACTED, text)
    text = _IPV4.sub(_safe_ip, text)
    text = _IPV6.sub(_safe_ip, text)
    text = _NATIONAL_ID.sub(REDACTED, text)
    text = _PHONE.sub(REDACTED, text)
    if len(text) > MAX_MESSAGE_LENGTH:
        text = text[:MAX_MESSAGE_LENGTH] + "…"
    return text


def _safe_arg(value):
    """Log arguments that are model instances or requests become ids and paths, never their str();
    a string argument that is a path (Django's "Not Found: %s") is made safe whole, spaces and all."""
    if isinstance(value, str) and value.startswith("/"):
        return safe_path(value)
    meta = getattr(value, "_meta", None)
    if meta is not None and hasattr(value, "pk"):
        return f"<{getattr(meta, 'label_lower', 'object')}:{value.pk}>"
    if hasattr(value, "path") and hasattr(value, "method") and hasattr(value, "META"):
        return safe_path(value.path)
    return value


def _message(record: logging.LogRecord) -> str:
    args = record.args
    try:
        if isinstance(args, Mapping):
            message = str(record.msg) % {key: _safe_arg(value) for key, value in args.items()}
        elif args:
            message = str(record.msg) % tuple(_safe_arg(value) for value in args)
        else:
            message = str(record.msg)
    except Exception:  # noqa: BLE001 - a malformed record must still be logged, without its args
        message = str(record.msg)
    return scrub_text(message)


def _error(exc_info) -> dict:
    exc_type, exc, tb = exc_info
    frames = [f"{frame.filename}:{frame.lineno} in {frame.name}" for frame in traceback.extract_tb(tb)]
    error = {"type": f"{exc_type.__module__}.{exc_type.__qualname__}", "frames": frames[-MAX_FRAMES:]}
    cause = (exc.__cause__ or exc.__context__) if exc is not None else None
    if cause is not None:
        error["cause"] = f"{type(cause).__module__}.{type(cause).__qualname__}"
    return error


def _duration_ms(value) -> float | None:
    try:
        return round(int(value) / 1000, 1)  # gunicorn's %(D)s: microseconds
    except (TypeError, ValueError):
        return None


def _status(value) -> int | None:
    try:
        return int(str(value).split()[0])
    except (TypeError, ValueError, IndexError):
        return None


_JOB_NAME = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
_COUNT_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_.]{0,60}$")
_JOB_STATUSES = {"ok", "failed"}


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def job_fields(job: Mapping) -> dict:
    """The fields of a scheduled job's line (ops/jobs.py): its name, status, duration, a short
    reason, and counts (names of things, numbers). Anything else, or of another shape, is dropped."""
    fields: dict = {}
    name = str(job.get("job", ""))
    fields["job"] = name if _JOB_NAME.match(name) else REDACTED
    status = str(job.get("status", ""))
    fields["status"] = status if status in _JOB_STATUSES else REDACTED
    if _number(job.get("duration_ms")):
        fields["duration_ms"] = job["duration_ms"]
    counts = job.get("counts")
    if isinstance(counts, Mapping):
        fields["counts"] = {
            str(key): value for key, value in counts.items() if _COUNT_KEY.match(str(key)) and _number(value)
        }
    if job.get("reason"):
        fields["reason"] = scrub_text(str(job["reason"]))[:120]
    return fields


def structured_fields(record: logging.LogRecord) -> dict:
    """What may be written about this record, and nothing else."""
    fields: dict = {}
    if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
        atoms = record.args  # gunicorn's access atoms: take only these four
        fields["message"] = "request"
        fields["method"] = str(atoms.get("m", ""))[:10]
        fields["path"] = safe_path(str(atoms.get("U", "")))
        fields["status"] = _status(atoms.get("s"))
        fields["duration_ms"] = _duration_ms(atoms.get("D"))
        return fields
    if record.name == "django.server" and isinstance(record.args, tuple) and record.args:
        # runserver: '"GET /path?query HTTP/1.1" 200 1234'
        match = _REQUEST_LINE.match(str(record.args[0]))
        if match:
            fields["message"] = "request"
            fields["method"] = match.group("method")
            fields["path"] = safe_path(match.group("target"))
            fields["status"] = _status(getattr(record, "status_code", None))
            return fields
    fields["message"] = _message(record)
    job = getattr(record, "job_fields", None)
    if isinstance(job, Mapping):
        fields.update(job_fields(job))
    request = getattr(record, "request", None)
    if request is not None and hasattr(request, "path") and hasattr(request, "method"):
        fields["method"] = str(request.method)[:10]
        fields["path"] = safe_path(request.path)
    status = getattr(record, "status_code", None)
    if status is not None:
        fields["status"] = _status(status)
    return fields


class PersonalDataFilter(logging.Filter):
    """Work out the fields of a record that cannot carry personal data (see the module docstring)
    and attach them as `record.boligplan_fields`; JsonFormatter writes those and nothing else.

    The record's own message, arguments and exception are left as they were for other handlers
    (pytest's caplog, say). Every handler in settings.LOGGING and config/gunicorn.py carries
    this filter and formatter: a new handler must too.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "boligplan_fields", None) is not None:
            return True
        try:
            fields = structured_fields(record)
            if record.exc_info and record.exc_info[0] is not None:
                fields["error"] = _error(record.exc_info)
        except Exception:  # noqa: BLE001 - never lose the line; keep only where it came from
            fields = {"message": "(log record could not be made safe)"}
        record.boligplan_fields = fields
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and request fields when present."""

    def format(self, record: logging.LogRecord) -> str:
        PersonalDataFilter().filter(record)  # a no-op when the filter already ran
        line = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "pid": record.process,
        }
        line.update({key: value for key, value in record.boligplan_fields.items() if value not in (None, "")})
        return json.dumps(line, ensure_ascii=False, separators=(",", ":"), default=str)
