"""Two-factor login with TOTP (django-otp) and one-time recovery codes.

Every staff account must have a confirmed TOTP device. At the first login the account is sent to
enrolment (a QR code and the secret in text), and after confirming it gets ten recovery codes,
shown once.
"""

import datetime
import secrets
from dataclasses import dataclass

from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from boligplan.accounts.models import TOTPDevice
from boligplan.audit.services import audit_record

RECOVERY_CODE_COUNT = 10
TOTP_NAME = "app"
RECOVERY_NAME = "recovery"


def confirmed_totp(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_totp(user) -> TOTPDevice:
    """The unconfirmed device being enrolled; created once and reused until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def _new_recovery_code() -> str:
    raw = secrets.token_hex(5)  # 40 bits, shown as two groups for reading aloud
    return f"{raw[:5]}-{raw[5:]}"


@dataclass(frozen=True)
class Outcome:
    """The answer to a code: accepted, refused, or not tried because the account is paused.

    `paused_until` is set when django-otp's back-off (1, 2, 4, 8 … seconds after each wrong code)
    has not run out: the code was not even compared, so the answer says nothing about it.
    """

    verified: bool
    paused_until: datetime.datetime | None = None


def _pause(device) -> datetime.datetime | None:
    allowed, detail = device.verify_is_allowed()
    if allowed:
        return None
    return (detail or {}).get("locked_until")


@transaction.atomic
def enrol_confirm(request, device: TOTPDevice, token: str) -> list[str] | Outcome:
    """Confirm the device with a code from the app. Returns the recovery codes, or the refusal."""
    if (until := _pause(device)) is not None:
        return Outcome(False, until)
    if not device.verify_token(token):
        return Outcome(False)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=device.user).delete()
    static = StaticDevice.objects.create(user=device.user, name=RECOVERY_NAME, confirmed=True)
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    otp_login(request, device)
    audit_record(actor=device.user, action="auth.totp_enrolled", shelter_id=_shelter_id(device.user))
    return codes


@transaction.atomic
def verify(request, token: str) -> Outcome:
    """Check a code from the app or a recovery code, and mark the session as verified."""
    user = request.user
    token = token.strip().replace(" ", "")
    if token.isdigit():
        # Six digits: a code from the app. Only that device is tried (and throttled on failure).
        device = confirmed_totp(user)
        if device is None:
            return Outcome(False)
        if (until := _pause(device)) is not None:
            return Outcome(False, until)
        if device.verify_token(token):
            otp_login(request, device)
            return Outcome(True)
        return Outcome(False)
    statics = list(StaticDevice.objects.filter(user=user, confirmed=True))
    pauses = [until for static in statics if (until := _pause(static)) is not None]
    if pauses:
        return Outcome(False, max(pauses))
    for static in statics:
        if static.verify_token(token):  # consumes the code: each works once
            otp_login(request, static)
            audit_record(actor=user, action="auth.recovery_code_used", shelter_id=_shelter_id(user))
            return Outcome(True)
    return Outcome(False)


def _shelter_id(user):
    membership = getattr(user, "membership", None)
    return membership.shelter_id if membership else None
