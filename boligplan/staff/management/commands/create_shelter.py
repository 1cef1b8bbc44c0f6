"""manage.py create_shelter "Name" [--leader-email … --leader-name …]: scripted set-up.

Without a leader the shelter is created alone (add staff with add_staff); with one, the leader
gets an invitation by e-mail as from the operator's web page. Audited with no actor (the command
line), like every write.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from boligplan.audit.services import audit_record
from boligplan.core.models import Shelter
from boligplan.staff import services


class Command(BaseCommand):
    help = "Create a shelter, optionally with its first leader (invited by e-mail)."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--leader-email", default="")
        parser.add_argument("--leader-name", default="")
        parser.add_argument("--site-url", default="", help="The address the invitation link starts with.")

    def handle(self, *args, name, leader_email, leader_name, site_url, **options):
        name = " ".join(name.split())
        if len(name) < 3:
            raise CommandError("The shelter needs a name of at least 3 characters.")
        if bool(leader_email) != bool(leader_name):
            raise CommandError("Give both --leader-email and --leader-name, or neither.")
        try:
            if leader_email:
                base_url = site_url or getattr(settings, "SITE_URL", "")
                if not base_url:
                    raise CommandError("Give --site-url (or set SITE_URL) so the invitation link can be written.")
                sent = services.shelter_create(
                    actor=None, name=name, leader_email=leader_email, leader_name=leader_name, base_url=base_url
                )
                self.stdout.write(f"Created shelter {name} ({sent.invitation.shelter_id}); invitation sent.")
                return
            with transaction.atomic():
                if Shelter.objects.filter(name__iexact=name).exists():
                    raise CommandError(f"A shelter named {name!r} exists already.")
                shelter = Shelter.objects.create(name=name)
                audit_record(actor=None, action="shelter.created", obj=shelter, shelter_id=shelter.pk)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        except services.InvitationNotSent:
            raise CommandError(
                "The shelter and its leader's account are saved, but the e-mail could not be sent."
            ) from None
        self.stdout.write(f"Created shelter {name} ({shelter.pk}).")
