"""Rendering a page that shows case data: the read is audited in the same breath."""

from django.shortcuts import render

from boligplan.audit.services import audit_record

from .access import membership_for


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
