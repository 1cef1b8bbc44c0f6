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
