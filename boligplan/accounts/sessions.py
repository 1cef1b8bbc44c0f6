"""Session rules for shared computers: idle and absolute timeouts, and ending every session."""

import time

from django.conf import settings
from django.contrib.sessions.models import Session

from .models import UserSession

LOGIN_AT_KEY = "boligplan_login_at"


def remember_login(request, user) -> None:
    request.session[LOGIN_AT_KEY] = int(time.time())
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
