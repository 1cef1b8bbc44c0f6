from django.core.management.base import BaseCommand
from django.utils import timezone

from boligplan.core.purge import cutoff, purge_due


class Command(BaseCommand):
    help = "Anonymise stays that ended longer ago than the retention period (core/retention.py)."

    def handle(self, *args, **options):
        today = timezone.localdate()
        counts = purge_due(today=today)
        self.stdout.write(f"Stays that ended before {cutoff(today)}: {counts.pop('stays')} anonymised.")
        for name, count in counts.items():
            self.stdout.write(f"  {name}: {count}")
