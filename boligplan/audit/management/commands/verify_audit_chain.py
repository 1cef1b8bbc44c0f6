"""Check that the audit log is intact: every row's hash matches its content and points at the
row before it, and the append-only triggers are in place.

Exits 0 when all is well; otherwise prints the first broken row and exits 1.
"""

from django.core.management.base import BaseCommand, CommandError

from boligplan.audit.chain import CHAIN_COLUMNS, GENESIS, verify_rows
from boligplan.audit.guard import missing_triggers
from boligplan.audit.models import AuditEvent


class Command(BaseCommand):
    help = "Verify the audit log's hash chain and its append-only triggers."

    def add_arguments(self, parser):
        parser.add_argument(
            "--start",
            default=GENESIS,
            help="The prev_hash the oldest row must carry (after a retention purge: the recorded anchor). "
            "Default: the genesis hash.",
        )

    def handle(self, *args, start: str, **options):
        rows = AuditEvent.objects.order_by("pk").values_list(*CHAIN_COLUMNS).iterator(chunk_size=5000)
        try:
            report = verify_rows(rows, start=start)
        finally:
            rows.close()  # release the cursor now if verification stopped early
        if not report.ok:
            broken = report.first_break
            raise CommandError(
                f"Audit chain broken at row id={broken.row_id}: {broken.problem}. "
                f"{report.rows - 1} row(s) before it verified."
            )
        missing = missing_triggers()
        if missing:
            raise CommandError(f"Audit chain intact, but the append-only guard is missing: {', '.join(missing)}.")
        self.stdout.write(f"Audit chain intact: {report.rows} row(s), last hash {report.last_hash}.")
