from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from boligplan.core import pending
from boligplan.core.redirects import url_with_next, vetted_next

from .sessions import absolute_age_exceeded, take_expired_session_user
from .twofactor import confirmed_totp

# Reachable while logged in but before the second factor: the steps themselves and logout.
TWO_FACTOR_OPEN = ("accounts:twofactor-verify", "accounts:twofactor-enrol", "logout", "health")


class SessionPolicyMiddleware:
    """End a session 12 hours after login, however active it has been (shared computers).

    And when a request comes from a browser whose session has just ended by idling: a form it
    sends is kept for the same account (core/pending.py), and the login page is told why, and
    where to go back to afterwards.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and absolute_age_exceeded(request.session):
            user_id = request.user.pk
            logout(request)
            page = request.get_full_path()
            if request.method == "POST":
                pending.keep(request, user_id=user_id, path=request.path)
                page = _form_page(request)
            return redirect(_login_url(request, page, reason="1"))
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Runs before LoginRequiredMiddleware's own check, so the ended session is seen here first.
        if request.user.is_authenticated or not getattr(view_func, "login_required", True):
            return None
        user_id = take_expired_session_user(request)
        if user_id is None:
            return None
        page = request.path
        if request.method == "POST":
            pending.keep(request, user_id=user_id, path=request.path)
            page = pending.page_after_login(request, view_func, view_kwargs)
        elif request.method == "GET":
            page = request.get_full_path()
        return redirect(_login_url(request, page, reason="stille"))


def _form_page(request) -> str:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return request.path
    return pending.page_after_login(request, match.func, match.kwargs)


def _login_url(request, page: str, *, reason: str) -> str:
    """The login page, saying why the session ended and carrying the page to come back to."""
    target = vetted_next(request, page)
    if target == reverse("reports:overview"):
        target = ""
    url = url_with_next("login", target)
    return f"{url}{'&' if target else '?'}utlopt={reason}"


class TwoFactorRequiredMiddleware:
    """Every staff page needs a second factor. Until then only enrolment/verification is open."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths = None

    def _is_open(self, path: str) -> bool:
        if self._open_paths is None:
            self._open_paths = {reverse(name) for name in TWO_FACTOR_OPEN}
        return path in self._open_paths or path.startswith("/static/")

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and not self._is_open(request.path):
            step = "accounts:twofactor-verify" if confirmed_totp(user) else "accounts:twofactor-enrol"
            return redirect(_step_url(step, request))
        return self.get_response(request)


def _step_url(step: str, request) -> str:
    """The second-factor step, carrying the page that was asked for so the user lands there after.

    Only a GET can be repeated after the step; the overview needs no `next` (it is the default).
    """
    wanted = request.get_full_path() if request.method == "GET" else ""
    if wanted == reverse("reports:overview"):
        wanted = ""
    return url_with_next(step, vetted_next(request, wanted))
