"""Rendering a page that shows case data: the read is audited in the same breath."""

import copy

from django.shortcuts import render
from django.utils.translation import gettext as _

from boligplan.audit.services import audit_record

from .access import membership_for
from .forms import with_version


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
    if hasattr(value, "get_full_name"):
        return value.get_full_name() or value.get_username()
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
