"""Structured logs without personal data: the JSON formatter and its filter."""

import io
import json
import logging
import sys
import uuid

import pytest
from django.test import RequestFactory

from boligplan.ops.logs import REDACTED, JsonFormatter, PersonalDataFilter, safe_path, scrub_text
from boligplan.residents.models import Resident

STAY_ID = "0b7c2b1e-3a4f-4c1d-9e2f-123456789abc"
NAME = "Kari Nordmo"


def _record(name="boligplan.test", level=logging.WARNING, msg="", args=(), exc_info=None, **extra):
    record = logging.LogRecord(name, level, __file__, 1, msg, args, exc_info)
    for key, value in extra.items():
        setattr(record, key, value)
    return record


def _line(record) -> dict:
    """What a handler configured like settings.LOGGING writes: filter, then formatter."""
    assert PersonalDataFilter().filter(record)
    text = JsonFormatter().format(record)
    assert "\n" not in text
    return json.loads(text)


def test_gunicorn_access_line_keeps_method_path_status_duration_and_nothing_else():
    atoms = {
        "h": "203.0.113.7",
        "u": "kari",
        "r": f"POST /opphold/{STAY_ID}/notater/?navn=Kari HTTP/1.1",
        "m": "POST",
        "U": f"/opphold/{STAY_ID}/notater/",
        "q": "navn=Kari",
        "s": "302",
        "D": 12345,
        "f": "https://boligplan.example/opphold/?sok=Kari+Nordmo",
        "a": "Mozilla/5.0 (Kari's laptop)",
        "{cookie}i": "sessionid=abc",
    }
    line = _line(_record("gunicorn.access", logging.INFO, "%(h)s %(r)s", (atoms,)))
    assert set(line) == {"time", "level", "logger", "pid", "message", "method", "path", "status", "duration_ms"}
    assert line["path"] == f"/opphold/{STAY_ID}/notater/"  # the UUID kept: it ties the line to the audit log
    assert (line["method"], line["status"], line["duration_ms"]) == ("POST", 302, 12.3)
    assert line["time"].endswith("Z") and line["level"] == "INFO" and line["logger"] == "gunicorn.access"
    text = json.dumps(line)
    for secret in ("203.0.113.7", "kari", "Kari", "navn=", "sessionid", "Mozilla"):
        assert secret not in text


def test_django_request_warning_has_path_without_query_and_no_body():
    request = RequestFactory().post(
        f"/opphold/{STAY_ID}/notater/?fnr=01019012345", {"text": f"Notat om {NAME}", "username": "kari"}
    )
    line = _line(
        _record("django.request", msg="Bad Request: %s", args=(request.path,), request=request, status_code=400)
    )
    assert line["path"] == f"/opphold/{STAY_ID}/notater/"
    assert (line["method"], line["status"]) == ("POST", 400)
    assert line["message"] == f"Bad Request: /opphold/{STAY_ID}/notater/"
    text = json.dumps(line, ensure_ascii=False)
    for secret in ("01019012345", "Kari", "Nordmo", "kari", "Notat"):
        assert secret not in text


def test_a_typed_path_with_a_name_is_not_logged_whole():
    request = RequestFactory().get("/beboere/Kari%20Nordmo/")
    line = _line(_record("django.request", msg="Not Found: %s", args=(request.path,), request=request, status_code=404))
    assert line["path"] == f"/beboere/{REDACTED}/"
    assert "Kari" not in json.dumps(line) and "Nordmo" not in json.dumps(line)


def test_exception_keeps_type_and_code_locations_but_not_its_message():
    try:
        raise ValueError(f"“{NAME}” is not a valid date")
    except ValueError:
        record = _record("django.request", logging.ERROR, "Internal Server Error: %s", ("/",), sys.exc_info())
    line = _line(record)
    assert line["error"]["type"] == "builtins.ValueError"
    assert any("test_ops_logs.py" in frame for frame in line["error"]["frames"])
    assert NAME not in json.dumps(line, ensure_ascii=False)
    assert set(line["error"]) <= {"type", "frames", "cause"}


def test_model_instances_in_arguments_become_ids():
    resident = Resident(display_name=NAME, birth_year=1990)
    line = _line(_record(msg="registered %s", args=(resident,)))
    assert line["message"] == f"registered <residents.resident:{resident.pk}>"


@pytest.mark.parametrize(
    "text, hidden",
    [
        ("mail from kari.nordmo@example.no failed", "kari.nordmo@example.no"),
        ("fnr 01019012345 found", "01019012345"),
        ("fnr 010190 12345 found", "010190 12345"),
        ("call 91234567 now", "91234567"),
        ("call +47 912 34 567 now", "912 34 567"),
        ("call 22 33 44 55 now", "22 33 44 55"),
        ("client 203.0.113.7 locked", "203.0.113.7"),
        ("client 2001:db8::7 locked", "2001:db8::7"),
        ('AXES: Repeated login failure by {username: "kari", path_info: "/logg-inn/"}', "kari"),
        ("login failed for username=kari", "kari"),
        ("value 'Kari Nordmo' is too long", "Kari Nordmo"),
        ("value “Kari Nordmo” is invalid", "Kari Nordmo"),
        ("GET https://boligplan.example/beboere/?sok=Kari done", "sok=Kari"),
        ("redirect to /opphold/?navn=Kari", "navn=Kari"),
    ],
)
def test_scrub_text_hides_what_looks_like_personal_data(text, hidden):
    scrubbed = scrub_text(text)
    assert hidden not in scrubbed
    assert scrubbed != text


@pytest.mark.parametrize(
    "text",
    [
        f"GET /opphold/{STAY_ID}/ took 12 ms",
        "Listening at: http://127.0.0.1:8000 (1234)",
        "Worker exiting (pid: 4242) at 12:30:45 on 2026-01-15",
        "Booting worker with pid: 31337",
    ],
)
def test_scrub_text_leaves_operational_text_alone(text):
    assert scrub_text(text) == text


def test_uuids_survive_scrubbing_whole():
    ids = [uuid.UUID(int=number * 10**26 + 33836844015) for number in range(50)] + [uuid.uuid4() for _ in range(200)]
    for value in ids:
        text = f"<residents.stay:{value}> /opphold/{value}/ {str(value).upper()}"
        assert scrub_text(text) == text


def test_safe_path():
    assert safe_path(f"/opphold/{STAY_ID}/?q=1#top") == f"/opphold/{STAY_ID}/"
    assert safe_path("/static/vendor/designsystemet/LICENSE") == "/static/vendor/designsystemet/LICENSE"
    assert safe_path("/beboere/12345678901/") == f"/beboere/{REDACTED}/"
    assert safe_path("/s%C3%B8k/") == f"/{REDACTED}/"


def test_the_configured_console_handler_writes_scrubbed_json():
    """settings.LOGGING puts the filter and the formatter on the handler every logger uses."""
    handlers = [h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonFormatter)]
    assert len(handlers) == 1 and logging.getLogger("django").handlers == []
    handler = handlers[0]
    assert any(isinstance(f, PersonalDataFilter) for f in handler.filters)
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        request = RequestFactory().get(f"/opphold/{uuid.uuid4()}/?navn=Kari")
        logging.getLogger("django.request").warning(
            "Not Found: %s", request.path, extra={"request": request, "status_code": 404}
        )
        logging.getLogger("boligplan.anything").error("user kari@example.no failed")
    finally:
        handler.setStream(previous)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [line["logger"] for line in lines] == ["django.request", "boligplan.anything"]
    assert lines[0]["status"] == 404 and "navn" not in stream.getvalue()
    assert "kari@example.no" not in stream.getvalue()
