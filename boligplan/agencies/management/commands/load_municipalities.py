"""Load counties, municipalities, old municipality numbers and national services from data/."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from boligplan.agencies.reference import ReferenceDataError, load_current_models


class Command(BaseCommand):
    help = "Load the shipped municipality reference data and national services (safe to run again)."

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                report = load_current_models()
        except ReferenceDataError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{report.counties} counties, {report.municipalities} municipalities, {report.history} earlier numbers, "
            f"{report.national_agencies} national services: {report.created} created, {report.updated} updated, "
            f"{report.removed} removed."
        )
