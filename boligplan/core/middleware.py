from django.utils.cache import add_never_cache_headers


class NoStoreForLoggedInMiddleware:
    """Pages for a logged-in user must never be kept by a browser or proxy (shared computers)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        return response


class TenantMiddleware:
    """On PostgreSQL, run each logged-in request in one transaction with its shelter set.

    Row-level security then admits only that shelter's rows, whatever a query forgets. The
    setting is transaction-local, so a pooled connection never carries it to the next request.
    On SQLite this does nothing (and does not serialise readers behind one write lock).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.db import connection, transaction

        from .access import membership_for
        from .tenancy import set_current_shelter

        if connection.vendor != "postgresql":
            return self.get_response(request)
        membership = membership_for(request.user) if request.user.is_authenticated else None
        if membership is None:
            return self.get_response(request)
        with transaction.atomic():
            set_current_shelter(membership.shelter_id)
            return self.get_response(request)


class UserLanguageMiddleware:
    """Activates the logged-in user's chosen language (nb, nn or en); bokmål before login.

    Before login the page is bokmål whatever the browser asks for: the login page is the same for
    everyone on a shelter's shared computers, and a user's choice is theirs, stored on the account
    (accounts.User.language, chosen on /konto/sprak/). A choice not among LANGUAGES falls back to nb.
    Documents to someone else keep their own language (housing.letters, reports.handover).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        language = settings.LANGUAGE_CODE
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            chosen = getattr(user, "language", "") or ""
            if chosen in dict(settings.LANGUAGES):
                language = chosen
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            translation.deactivate()
        response.headers.setdefault("Content-Language", language)
        return response
