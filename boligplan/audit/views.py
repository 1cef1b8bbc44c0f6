"""The leader's view of the audit log: the review page and the resident's access report."""

import datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from boligplan.core.pages import render_case_page

from . import access, selectors, services
from .labels import action_label
from .report import access_report_pdf, staff_name
from .review import WINDOW, ReviewSettings, Rule, review

REVIEW_DAYS = 30
REVIEW_MAX_ROWS = 500  # newest first; the counts per rule still cover the whole period


def _rule_explanations(settings: ReviewSettings) -> dict[str, str]:
    start, end = settings.working_hours
    return {
        Rule.NOT_ASSIGNED: _("En ansatt åpnet en sak der en annen er kontaktperson."),
        Rule.OUTSIDE_HOURS: _("Bruk før kl. %(start)02d.00 eller fra kl. %(end)02d.00.") % {"start": start, "end": end},
        Rule.MANY_CASES: _("Samme ansatt åpnet flere enn %(count)d ulike saker i løpet av en time.")
        % {"count": settings.max_cases_per_hour},
        Rule.BULK_EXPORT: _("Alle uttrekk av data fra systemet."),
        Rule.MANY_EXPORTS: _("Samme person lastet ned flere enn %(count)d filer samme dag.")
        % {"count": settings.max_exports_per_day},
    }


@require_GET
def review_list(request):
    membership = access.require_leader(request.user)
    settings = ReviewSettings.from_django_settings()
    until = timezone.now()
    since = until - datetime.timedelta(days=REVIEW_DAYS)
    # One hour before the period as well, so a burst that began just before it is counted.
    events = selectors.events_for_review(shelter_id=membership.shelter_id, since=since - WINDOW, until=until)
    flagged = review(events, settings=settings, report_from=since)
    explanations = _rule_explanations(settings)
    rules = [
        {
            "label": rule.label,
            "explanation": explanations[rule],
            "count": sum(rule in item.rules for item in flagged),
        }
        for rule in Rule
    ]
    newest = list(reversed(flagged))[:REVIEW_MAX_ROWS]
    rows = [
        {
            "at": timezone.localtime(item.event.at),
            "who": staff_name(item.event.actor),
            "what": action_label(item.event.action),
            "rules": [{"label": rule.label} for rule in item.rules],
            "stay_id": item.event.stay_id,
        }
        for item in newest
    ]
    context = {
        "flagged": rows,
        "rules": rules,
        "days": REVIEW_DAYS,
        "total": len(flagged),
        "truncated": len(flagged) > len(rows),
        "nav": "review",
    }
    return render_case_page(
        request, "audit/review_list.html", context, action="audit.review_viewed", obj=membership.shelter
    )


@require_GET
def access_report(request, resident_id):
    """The resident's access report as a PDF. Printing it is recorded first, so it lists itself."""
    resident = access.get_resident_for_access_report(request.user, resident_id)
    services.access_report_record(actor=request.user, resident=resident)
    pdf = access_report_pdf(
        resident=resident,
        stays=selectors.resident_stays(resident),
        events=selectors.resident_access_events(resident),
        generated_by=request.user,
        generated_at=timezone.now(),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    # A neutral file name: no resident's name in a downloads folder or browser history.
    response["Content-Disposition"] = 'attachment; filename="innsynsrapport.pdf"'
    return response
