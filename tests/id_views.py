"""The table of views that take an object id, shared by the access-matrix and audit tests."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class IdView:
    """A view that takes the id of a resident, stay, task, notification or child."""

    name: str
    kwargs: Callable[[object], dict]
    methods: frozenset[str]  # the HTTP methods the view answers
    writes: bool  # changes data: needs the capability to edit cases (or children, on a child's page)
    valid_post: Callable[[object, datetime.date], dict] | None = None
    # Reached through the child: the children's contact person gets it for a child she follows,
    # and the same 404 as a missing id for any other child. Every other view is the parent's case.
    child_view: bool = False
    pdf: bool = False  # answers with a PDF, not a page
    ics: bool = False  # answers with a calendar file (text/calendar), which names no resident
    # Where a successful POST-only action sends the user (default: the resident's page).
    redirect: Callable[[object], str] | None = None

    @property
    def read_method(self) -> str:
        return "GET" if "GET" in self.methods else "POST"

    def url(self, case) -> str:
        return reverse(self.name, kwargs=self.kwargs(case))

    def subject(self, case) -> str:
        """The name that shows the page is about the object asked for."""
        return case.child.first_name if self.child_view else case.resident.display_name

    def __str__(self) -> str:
        return self.name


GET_POST = frozenset({"GET", "POST"})
POST_ONLY = frozenset({"POST"})
GET_ONLY = frozenset({"GET"})
