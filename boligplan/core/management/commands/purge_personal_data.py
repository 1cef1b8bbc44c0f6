from django.core.management.base import BaseCommand
from django.utils import timezone

from boligplan.core.purge import cutoff, purge_audit_log, purge_due


class Command(BaseCommand):
    help = "Anonymise stays that ended longer ago than the retention period (core/retention.py)."

    def handle(self, *args, **options):
        today = timezone.localdate()
        counts = purge_due(today=today)
        self.stdout.write(f"Stays that ended before {cutoff(today)}: {counts.pop('stays')} anonymised.")
        for name, count in counts.items():
            self.stdout.write(f"  {name}: {count}")
        # In its own transaction, after the personal data: on PostgreSQL only the owner may do it.
        audit_rows = purge_audit_log(now=timezone.now())
        if audit_rows is None:
            self.stdout.write("Audit log: kept whole (AUDIT_RETENTION_MONTHS is not set).")
        else:
            self.stdout.write(f"Audit log: {audit_rows} row(s) older than the retention period purged.")
