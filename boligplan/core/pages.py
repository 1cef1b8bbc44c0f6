"""Rendering a page that shows case data: the read is audited in the same breath.

Also the flows every edit page shares: the form page (save, or show errors or the lost race) and
the refusal of new records on an ended stay.
"""

import copy
from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

from boligplan.audit.services import audit_record

from . import pending
from .access import membership_for
from .concurrency import EditConflict
from .forms import add_service_errors, with_version


def render_case_page(request, template: str, context: dict, *, action: str, stay=None, obj=None, status: int = 200):
    """Render a page about a resident and write the one audit row that says who saw it."""
    membership = membership_for(request.user)
    shelter_id = stay.shelter_id if stay is not None else getattr(membership, "shelter_id", None)
    audit_record(
        actor=request.user,
        action=action,
        obj=obj if obj is not None else stay,
        shelter_id=shelter_id,
        stay_id=stay.pk if stay is not None else None,
    )
    return render(request, template, context, status=status)


def _display(value, field) -> str:
    if value is None or value == "":
        return ""
    choices = dict(getattr(field, "choices", None) or [])
    if value in choices:
        return str(choices[value])
    if hasattr(value, "display_name") and hasattr(value, "get_username"):
        return value.display_name
    return str(value)


def render_conflict(request, *, form, current, stay=None, obj=None, action="stay.viewed", hide_values=False):
    """Answer a lost race: both versions side by side, the user's text kept in the form (409).

    hide_values: list only which fields differ (for addresses: a stored one is never shown here).
    """
    differences = []
    for name, field in form.fields.items():
        if name == "version" or not hasattr(current, name):
            continue
        stored = _display(getattr(current, name), field)
        yours = _display(form.cleaned_data.get(name), field)
        if stored != yours:
            hidden = _("(skjult)")
            differences.append((field.label, hidden, hidden) if hide_values else (field.label, stored, yours))
    context = {"form": form, "differences": differences, "stay": stay}
    return render_case_page(request, "conflict.html", context, action=action, stay=stay, obj=obj, status=409)


def conflict_response(request, conflict, build_form, *, stay=None, obj=None, action="stay.viewed", hide_values=False):
    """Someone saved first: rebuild the user's form carrying the new version, and show the conflict.

    `build_form(data, current)` gets a copy of the stored row: a model form writes its input onto
    the instance it is given, and the comparison needs the stored values untouched.
    """
    current = conflict.current
    form = build_form(with_version(request.POST, current.version), copy.copy(current))
    form.is_valid()
    return render_conflict(
        request,
        form=form,
        current=current,
        stay=stay,
        obj=obj if obj is not None else current,
        action=action,
        hide_values=hide_values,
    )


def form_page(
    request,
    *,
    form: forms.BaseForm,
    save: Callable[[forms.BaseForm], Any],
    template: str,
    context: Mapping[str, Any] | Callable[[], Mapping[str, Any]],
    action: str,
    stay=None,
    obj=None,
    success: str | Callable[[Any], str],
    done: HttpResponse | Callable[[Any], HttpResponse],
    conflict_form: Callable[[QueryDict, Any], forms.BaseForm] | None = None,
    hide_values: bool = False,
) -> HttpResponse:
    """The flow of every page that edits case data through a form, written once.

    A valid POST goes to `save(form)`, which calls the service and returns what it saved; then
    the `success` message (a text, or a function of what was saved) and `done`, the response
    to send (a redirect, or a function of what was saved that returns one). A service's
    ValidationError is shown on the form; the page is then rendered again with the user's input
    (HTTP 400), as it is for invalid input, and on GET (200), audited as `action` on `obj`
    (the stay when None). The form is in the context as `form`; `context` may be a function,
    called only when the page is shown, for what must be read after the form was validated (a
    model form writes its input onto its instance).

    `conflict_form(data, current)` rebuilds the form for the lost race (409, see
    conflict_response); None for a record that is not versioned. `hide_values` lists only which
    fields differ on that page (addresses).
    """
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form)
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflict as conflict:
            if conflict_form is None:
                raise
            return conflict_response(request, conflict, conflict_form, stay=stay, hide_values=hide_values)
        else:
            messages.success(request, success(saved) if callable(success) else success)
            return done(saved) if callable(done) else done
    if request.method == "GET":
        # Text typed before the session ended comes back into the form (not saved: see pending.py).
        pending.restore(request, form, request.path)
    page = context() if callable(context) else context
    return render_case_page(
        request,
        template,
        {**page, "form": form},
        action=action,
        stay=stay,
        obj=obj,
        status=400 if form.errors else 200,
    )


def refuse_if_ended(request, stay, *, message: str, back: HttpResponse) -> HttpResponse | None:
    """New records belong to a stay in progress: on an ended stay, say `message` and send `back`.

    Returns None when the stay is current, so a view reads `if refused := refuse_if_ended(...)`.
    """
    if stay.is_current:
        return None
    messages.error(request, message)
    return back
