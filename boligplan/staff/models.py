"""Invitations to a staff account (ADR 0021).

The invited account exists from the moment of the invitation (inactive, without a usable
password, with its membership and role), so the leader sees it on the staff page and the e-mail
address is taken. The invitation holds only a hash of the random token the link carries: a copy
of the database cannot be turned into a working link.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from boligplan.core.records import ShelterRecord


class InvitationEnd(models.TextChoices):
    REPLACED = "replaced", _("erstattet av en ny invitasjon")
    EXPIRED = "expired", _("utløpt")
    ACCOUNT_CLOSED = "account_closed", _("kontoen ble avsluttet")


class Invitation(ShelterRecord):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    # SHA-256 of the link's random token (256 bits): looked up by equality, never reversible.
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)
    # Set once, by a conditional update: the first request to claim the link wins (services.py).
    used_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, blank=True, choices=InvitationEnd.choices)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")), name="invitation_expires_after_creation"
            ),
            models.CheckConstraint(
                condition=models.Q(used_at__isnull=True) | models.Q(ended_at__isnull=True),
                name="invitation_used_or_ended_not_both",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation {self.pk}"

    def is_open(self, now) -> bool:
        return self.used_at is None and self.ended_at is None and self.expires_at > now
