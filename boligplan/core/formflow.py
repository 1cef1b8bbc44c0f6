"""The one flow of every form page, read top to bottom in `FormFlow.respond`.

A view does its access checks, builds the form, and hands the rest to a `FormFlow` whose fields
are the steps in the order they happen:

    form           the form, bound to the POST (or not, on GET)
    save           form -> what was saved; calls the service, which writes its audit row
    success        the message after a save: a text, a function of what was saved, or None
    done           where to go after a save: a response, or a function of what was saved
    page           where the form is shown: a `CasePage` (about a resident: the read is
                   audited) or a `Page` (staff, settings, the directory: nothing is read)
    conflict_form  (data, stored record) -> the form again, for the page that answers a lost race;
                   None for a record without a version
    outcomes       other answers a service may give: exception class -> response

A service's ValidationError goes onto the form, and the page is shown again with the user's
input (400), as for invalid input. A lost race (EditConflict) shows both versions side by side
(409), shown and audited as the page itself is. On GET, text typed before the session ended
comes back into the form (core/pending.py).
"""

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

from . import pending
from .concurrency import EditConflict
from .forms import add_service_errors, with_version
from .pages import render_case_page

Context = Mapping[str, Any] | Callable[[], Mapping[str, Any]]


@dataclass
class Page:
    """A form page about no resident: shown as is, no read audit (staff, settings, the directory).

    `context` may be a function, called only when the page is shown, for what must be read after
    the form was validated (a model form writes its input onto its instance).
    """

    template: str
    context: Context = field(default_factory=dict)

    def values(self) -> dict[str, Any]:
        return dict(self.context() if callable(self.context) else self.context)

    def show(self, request, template: str, context: dict, *, status: int) -> HttpResponse:
        return render(request, template, context, status=status)


@dataclass
class CasePage(Page):
    """A form page about a resident: showing it writes the one audit row of the read, `action`
    on `obj` (the stay when None). The conflict page of the same form is audited the same way."""

    action: str = "stay.viewed"
    stay: Any = None
    obj: Any = None

    def show(self, request, template: str, context: dict, *, status: int) -> HttpResponse:
        return render_case_page(
            request, template, context, action=self.action, stay=self.stay, obj=self.obj, status=status
        )


@dataclass
class FormFlow:
    """The steps of one form page (the module's docstring names each); `respond` runs them."""

    form: forms.BaseForm
    save: Callable[[Any], Any]
    success: str | Callable[[Any], str | None] | None
    done: HttpResponse | Callable[[Any], HttpResponse]
    page: Page
    conflict_form: Callable[[QueryDict, Any], forms.BaseForm] | None = None
    # Addresses: the conflict page lists only which fields differ, never a stored value.
    hide_values: bool = False
    outcomes: Mapping[type[Exception], Callable[[Any], HttpResponse]] = field(default_factory=dict)

    def respond(self, request) -> HttpResponse:
        """The flow, in order: save a valid POST, else show the form (with its errors)."""
        form = self.form
        if request.method == "POST" and form.is_valid():
            try:
                saved = self.save(form)
            except ValidationError as error:
                add_service_errors(form, error)
            except EditConflict as conflict:
                return self.conflict_page(request, conflict)
            except tuple(self.outcomes) as outcome:
                answer = next(answer for kind, answer in self.outcomes.items() if isinstance(outcome, kind))
                return answer(outcome)
            else:
                self.announce(request, saved)
                return self.done(saved) if callable(self.done) else self.done
        if request.method == "GET":
            # Text typed before the session ended comes back into the form (not saved: see pending.py).
            pending.restore(request, form, request.path)
        return self.show_form(request, form)

    def announce(self, request, saved) -> None:
        text = self.success(saved) if callable(self.success) else self.success
        if text:
            messages.success(request, text)

    def show_form(self, request, form, *, status: int | None = None, **extra) -> HttpResponse:
        """The page with the form: 400 when it carries errors, else 200 (or `status`)."""
        status = 400 if form.errors else (status or 200)
        return self.page.show(request, self.page.template, {**self.page.values(), **extra, "form": form}, status=status)

    def conflict_page(self, request, conflict: EditConflict) -> HttpResponse:
        """Someone saved first: the user's form again, carrying the new version, and what differs (409).

        The form is rebuilt on a copy of the stored row: a model form writes its input onto the
        instance it is given, and the comparison needs the stored values untouched.
        """
        if self.conflict_form is None:
            raise conflict
        current = conflict.current
        form = self.conflict_form(with_version(request.POST, current.version), copy.copy(current))
        form.is_valid()
        context = {
            "form": form,
            "differences": differences(form, current, hide_values=self.hide_values),
            "stay": getattr(self.page, "stay", None),
        }
        return self.page.show(request, "conflict.html", context, status=409)


def _display(value, field) -> str:
    if value is None or value == "":
        return ""
    choices = dict(getattr(field, "choices", None) or [])
    if value in choices:
        return str(choices[value])
    if hasattr(value, "display_name") and hasattr(value, "get_username"):
        return value.display_name
    return str(value)


def differences(form, current, *, hide_values: bool = False) -> list[tuple[Any, str, str]]:
    """(label, stored, yours) for every field where the stored row and the user's input differ."""
    found = []
    for name, form_field in form.fields.items():
        if name == "version" or not hasattr(current, name):
            continue
        stored = _display(getattr(current, name), form_field)
        yours = _display(form.cleaned_data.get(name), form_field)
        if stored != yours:
            hidden = _("(skjult)")
            found.append((form_field.label, hidden, hidden) if hide_values else (form_field.label, stored, yours))
    return found
