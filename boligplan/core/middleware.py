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
