from django.conf import settings
from django.db import models
from django.utils import timezone

from .choices import AccessReason


class AuditEvent(models.Model):
    """One thing a staff member did or saw.

    Only ids, action names, field names and a reason code: never free text, names or addresses,
    so the audit log can be kept longer than the case data it points at.

    The table is append-only (database triggers and, on PostgreSQL, the app role's grants; ADR
    0007 and 0013) and chained: each row stores its place in the chain (seq), the seal of the row
    before it (prev_hash) and its own seal (row_hash, chain.row_seal(): an HMAC under a key kept
    outside the database). Rows are written only by services.audit_record(), which keeps the
    chain linear.
    """

    # Place in the chain, counted from the first row ever written; sealed, unlike the id, and kept
    # when older rows are purged (an AuditAnchor then says where the remaining chain starts).
    seq = models.PositiveBigIntegerField(unique=True, editable=False)

    # Set by audit_record before the hash is computed (auto_now_add would overwrite it on save).
    at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    # PROTECT: a staff account that has audit rows is deactivated, never deleted. Nulling the
    # actor would be an UPDATE, which the append-only triggers refuse anyway.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    shelter_id = models.UUIDField(null=True, db_index=True)
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.UUIDField(null=True, db_index=True)
    stay_id = models.UUIDField(null=True, db_index=True)
    fields = models.CharField(max_length=400, blank=True)
    reason = models.CharField(max_length=40, blank=True, choices=AccessReason.choices)
    prev_hash = models.CharField(max_length=64, editable=False)
    row_hash = models.CharField(max_length=64, editable=False)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["shelter_id", "at"], name="audit_shelter_at")]
        constraints = [
            # Two rows can never follow the same row: even if two writers raced past the lock,
            # the database refuses the second, so the chain cannot fork.
            models.UniqueConstraint(fields=["prev_hash"], name="audit_chain_no_fork"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"


class AuditAnchor(models.Model):
    """Where the chain starts after a retention purge: rows up to `seq` were deleted, and the last
    of them carried `row_hash`. Sealed with the audit key (chain.anchor_seal), so an anchor
    written by anyone without the key is ignored and the cut prefix shows up as a break."""

    seq = models.PositiveBigIntegerField(unique=True)
    row_hash = models.CharField(max_length=64)
    made_at = models.DateTimeField(default=timezone.now)
    seal = models.CharField(max_length=64)

    class Meta:
        ordering = ["-seq"]

    def __str__(self) -> str:
        return f"audit purged up to {self.seq}"
