"""A cheaper logged-in request (ADR 0025): what every request needs, read once and kept honest.

- The account, its membership and its shelter come in one query (StaffBackend.get_user), so
  access checks and the shelter's data version cost nothing more; a role change or a
  deactivation is seen on the very next request, since that row is read on every request.
- The verified second factor is kept in the session beside the account's security stamp
  (StampedOTPMiddleware), instead of reading the device on every request. A stamp that has
  moved since (deactivation, role change, a reset of the second factor: anything that calls
  User.bump_security_stamp) ends the session at its next request (SecurityStampMiddleware).
- The session is written at most once a minute (SESSION_TOUCH_SECONDS) instead of on every
  request. The idle timeout still holds to the minute: a session's expiry is renewed whenever
  it is written, so it ends between SESSION_IDLE_SECONDS minus a minute and SESSION_IDLE_SECONDS
  after the last request, never later.
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.backends import ModelBackend
from django.utils.functional import SimpleLazyObject
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware
from django_otp.models import Device

STAMP_KEY = "boligplan_stamp"  # the account's security stamp when the session began
VERIFIED_KEY = "boligplan_otp"  # [device persistent id, stamp] once the second factor is verified
TOUCHED_KEY = "boligplan_touched"  # when the session was last written (Unix seconds)


class StaffBackend(ModelBackend):
    """Django's model backend, loading the account with its membership and shelter."""

    def get_user(self, user_id):
        from django.contrib.auth import get_user_model

        User = get_user_model()
        user = User._default_manager.select_related("membership__shelter").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


def remember_stamp(session, user) -> None:
    session[STAMP_KEY] = user.security_stamp


class SecurityStampMiddleware:
    """End a session whose account's stamp has moved; write the session at most once a minute."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            if request.session.get(STAMP_KEY) != user.security_stamp:
                logout(request)  # the login page follows (LoginRequiredMiddleware)
            else:
                now = int(time.time())
                if now - request.session.get(TOUCHED_KEY, 0) >= settings.SESSION_TOUCH_SECONDS:
                    request.session[TOUCHED_KEY] = now  # saved, with its expiry renewed
        return self.get_response(request)


class StampedOTPMiddleware(OTPMiddleware):
    """django-otp's middleware, trusting a verification kept in the session under today's stamp."""

    def _verify_user_sync(self, request, user):
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
        if (
            user.is_authenticated
            and persistent_id
            and request.session.get(VERIFIED_KEY) == [persistent_id, user.security_stamp]
        ):
            self._init_user_fields(user)
            # Read only by the few pages that use the device itself.
            user.otp_device = SimpleLazyObject(
                lambda: Device.from_persistent_id(self._normalize_persistent_id(persistent_id), for_verify=False)
            )
            return user
        user = super()._verify_user_sync(request, user)
        if user.is_authenticated and user.otp_device is not None:
            request.session[VERIFIED_KEY] = [persistent_id, user.security_stamp]
        return user
