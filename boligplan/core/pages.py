"""Rendering a page that shows case data: the read is audited in the same breath.

Also what every edit page of a stay shares: the way back to the resident's page, and the refusal
of new records on an ended stay. The form flow itself is core/formflow.py.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from boligplan.audit.services import audit_record

from .access import membership_for
from .frame import framed


def render_case_page(request, template: str, context: dict, *, action: str, stay=None, obj=None, status: int = 200):
    """Render a page about a resident and write the one audit row that says who saw it."""
    # Rendered first, audited last: on PostgreSQL the request is one transaction (TenantMiddleware)
    # and the audit row holds the chain's lock until it commits, so everything done after the row
    # is time every other page waits. The page still goes out only with its row: if writing the
    # row fails, the rendered response is dropped and the request fails.
    response = render(request, template, context, status=status)
    return _audited(request, response, action=action, stay=stay, obj=obj)


def framed_case_page(
    request, template: str, *, nav: str, content_name: str, content: str, action: str, stay=None, obj=None, status=200
):
    """render_case_page for a page whose body is cached: the same page, its frame from core/frame.py."""
    page = framed(request, template, nav=nav, content_name=content_name, content=content)
    return _audited(request, HttpResponse(page, status=status), action=action, stay=stay, obj=obj)


def _audited(request, response: HttpResponse, *, action: str, stay, obj) -> HttpResponse:
    """The rendered `response`, once its read row is written (render first, audit last: see above)."""
    membership = membership_for(request.user)
    audit_record(
        actor=request.user,
        action=action,
        obj=obj if obj is not None else stay,
        shelter_id=stay.shelter_id if stay is not None else getattr(membership, "shelter_id", None),
        stay_id=stay.pk if stay is not None else None,
        read=True,
    )
    return response


def back_to_stay(stay, section: str = ""):
    """The resident's page, at the section the user was working in (its anchor, a section key in
    core/sections.py; the Referer opens its fold), or at its top."""
    url = reverse("residents:stay-detail", kwargs={"stay_id": stay.pk})
    return redirect(f"{url}#{section}" if section else url)


def refuse_if_ended(request, stay, *, message: str, back: HttpResponse) -> HttpResponse | None:
    """New records belong to a stay in progress: on an ended stay, say `message` and send `back`.

    Returns None when the stay is current, so a view reads `if refused := refuse_if_ended(...)`.
    """
    if stay.is_current:
        return None
    messages.error(request, message)
    return back
