"""Record the audit chain's head outside the database; run it on a schedule (ADR 0013).

It checks the rows added since the last recorded head (the recorded row still there, every new
row sealed and linked), then writes the new head to AUDIT_HEAD_FILE and to the log. Cheap enough
to run every few minutes; `verify_audit_chain` checks the whole chain.

`--reset` is for after a deliberate loss of rows (a restore from an older backup): it checks the
whole chain *without* the old head, logs the head it replaces, and records the current one.
"""

from django.core.management.base import BaseCommand, CommandError

from boligplan.audit.chain import chain_key
from boligplan.audit.integrity import (
    HeadFileError,
    head_path,
    logger,
    read_head,
    stop_unless_intact,
    verify_log,
    write_head,
)


class Command(BaseCommand):
    help = "Check the audit rows added since the recorded head, and record the new head."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Forget the recorded head (after a restore from an older backup) and record the current one.",
        )

    def handle(self, *args, reset: bool, **options):
        key = chain_key()
        path = head_path()
        if path is None:
            raise CommandError("AUDIT_HEAD_FILE is not set: there is nowhere to record the head.")
        if reset:
            try:
                old = read_head(path, key=key)
            except HeadFileError as exc:
                old = str(exc)
            logger.warning("audit chain head reset by an operator; the replaced head was: %s", old)
        verdict = verify_log(key=key, use_head=not reset, from_head=not reset)
        stop_unless_intact(verdict, stderr=self.stderr)
        end = verdict.end
        write_head(path, key=key, end=end)
        self.stdout.write(f"Audit head recorded: seq {end.seq}, {verdict.rows} new row(s) checked.")
