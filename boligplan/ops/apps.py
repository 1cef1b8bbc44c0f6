import logging

from django.apps import AppConfig
from django.db.models.signals import pre_migrate


class OpsConfig(AppConfig):
    """Running the service: backups and restores, structured logs, scheduled jobs (ops/jobs.py)."""

    name = "boligplan.ops"
    label = "ops"

    def ready(self):
        # Python warnings go through logging too, so they come out as scrubbed JSON lines like
        # everything else instead of raw text on stderr (Django no longer does this itself).
        logging.captureWarnings(True)
        # Listen to pre_migrate for every app, not only this one (the check is two catalogue
        # queries, and the first refusal stops migrate before any app's migrations run).
        pre_migrate.connect(_migrate_only_as_owner, dispatch_uid="boligplan-migrate-as-owner")


def _migrate_only_as_owner(sender, using="default", plan=None, **kwargs):
    # Before any migration runs: the application's role would fail half-way at the policies (it
    # cannot ALTER tables it does not own), and an owner without BYPASSRLS would let data
    # migrations see no rows under FORCE ROW LEVEL SECURITY and skip them without a word.
    from django.core.management.base import CommandError

    from .roles import owner_problem, role_facts

    problem = owner_problem(role_facts(using), job="migrate")
    if problem:
        raise CommandError(problem)
