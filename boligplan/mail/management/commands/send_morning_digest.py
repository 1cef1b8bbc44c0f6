"""Send the morning digest now (mail/digest.py), as `run_jobs --force morning_digest` does.

Safe to run again: nobody gets two in one day. Writes the job's JSON line to the log.
"""

from django.core.management.base import BaseCommand, CommandError

from boligplan.ops.jobs import job_named, run_job


class Command(BaseCommand):
    help = "E-mail each opted-in staff member the counts of their tasks due today and overdue (once a day)."

    def handle(self, *args, **options):
        outcome = run_job(job_named("morning_digest"), force=True)
        self.stdout.write(f"morning_digest: {outcome.status} {outcome.counts}")
        if outcome.status == "failed":
            raise CommandError("The morning digest failed (see the log).")
