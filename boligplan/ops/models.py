from django.db import models


class JobRun(models.Model):
    """When a scheduled job (ops/jobs.py) last ran and how it went: one row per job name.

    `run_jobs` uses it to run only what is due, and `running_since` as a lock, so a second
    `run_jobs` started while the first is still busy leaves that job alone. Counts only.
    """

    name = models.CharField(max_length=60, primary_key=True)
    running_since = models.DateTimeField(null=True, blank=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    # The start of the last run that succeeded: what "due" is measured from.
    last_ok_started_at = models.DateTimeField(null=True, blank=True)
    last_status = models.CharField(max_length=10, blank=True, choices=[("ok", "ok"), ("failed", "failed")])
    last_counts = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"JobRun {self.name}"
