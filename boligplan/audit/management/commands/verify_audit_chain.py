"""Check that the audit log is intact: every row's seal matches its content and points at the
row before it, the chain reaches the head recorded outside the database last time, and the
append-only guard is in place. Then record the new head.

Exits 0 when all is well; otherwise prints what is wrong and exits 1 (and records nothing).
"""

from django.core.management.base import BaseCommand

from boligplan.audit.chain import chain_key
from boligplan.audit.integrity import head_path, stop_unless_intact, verify_log, write_head


class Command(BaseCommand):
    help = "Verify the audit log's keyed chain against the recorded head, and its append-only guard."

    def handle(self, *args, **options):
        key = chain_key()
        verdict = verify_log(key=key)
        stop_unless_intact(verdict, stderr=self.stderr)
        path = head_path()
        if path is not None:
            write_head(path, key=key, end=verdict.end)
        self.stdout.write(
            f"Audit chain intact: {verdict.rows} row(s), newest seq {verdict.end.seq}, "
            f"last hash {verdict.end.row_hash}."
        )
