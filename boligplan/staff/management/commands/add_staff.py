"""manage.py add_staff --shelter "Name" --email … --name … --role …: scripted set-up.

The person gets an invitation by e-mail, exactly as from the leader's staff page: no password
ever passes through the command line.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from boligplan.core.models import Shelter
from boligplan.core.roles import Role
from boligplan.staff import services


class Command(BaseCommand):
    help = "Invite a staff member to a shelter by e-mail."

    def add_arguments(self, parser):
        parser.add_argument("--shelter", required=True, help="The shelter's name.")
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", required=True, help="The person's full name.")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--site-url", default="", help="The address the invitation link starts with.")

    def handle(self, *args, shelter, email, name, role, site_url, **options):
        found = Shelter.objects.filter(name__iexact=" ".join(shelter.split())).first()
        if found is None:
            raise CommandError(f"No shelter named {shelter!r}.")
        base_url = site_url or getattr(settings, "SITE_URL", "")
        if not base_url:
            raise CommandError("Give --site-url (or set SITE_URL) so the invitation link can be written.")
        try:
            validate_email(email.strip())
        except ValidationError:
            raise CommandError(f"Not an e-mail address: {email!r}.") from None
        if len(" ".join(name.split())) < 2:
            raise CommandError("Give the person's full --name.")
        try:
            services.staff_invite(
                actor=None, shelter=found, email=email, full_name=" ".join(name.split()), role=role, base_url=base_url
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        except services.InvitationNotSent:
            raise CommandError("The account is saved, but the e-mail could not be sent.") from None
        self.stdout.write(f"Invited {email.strip().lower()} to {found.name} as {role}.")
