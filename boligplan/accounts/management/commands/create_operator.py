"""Create the very first national operator (driftsansvarlig) from the command line.

    manage.py create_operator --username dina --email dina@example.org --full-name "Dina Drift"

The password is asked for twice, or read from BOLIGPLAN_OPERATOR_PASSWORD (for scripts). It is
checked with the instance's password rules and never printed. The operator enrols an
authenticator app at the first login, like everyone else.
"""

import getpass
import os
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from boligplan.accounts.services import operator_create

PASSWORD_ENV = "BOLIGPLAN_OPERATOR_PASSWORD"  # noqa: S105  # nosec B105 - the variable name, not a password


class Command(BaseCommand):
    help = f"Create a national operator account (no shelter, never case data). Password: a prompt, or ${PASSWORD_ENV}."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument("--full-name", required=True, dest="full_name")

    def handle(self, *args, username, email, full_name, **options):
        user_model = get_user_model()
        username = username.strip()
        email = user_model.objects.normalize_email(email)
        full_name = " ".join(full_name.split())
        if not username or not full_name:
            raise CommandError("--username and --full-name must not be empty.")
        try:
            user_model.username_validator(username)
            validate_email(email)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if user_model.objects.filter(username__iexact=username).exists():
            raise CommandError(f"An account named {username!r} exists already.")
        if user_model.objects.filter(email__iexact=email).exists():
            raise CommandError("An account with that e-mail address exists already.")

        password = self._password()
        candidate = user_model(username=username, email=email, full_name=full_name)
        try:
            validate_password(password, user=candidate)
        except ValidationError as error:
            raise CommandError("Password refused: " + " ".join(error.messages)) from None

        user = operator_create(actor=None, username=username, email=email, full_name=full_name, password=password)
        self.stdout.write(
            self.style.SUCCESS(f"Operator {user.get_username()!r} created.")
            + " At the first login they set up an authenticator app (two-factor login)."
        )

    def _password(self) -> str:
        from_env = os.environ.get(PASSWORD_ENV)
        if from_env:
            return from_env
        if not sys.stdin.isatty():
            raise CommandError(f"No terminal to ask for the password: set {PASSWORD_ENV}.")
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password again: "):
            raise CommandError("The two passwords differ.")
        return first
