"""Scheduled jobs (ops/jobs.py, manage.py run_jobs): what is due runs, once; each run writes
exactly one JSON line with counts and nothing personal; a failure is logged and retried."""

import datetime
import io
import json
import logging
import zoneinfo

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from boligplan.ops import jobs
from boligplan.ops.jobs import DailyAt, Every, Job, run_due, run_job
from boligplan.ops.logs import JsonFormatter
from boligplan.ops.models import JobRun

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
CALLS: list = []


def counting_job(now=None):
    CALLS.append(now)
    return {"things": 3, "name_ignored": "Tone Hansen"}


def failing_job(now=None):
    raise ValueError("could not anonymise Tone Hansen, born 01.02.1990, at Storgata 12")


def refusing_job(now=None):
    raise jobs.JobFailed("audit log not intact", {"problems": 2})


@pytest.fixture(autouse=True)
def _clear_calls():
    CALLS.clear()


def _lines(caplog) -> list[dict]:
    """The job lines as the production formatter writes them."""
    formatter = JsonFormatter()
    return [json.loads(formatter.format(record)) for record in caplog.records if record.name == "boligplan.jobs"]


def at(hour, minute=0, day=2):
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=OSLO)


# --- Schedules -------------------------------------------------------------------------------------


def test_every_is_due_after_its_interval_with_a_minute_of_slack():
    every = Every(minutes=5)
    assert every.is_due(None, at(10))
    assert not every.is_due(at(10), at(10, 3))
    assert every.is_due(at(10), at(10, 4) + datetime.timedelta(seconds=30))  # the timer ran a little early


def test_daily_is_due_once_from_its_time_and_catches_up_later_that_day():
    daily = DailyAt(6)
    assert not daily.is_due(None, at(5, 59))
    assert daily.is_due(None, at(6))
    assert daily.is_due(at(6, 0, day=1), at(14))  # yesterday's run; the machine was off at six
    assert not daily.is_due(at(6, 5), at(14))


def test_a_daily_hour_can_come_from_a_setting(settings):
    settings.MORNING_DIGEST_HOUR = 7
    assert not DailyAt("MORNING_DIGEST_HOUR").is_due(None, at(6, 30))
    assert str(DailyAt("MORNING_DIGEST_HOUR")) == "daily at 07:00"


# --- Running -----------------------------------------------------------------------------------------

COUNTING = Job("counting", Every(hours=1), "tests.ops.test_jobs.counting_job")


def test_a_due_job_runs_once_and_the_second_run_does_nothing(db, caplog):
    caplog.set_level(logging.INFO, logger="boligplan.jobs")
    first = run_due(now=at(10), jobs=[COUNTING])
    second = run_due(now=at(10, 5), jobs=[COUNTING])

    assert [o.status for o in first] == ["ok"] and [o.status for o in second] == ["not_due"]
    assert len(CALLS) == 1
    run = JobRun.objects.get(name="counting")
    assert run.last_status == "ok" and run.last_counts == {"things": 3} and run.running_since is None
    # Exactly one line, for the run that ran.
    [line] = _lines(caplog)
    assert line["job"] == "counting" and line["status"] == "ok" and line["counts"] == {"things": 3}
    assert line["level"] == "INFO" and isinstance(line["duration_ms"], float)
    assert "Tone" not in json.dumps(line)
    assert run_due(now=at(11, 1), jobs=[COUNTING])[0].status == "ok"


def test_a_failing_job_logs_its_type_only_and_is_tried_again(db, caplog):
    caplog.set_level(logging.INFO, logger="boligplan.jobs")
    failing = Job("failing", Every(hours=24), "tests.ops.test_jobs.failing_job")

    [outcome] = run_due(now=at(10), jobs=[failing])

    assert outcome.status == "failed"
    [line] = _lines(caplog)
    assert line["status"] == "failed" and line["level"] == "ERROR"
    assert line["error"]["type"] == "builtins.ValueError"
    text = json.dumps(line)
    assert "Tone" not in text and "Storgata" not in text and "1990" not in text
    # Not recorded as done: the next start tries again.
    assert run_due(now=at(10, 5), jobs=[failing])[0].status == "failed"


def test_a_job_that_finds_a_problem_reports_its_counts(db, caplog):
    caplog.set_level(logging.INFO, logger="boligplan.jobs")
    [outcome] = run_due(now=at(10), jobs=[Job("refusing", Every(minutes=5), "tests.ops.test_jobs.refusing_job")])
    assert outcome.status == "failed"
    [line] = _lines(caplog)
    assert line["counts"] == {"problems": 2} and line["reason"] == "audit log not intact"


def test_a_job_another_run_holds_is_left_alone(db):
    JobRun.objects.create(name="counting", running_since=at(9, 58))
    assert run_job(COUNTING, now=at(10)).status == "busy"
    assert CALLS == []
    # A claim left by a killed run expires.
    assert run_job(COUNTING, now=at(13)).status == "ok"


def test_force_runs_a_job_that_is_not_due(db):
    run_job(COUNTING, now=at(10))
    assert run_job(COUNTING, now=at(10, 1)).status == "not_due"
    assert run_job(COUNTING, now=at(10, 1), force=True).status == "ok"
    assert len(CALLS) == 2


# --- The real jobs -------------------------------------------------------------------------------------


@pytest.fixture
def head_file(settings, tmp_path):
    settings.AUDIT_HEAD_FILE = str(tmp_path / "audit-head.json")
    return tmp_path / "audit-head.json"


def test_every_job_runs_when_due_then_none_until_the_next_time(head_file, stay, caplog, monkeypatch):
    caplog.set_level(logging.INFO, logger="boligplan.jobs")
    now = timezone.now().astimezone(OSLO).replace(hour=8, minute=0)

    first = {o.name: o for o in run_due(now=now)}
    second = {o.name: o for o in run_due(now=now + datetime.timedelta(minutes=2))}

    assert {name: o.status for name, o in first.items()} == {job.name: "ok" for job in jobs.JOBS}
    assert {o.status for o in second.values()} == {"not_due"}
    assert first["audit_checkpoint"].counts["rows_checked"] >= 1 and head_file.exists()
    assert first["retention_purge"].counts["stays"] == 0
    assert first["morning_digest"].counts["recipients"] == 0
    lines = _lines(caplog)
    assert sorted(line["job"] for line in lines) == sorted(job.name for job in jobs.JOBS)
    # Five minutes on, only the checkpoint is due again, and it checks only the rows since.
    later = {o.name: o for o in run_due(now=now + datetime.timedelta(minutes=5))}
    assert [name for name, o in later.items() if o.status == "ok"] == ["audit_checkpoint"]


def test_the_purge_job_is_idempotent(head_file, make_stay, kari, today):
    from boligplan.residents import services as resident_services

    old = make_stay(display_name="Gunn Gått", days_ago=1000)
    resident_services.stay_depart(
        actor=kari,
        stay=old,
        departure_date=today - datetime.timedelta(days=900),
        destination="familie_venner",
        permanence="midlertidig",
    )
    job = jobs.job_named("retention_purge")
    assert run_job(job, force=True).counts["stays"] == 1
    assert run_job(job, force=True).counts["stays"] == 0


def test_the_audit_jobs_fail_loudly_on_a_broken_chain(head_file, stay, caplog):
    from boligplan.audit.models import AuditEvent

    caplog.set_level(logging.INFO, logger="boligplan.jobs")
    assert run_job(jobs.job_named("verify_audit_chain"), force=True).status == "ok"
    # Someone past the guard cuts off the newest row: the recorded head no longer matches.
    from boligplan.audit.guard import purge_permitted

    newest = AuditEvent.objects.order_by("-seq").first()
    with purge_permitted():
        AuditEvent.objects.filter(seq=newest.seq).delete()
    outcome = run_job(jobs.job_named("verify_audit_chain"), force=True)
    assert outcome.status == "failed" and outcome.counts["problems"] >= 1


def test_the_audit_checkpoint_needs_its_head_file(db, settings):
    settings.AUDIT_HEAD_FILE = ""
    outcome = run_job(jobs.job_named("audit_checkpoint"), force=True)
    assert outcome.status == "failed"


# --- The command -----------------------------------------------------------------------------------------


def test_run_jobs_lists_the_jobs(db):
    out = io.StringIO()
    call_command("run_jobs", "--list", stdout=out)
    text = out.getvalue()
    for job in jobs.JOBS:
        assert job.name in text
    assert "never run" in text


def test_run_jobs_force_unknown_names_the_jobs(db):
    with pytest.raises(CommandError, match="retention_purge"):
        call_command("run_jobs", "--force", "nothing_like_it")


def test_run_jobs_exits_non_zero_when_a_job_failed(db, settings):
    settings.AUDIT_HEAD_FILE = ""
    with pytest.raises(CommandError, match="audit_checkpoint"):
        call_command("run_jobs", "--force", "audit_checkpoint", stdout=io.StringIO())


def test_send_morning_digest_command_is_the_job(db, caplog):
    caplog.set_level(logging.INFO, logger="boligplan.jobs")
    out = io.StringIO()
    call_command("send_morning_digest", stdout=out)
    assert "morning_digest: ok" in out.getvalue()
    [line] = _lines(caplog)
    assert line["job"] == "morning_digest"


def test_the_log_keeps_only_numbers_under_counts():
    from boligplan.ops.logs import job_fields

    fields = job_fields(
        {
            "job": "x",
            "status": "ok",
            "counts": {"sent": 2, "who": "Tone Hansen", "Tone Hansen": 1, "ok": True},
            "extra": "Tone",
        }
    )
    assert fields == {"job": "x", "status": "ok", "counts": {"sent": 2}}


def test_operations_docs_name_every_job_and_its_schedule():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "operations.md").read_text()
    section = text.split("## Scheduled jobs", 1)[1].split("\n## ", 1)[0]
    for job in jobs.JOBS:
        assert f"`{job.name}`" in section, f"docs/operations.md, 'Scheduled jobs', does not list {job.name}"
        assert f"run_jobs --force {job.name}" in section, f"no command line for {job.name}"
    assert "OnCalendar=*:0/5" in section and "manage.py run_jobs" in section
