"""Shared by the staff tests: an invitation sent, and the token read back from its e-mail."""

import re

from django.core import mail

from boligplan.staff import services

BASE = "http://testserver"
NEW_PASSWORD = "fjell-og-fjord-og-hav-2026"
LINK = re.compile(r"https?://[^/\s]+/invitasjon/([A-Za-z0-9_-]+)/")


def invite(actor, shelter, email="ny.ansatt@example.org", name="Nora Nyansatt", role="ansatt"):
    return services.staff_invite(actor=actor, shelter=shelter, email=email, full_name=name, role=role, base_url=BASE)


def token_from_mail(index=-1):
    return LINK.search(mail.outbox[index].body).group(1)
