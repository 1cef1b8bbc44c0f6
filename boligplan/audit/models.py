from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One thing a staff member did or saw.

    Only ids, action names and field names: never free text, names or addresses, so the audit
    log can be kept longer than the case data it points at.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    shelter_id = models.UUIDField(null=True, db_index=True)
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.UUIDField(null=True, db_index=True)
    stay_id = models.UUIDField(null=True, db_index=True)
    fields = models.CharField(max_length=400, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["shelter_id", "at"], name="audit_shelter_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"
