"""Django's `flush`, with the audit log's purge permit for the one transaction that empties it.

The append-only triggers (ADR 0007) refuse DELETE and TRUNCATE on the audit table. `flush`
removes ALL data by design, and Django's test runner calls it after every transactional test
(pytest-django's live_server and transactional_db), so it must be able to empty the audit table
too. Nothing else is allowed through: the web application never calls this command.
"""

from django.core.management.commands.flush import Command as DjangoFlushCommand

from boligplan.audit.guard import purge_permitted


class Command(DjangoFlushCommand):
    help = DjangoFlushCommand.help + " The audit log is emptied too."

    def handle(self, **options):
        if options["interactive"]:
            # Ask before taking the permit, so no transaction stays open while waiting for an answer.
            answer = input(
                "This removes ALL data, the audit log included, from the database. "
                "Type 'yes' to continue, or 'no' to cancel: "
            )
            if answer != "yes":
                self.stdout.write("Flush cancelled.")
                return
            options = {**options, "interactive": False}
        with purge_permitted(using=options["database"]):
            super().handle(**options)
