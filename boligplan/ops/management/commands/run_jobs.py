"""Run every scheduled job that is due (ops/jobs.py). Start it every 5 minutes: one timer for all.

    manage.py run_jobs                 run what is due
    manage.py run_jobs --list          the jobs, their schedules, last runs; runs nothing
    manage.py run_jobs --force NAME    run NAME now, due or not (still idempotent)

Exits 1 when a job failed, so the timer's unit shows the failure; every job writes its own JSON
line to the log either way.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from boligplan.ops.jobs import JOBS, job_named, run_due, run_job
from boligplan.ops.models import JobRun


class Command(BaseCommand):
    help = "Run the scheduled jobs that are due (retention purge, audit chain checks, morning digest, ...)."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--list", action="store_true", help="List the jobs and their last runs; run nothing.")
        group.add_argument("--force", metavar="NAME", help="Run this job now, whether it is due or not.")

    def handle(self, *args, list: bool, force: str | None, **options):
        if list:
            self._list()
            return
        if force:
            try:
                job = job_named(force)
            except KeyError:
                names = ", ".join(job.name for job in JOBS)
                raise CommandError(f"No job called {force!r}. The jobs: {names}.") from None
            outcomes = [run_job(job, force=True)]
        else:
            outcomes = run_due()
        for outcome in outcomes:
            if outcome.status in ("ok", "failed"):
                self.stdout.write(f"{outcome.name}: {outcome.status} ({outcome.duration_ms} ms) {outcome.counts}")
            elif options["verbosity"] > 1:
                self.stdout.write(f"{outcome.name}: {outcome.status.replace('_', ' ')}")
        failed = [outcome.name for outcome in outcomes if outcome.status == "failed"]
        if failed:
            raise CommandError(f"Failed: {', '.join(failed)} (see the log).")

    def _list(self):
        runs = {run.name: run for run in JobRun.objects.all()}
        for job in JOBS:
            run = runs.get(job.name)
            last = "never run"
            if run and run.last_status:
                when = timezone.localtime(run.last_finished_at)
                last = f"last {run.last_status} at {when:%Y-%m-%d %H:%M}"
            self.stdout.write(f"{job.name:<22} {job.schedule!s:<18} {last:<32} {job.description}")
