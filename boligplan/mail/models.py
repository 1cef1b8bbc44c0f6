from django.conf import settings
from django.db import models


class DigestSent(models.Model):
    """The morning digest went to this staff member on this day: a second run that day sends
    nothing (mail/digest.py). Counts only, like the e-mail; rows older than a month are deleted."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_per_user_and_day")]

    def __str__(self) -> str:
        return f"DigestSent {self.user_id} {self.day}"
