"""Session rules for shared computers: idle and absolute timeouts, and ending every session."""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from .fastpath import remember_stamp
from .models import UserSession

LOGIN_AT_KEY = "boligplan_login_at"


def remember_login(request, user) -> None:
    request.session[LOGIN_AT_KEY] = int(time.time())
    remember_stamp(request.session, user)  # a later bump of the account's stamp ends this session
    # Django has already given the session a new key at login (no session fixation);
    # save it so the key exists before it is recorded.
    request.session.save()
    UserSession.objects.get_or_create(session_key=request.session.session_key, defaults={"user": user})


def forget_session(session_key: str | None) -> None:
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


def end_all_sessions(user) -> int:
    """End every session of the account at once (deactivation, suspected compromise)."""
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user).delete()
    return len(keys)


def absolute_age_exceeded(session) -> bool:
    login_at = session.get(LOGIN_AT_KEY)
    if login_at is None:
        return True
    return time.time() - login_at > settings.SESSION_ABSOLUTE_SECONDS


def take_expired_session_user(request) -> int | None:
    """The account of the session this browser had, when it ended by idling; the dead rows go.

    Django ignores an expired session (the request is anonymous), but its row stays until
    `clearsessions`. A session ended by logout, deactivation or the 12-hour rule has no
    UserSession any more, so only an idle timeout of a fully logged-in session (both factors)
    answers here. The session key is a random secret of this browser: holding it is the proof.
    """
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key or request.user.is_authenticated:
        return None
    row = Session.objects.filter(session_key=key, expire_date__lte=timezone.now()).first()
    if row is None:
        return None
    data = SessionStore().decode(row.session_data)
    user_id = UserSession.objects.filter(session_key=key).values_list("user_id", flat=True).first()
    row.delete()
    forget_session(key)
    if user_id is None or str(user_id) != str(data.get(SESSION_KEY)) or not data.get(DEVICE_ID_SESSION_KEY):
        return None
    return user_id
