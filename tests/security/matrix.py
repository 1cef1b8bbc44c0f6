"""The access matrix's shared parts: the views with an id and the methods each answers, the case they
are asked about (`case` and `sibling_case`, fixtures in tests/security/conftest.py), and the check
that another shelter's object gets the same 404 as a missing id."""

from tests.helpers import ID_VIEWS, ghost_case, without_csrf

RESIDENT_NAME = "Tone Testbeboer"
FOREIGN_NAME = "Åse Fremmedbeboer"
GET_VIEWS = [view for view in ID_VIEWS if "GET" in view.methods]


# (view, method) for every method each view answers; other methods get a 405 that says nothing.
VIEW_METHODS = [(view, method) for view in ID_VIEWS for method in sorted(view.methods)]


POST_ONLY_VIEWS = [view for view in ID_VIEWS if view.methods == {"POST"}]


# The parent's case (every method) and the child's pages, as the children's contact person meets them.
CASE_VIEW_METHODS = [(view, method) for view, method in VIEW_METHODS if not view.child_view]


CHILD_VIEW_METHODS = [(view, method) for view, method in VIEW_METHODS if view.child_view]
CHILD_GET_VIEWS = [view for view in GET_VIEWS if view.child_view]
CHILD_WRITE_VIEWS = [view for view in ID_VIEWS if view.child_view and view.writes]


def assert_same_404(client, method, view, case):
    """The object's URL and a missing id's URL give byte for byte the same 404."""
    send = client.get if method == "GET" else client.post
    real_url, missing_url = view.url(case), view.url(ghost_case())
    for_real, for_missing = send(real_url), send(missing_url)
    assert for_real.status_code == 404
    assert for_missing.status_code == 404
    real_body = without_csrf(for_real.content.decode())
    missing_body = without_csrf(for_missing.content.decode())
    assert real_body.replace(real_url, "URL") == missing_body.replace(missing_url, "URL")
    return real_body
