import secrets
import time
from base64 import b32encode
from binascii import unhexlify
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.oath import TOTP
from django_otp.util import hex_validator, random_hex

from boligplan.core.fields import EncryptedLongTextField, EncryptedTextField


class Language(models.TextChoices):
    BOKMAL = "nb", "Norsk bokmål"
    NYNORSK = "nn", "Norsk nynorsk"
    ENGLISH = "en", "English"


class AccountManager(UserManager):
    """Django's user manager, with the e-mail address kept in lower case (see User.save)."""

    @classmethod
    def normalize_email(cls, email):
        return (super().normalize_email(email) or "").strip().lower()


class User(AbstractUser):
    """A staff account (or the national operator's). AUTH_USER_MODEL (ADR 0020).

    The name people see is `display_name`, and only there: the full name, or the user name for an
    account without one. Staff names are staff data, not case data: they stay in clear so that
    lists of colleagues can be sorted (docs/privacy.md, "Columns stored in clear").
    """

    # One name field instead of Django's first and last name: Norwegian names do not split well,
    # and the product shows the whole name everywhere.
    first_name = None
    last_name = None
    full_name = models.CharField(_("fullt navn"), max_length=150, blank=True)
    # Unique without regard to case (OIDC and invitations match on it); blank allowed.
    email = models.EmailField(_("e-postadresse"), blank=True)
    language = models.CharField(_("språk"), max_length=5, choices=Language.choices, default=Language.BOKMAL)
    # The national operator (driftsansvarlig): runs the instance, has no shelter membership and
    # never sees case data (every case page answers 404/403: tests/security/test_access_matrix_operator.py).
    is_operator = models.BooleanField(_("driftsansvarlig"), default=False)
    # Changed whenever the account's sessions must end: deactivation, role change, second-factor
    # reset. Sessions keep the value they were made with and compare it.
    security_stamp = models.PositiveIntegerField(default=0, editable=False)
    wants_morning_digest = models.BooleanField(_("vil ha morgenoversikt på e-post"), default=False)

    objects = AccountManager()

    REQUIRED_FIELDS = ["email"]

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("bruker")
        verbose_name_plural = _("brukere")
        constraints = [
            models.UniqueConstraint(Lower("email"), condition=~Q(email=""), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The one place that says how a person is named: full name, or the user name."""
        return self.full_name.strip() or self.get_username()

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        """The first name, for friendly texts (the resident's plan): first word of the full name."""
        parts = self.full_name.split()
        return parts[0] if parts else self.get_username()

    def clean(self):
        super().clean()
        self.email = type(self).objects.normalize_email(self.email)

    def save(self, *args, **kwargs):
        self.email = type(self).objects.normalize_email(self.email)
        # The stamp only moves through bump_security_stamp (an F() update): saving a copy of the
        # account loaded before a bump must not put the old stamp back.
        if not self._state.adding and self.pk is not None and not kwargs.get("force_insert"):
            update_fields = kwargs.get("update_fields")
            if update_fields is None:
                update_fields = [f.name for f in self._meta.concrete_fields if not f.primary_key]
            kwargs["update_fields"] = [f for f in update_fields if f != "security_stamp"]
        super().save(*args, **kwargs)

    def bump_security_stamp(self) -> int:
        """End every session of this account at its next request. Returns the new stamp."""
        type(self).objects.filter(pk=self.pk).update(security_stamp=F("security_stamp") + 1)
        self.refresh_from_db(fields=["security_stamp"])
        return self.security_stamp


class UserSession(models.Model):
    """Which sessions belong to which account, so that all of them can be ended at once.

    Django's session table does not know its user without decoding every row.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Session of user {self.user_id}"


def default_totp_key() -> str:
    return random_hex(20)


def totp_key_validator(value):
    return hex_validator()(value)


class TOTPDevice(TimestampMixin, ThrottlingMixin, Device):
    """A TOTP authenticator app, with its secret encrypted at rest.

    django-otp's own TOTPDevice keeps the secret in clear, so a copy of the database would be
    enough to produce codes. This model behaves the same (same fields and defaults, the same
    verification with tolerance, drift and replay protection, throttling after wrong codes) but
    stores the key with the app's field encryption (core/fields.py), whose keys are never in the
    database and rotate with `manage.py rotate_field_keys`.
    """

    # Hex, as in django-otp; up to 40 bytes. Never filtered on: the column holds ciphertext.
    key = EncryptedTextField(max_length=80, validators=[totp_key_validator], default=default_totp_key)
    step = models.PositiveSmallIntegerField(default=30)
    t0 = models.BigIntegerField(default=0)
    digits = models.PositiveSmallIntegerField(choices=[(6, 6), (8, 8)], default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    # The time step of the last accepted code: a code is accepted only at a later step (no replay).
    last_t = models.BigIntegerField(default=-1)

    class Meta(Device.Meta):
        verbose_name = "TOTP device"

    def __str__(self) -> str:
        return f"TOTP device {self.pk} of user {self.user_id}"

    @property
    def bin_key(self) -> bytes:
        return unhexlify(self.key.encode())

    def totp(self) -> TOTP:
        totp = TOTP(self.bin_key, self.step, self.t0, self.digits, self.drift)
        totp.time = time.time()
        return totp

    def verify_token(self, token) -> bool:
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        try:
            token = int(token)
        except (TypeError, ValueError):
            verified = False
        else:
            totp = self.totp()
            verified = totp.verify(token, self.tolerance, self.last_t + 1)
            if verified:
                self.last_t = totp.t()
                if getattr(settings, "OTP_TOTP_SYNC", True):
                    self.drift = totp.drift
                self.throttle_reset(commit=False)
                self.set_last_used_timestamp(commit=False)
                self.save()
        if not verified:
            self.throttle_increment(commit=True)
        return verified

    def get_throttle_factor(self):
        return getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1)

    @property
    def config_url(self) -> str:
        """The otpauth:// URL an authenticator app reads from the QR code (Key Uri Format)."""
        label = str(self.user.get_username())
        params = urlencode(
            {"secret": b32encode(self.bin_key), "algorithm": "SHA1", "digits": self.digits, "period": self.step}
        )
        issuer = getattr(settings, "OTP_TOTP_ISSUER", "")
        if issuer:
            issuer = issuer.replace(":", "")
            label = f"{issuer}:{label}"
            params += f"&issuer={quote(issuer)}"
        return f"otpauth://totp/{quote(label)}?{params}"


def _pending_id() -> str:
    return secrets.token_urlsafe(24)


class PendingForm(models.Model):
    """What someone typed into a form that arrived after their session had ended (core/pending.py).

    Kept for a few minutes so the same person can log in again and find the text back in the form.
    Found only through a random id held in the new session of the same browser, and given back only
    to the account whose session ended. The typed values are encrypted at rest.
    """

    id = models.CharField(primary_key=True, max_length=40, default=_pending_id, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The form's own address: its page (a GET of it, or the page named by the view) restores it.
    path = models.CharField(max_length=2000)
    data = EncryptedLongTextField()
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"Pending form of user {self.user_id}"


class MunicipalSecondFactor(Device):
    """The second factor, done at the municipality's identity provider (ADR 0023).

    django-otp marks a session as verified by naming the device that verified it. After a
    municipal sign-in whose ID token says the provider asked for a second factor, the session is
    marked with this device. It never accepts a code itself: it only stands for the provider's.
    """

    class Meta(Device.Meta):
        verbose_name = "municipal second factor"

    def __str__(self) -> str:
        return f"Municipal second factor of user {self.user_id}"

    def verify_token(self, token) -> bool:
        return False
