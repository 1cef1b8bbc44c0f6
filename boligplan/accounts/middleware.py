from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from boligplan.core.redirects import url_with_next, vetted_next

from .sessions import absolute_age_exceeded
from .twofactor import confirmed_totp

# Reachable while logged in but before the second factor: the steps themselves and logout.
TWO_FACTOR_OPEN = ("accounts:twofactor-verify", "accounts:twofactor-enrol", "logout", "health")


class SessionPolicyMiddleware:
    """End a session 12 hours after login, however active it has been (shared computers)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and absolute_age_exceeded(request.session):
            logout(request)
            return redirect(f"{reverse('login')}?utlopt=1")
        return self.get_response(request)


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
