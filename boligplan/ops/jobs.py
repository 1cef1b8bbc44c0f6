"""Scheduled jobs: what runs on its own, how often, and one timer for all of them (ADR 0022).

`manage.py run_jobs` runs every job in JOBS that is due, so a single systemd timer (or cron line)
every 5 minutes is enough (docs/operations.md, "Scheduled jobs"). Each job is a function
`job(now=None) -> dict` of counts, idempotent on its own: run twice, the second run finds
nothing left to do. The JobRun table (ops/models.py) records when each job last succeeded, so
`run_jobs` runs a daily job once a day however often it is started, and a job that failed is
tried again at the next start. A job already running (a long purge, two timers) is left alone.

Every run writes exactly one JSON line to the logger `boligplan.jobs`: the job's name, ok or
failed, its duration and its counts. Numbers only, never a name, an address or an exception's
message (ops/logs.py keeps only those fields).

Adding a job is one line in JOBS: a name, a schedule and the dotted path of its function.
"""

import datetime
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import JobRun

logger = logging.getLogger("boligplan.jobs")

# Timers drift by seconds: a job due every 5 minutes, run by a timer every 5 minutes, must not
# skip every other start because the last run began a second late.
SLACK = datetime.timedelta(minutes=1)
# A run that has claimed a job this long ago without finishing (the process was killed) no
# longer holds it.
STALE_AFTER = datetime.timedelta(hours=3)


@dataclass(frozen=True)
class Every:
    """Due when the last successful run started at least this long ago."""

    minutes: int = 0
    hours: int = 0

    @property
    def interval(self) -> datetime.timedelta:
        return datetime.timedelta(minutes=self.minutes, hours=self.hours)

    def is_due(self, last_ok: datetime.datetime | None, now: datetime.datetime) -> bool:
        return last_ok is None or now - last_ok >= self.interval - SLACK

    def __str__(self) -> str:
        return f"every {self.hours}h{self.minutes:02d}m" if self.hours else f"every {self.minutes} min"


@dataclass(frozen=True)
class DailyAt:
    """Due once a day, from this local time on (a run missed at that time happens at the next start).

    `hour` is a number or the name of a setting that holds one.
    """

    hour: int | str
    minute: int = 0

    def _hour(self) -> int:
        return int(getattr(settings, self.hour)) if isinstance(self.hour, str) else self.hour

    def is_due(self, last_ok: datetime.datetime | None, now: datetime.datetime) -> bool:
        local = timezone.localtime(now)
        slot = local.replace(hour=self._hour(), minute=self.minute, second=0, microsecond=0)
        return local >= slot and (last_ok is None or last_ok < slot)

    def __str__(self) -> str:
        return f"daily at {self._hour():02d}:{self.minute:02d}"


@dataclass(frozen=True)
class Job:
    name: str
    schedule: Every | DailyAt
    function: str  # dotted path of `function(now=None) -> dict[str, int]`
    description: str = ""

    def call(self, now: datetime.datetime) -> dict:
        return import_string(self.function)(now=now) or {}


# --- The jobs that wrap the project's maintenance functions -------------------------------------


class JobFailed(Exception):
    """The job ran and found something wrong (its counts are in `counts`)."""

    def __init__(self, reason: str, counts: dict | None = None):
        super().__init__(reason)
        self.counts = counts or {}


def retention_purge(now: datetime.datetime | None = None) -> dict:
    """Anonymise the stays past retention, then (AUDIT_RETENTION_MONTHS set) the old audit rows.
    The same as `manage.py purge_personal_data`; a second run finds nothing due."""
    from boligplan.core.purge import purge_audit_log, purge_due

    now = now or timezone.now()
    counts = purge_due(today=timezone.localdate(now))
    audit_rows = purge_audit_log(now=now)
    counts["audit_rows"] = audit_rows if audit_rows is not None else 0
    return counts


def _check_audit_chain(*, from_head: bool) -> dict:
    from boligplan.audit.chain import chain_key
    from boligplan.audit.integrity import head_path, verify_log, write_head
    from boligplan.audit.integrity import logger as audit_logger

    path = head_path()
    if path is None:
        raise JobFailed("AUDIT_HEAD_FILE is not set")
    key = chain_key()
    verdict = verify_log(key=key, from_head=from_head)
    counts = {"rows_checked": verdict.rows, "problems": len(verdict.problems), "newest_seq": verdict.end.seq}
    if not verdict.ok:
        for problem in verdict.problems:  # seq numbers and hashes, never a person
            audit_logger.error("audit log check failed: %s", problem)
        raise JobFailed("audit log not intact", counts)
    write_head(path, key=key, end=verdict.end)
    return counts


def audit_checkpoint(now: datetime.datetime | None = None) -> dict:
    """Check the audit rows added since the recorded head and record the new head
    (`manage.py audit_checkpoint`)."""
    return _check_audit_chain(from_head=True)


def verify_audit_chain(now: datetime.datetime | None = None) -> dict:
    """Check the whole audit chain against the recorded head (`manage.py verify_audit_chain`)."""
    return _check_audit_chain(from_head=False)


JOBS: tuple[Job, ...] = (
    Job("audit_checkpoint", Every(minutes=5), "boligplan.ops.jobs.audit_checkpoint", "audit chain: new rows, head"),
    Job("verify_audit_chain", DailyAt(3, 30), "boligplan.ops.jobs.verify_audit_chain", "audit chain: all rows"),
    Job("retention_purge", DailyAt(2, 0), "boligplan.ops.jobs.retention_purge", "anonymise stays past retention"),
    Job(
        "morning_digest",
        DailyAt("MORNING_DIGEST_HOUR"),
        "boligplan.mail.digest.send_morning_digest",
        "e-mail staff their counts",
    ),
    Job("expire_invitations", Every(hours=1), "boligplan.staff.jobs.expire_invitations", "end links past 72 hours"),
)


def job_named(name: str, jobs=None) -> Job:
    for job in jobs if jobs is not None else JOBS:
        if job.name == name:
            return job
    raise KeyError(name)


# --- Running them ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    name: str
    status: str  # "ok", "failed", "not_due", "busy"
    counts: dict
    duration_ms: float = 0.0


def _claim(name: str, now: datetime.datetime) -> bool:
    """Take the job for this run; False when another run holds it (one UPDATE decides)."""
    JobRun.objects.get_or_create(name=name)
    free = Q(running_since__isnull=True) | Q(running_since__lt=now - STALE_AFTER)
    return JobRun.objects.filter(free, name=name).update(running_since=now, last_started_at=now) == 1


def is_due(job: Job, now: datetime.datetime) -> bool:
    last_ok = JobRun.objects.filter(name=job.name).values_list("last_ok_started_at", flat=True).first()
    return job.schedule.is_due(last_ok, now)


def run_job(job: Job, *, now: datetime.datetime | None = None, force: bool = False) -> Outcome:
    """Run `job` if it is due (or `force`), record the run and log its one line."""
    now = now or timezone.now()
    if not force and not is_due(job, now):
        return Outcome(job.name, "not_due", {})
    if not _claim(job.name, now):
        return Outcome(job.name, "busy", {})
    started = time.monotonic()
    exc_info, reason = None, ""
    try:
        counts, status = job.call(now), "ok"
    except JobFailed as failure:
        counts, status, reason = failure.counts, "failed", str(failure)
    except Exception as error:  # noqa: BLE001 - any failure is recorded and logged, then the next job runs
        # The log keeps the exception's type and code locations, never its message (ops/logs.py).
        counts, status, exc_info = {}, "failed", (type(error), error, error.__traceback__)
    duration_ms = round((time.monotonic() - started) * 1000, 1)
    counts = {key: value for key, value in counts.items() if isinstance(value, int | float)}
    changes = {"running_since": None, "last_finished_at": timezone.now(), "last_status": status, "last_counts": counts}
    if status == "ok":
        changes["last_ok_started_at"] = now
    JobRun.objects.filter(name=job.name).update(**changes)
    line = {"job": job.name, "status": status, "duration_ms": duration_ms, "counts": counts, "reason": reason}
    if status == "ok":
        logger.info("job finished", extra={"job_fields": line})
    else:
        logger.error("job failed", extra={"job_fields": line}, exc_info=exc_info)
    return Outcome(job.name, status, counts, duration_ms)


def run_due(*, now: datetime.datetime | None = None, jobs=None) -> list[Outcome]:
    """Run every due job, one after the other, in the order of JOBS."""
    now = now or timezone.now()
    return [run_job(job, now=now) for job in (jobs if jobs is not None else JOBS)]
