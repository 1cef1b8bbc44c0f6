from django.conf import settings
from django.db import models


class UserSession(models.Model):
    """Which sessions belong to which account, so that all of them can be ended at once.

    Django's session table does not know its user without decoding every row.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Session of user {self.user_id}"
