from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from boligplan.core.access import membership_for, require_capability
from boligplan.core.dataversion import cached, page_version, render_fragment
from boligplan.core.forms import today
from boligplan.core.pages import framed_case_page, render_case_page
from boligplan.core.reminders import count_by_kind
from boligplan.core.roles import Capability
from boligplan.residents.access import get_stay_for_user

from . import handover
from .rendered_rows import rendered_rows
from .responsibilities import after_stay_coordinator, steps_by_party
from .selectors import overview_counts


@require_GET
def overview(request):
    membership = membership_for(request.user)
    if membership is None:
        # The national operator, or an account not (or no longer) tied to a shelter: a plain page
        # that says so, rather than a "not found" on the start page. No case data is read.
        return render(request, "reports/no_shelter.html", {"nav": "overview"})
    if membership and not membership.can(Capability.VIEW_CASES) and membership.can(Capability.VIEW_STATISTICS):
        # Roles that may see numbers but not people get counts instead of the list.
        counts = overview_counts(request.user, today=today())
        return render(request, "reports/overview_aggregate.html", {"counts": counts, "nav": "overview"})
    if membership and not membership.can(Capability.VIEW_CASES) and membership.can(Capability.VIEW_FOLLOWED_CHILDREN):
        # The children's contact person starts from the children they follow.
        return redirect("children:children-list")
    membership = require_capability(request.user, Capability.VIEW_CASES)
    day = today()

    def build() -> str:
        """The page's body, rendered: the same for everyone in the shelter with the same role."""
        rows = rendered_rows(request.user, membership, today=day)
        context = {
            "rows": rows,
            "row_count": len(rows),
            "alarm_count": sum(1 for row in rows if row.agency_alarm),
            "uninformed_count": sum(1 for row in rows if row.children_uninformed),
            "appeal_count": sum(1 for row in rows if row.appeal_reminder),
            "overdue_count": sum(1 for row in rows if row.assessment_overdue),
            "reminder_counts": count_by_kind({number: row.reminders for number, row in enumerate(rows)}),
        }
        return render_fragment(request, "reports/_overview_content.html", context)

    # Cached per shelter until its data moves (ADR 0025, 0029); the read is audited every time.
    # The role is in the key: it decides the button for a new resident.
    html = cached(
        membership.shelter_id,
        "overview-page",
        build,
        vary=[day, membership.role],
        version=page_version(membership, membership.shelter_id),
    )
    return framed_case_page(
        request,
        "reports/overview.html",
        nav="overview",
        content_name="overview_content",
        content=html,
        action="overview.viewed",
        obj=membership.shelter,
    )


@require_GET
def stay_responsibilities(request, stay_id):
    """Who does what: the stay's open steps by responsible party, and who coordinates afterwards."""
    stay = get_stay_for_user(request.user, stay_id)
    context = {
        "stay": stay,
        "groups": steps_by_party(request.user, stay, today=today()),
        "coordinator": after_stay_coordinator(request.user, stay),
        "today": today(),
    }
    return render_case_page(
        request, "reports/stay_responsibilities.html", context, action="responsibilities.viewed", stay=stay
    )


def _pdf(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    # A neutral file name: no resident's name in downloads folders or browser history.
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def case_summary_pdf(request, stay_id):
    """A one-page summary of the case for a handover between staff. Never carries an address."""
    stay = get_stay_for_user(request.user, stay_id)
    return _pdf(handover.case_summary_print(actor=request.user, stay=stay, today=today()), "saksoppsummering.pdf")


@require_GET
def resident_plan_pdf(request, stay_id):
    """Min boligplan: the resident's next steps, in ?lang=nb|nn|en (default: handover.resident_plan_language)."""
    stay = get_stay_for_user(request.user, stay_id)
    lang = handover.resident_plan_language(request.GET.get("lang"))
    pdf = handover.resident_plan_print(actor=request.user, stay=stay, today=today(), lang=lang)
    return _pdf(pdf, "my-housing-plan.pdf" if lang == "en" else "min-boligplan.pdf")
