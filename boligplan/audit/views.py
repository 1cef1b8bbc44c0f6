"""The leader's view of the audit log: the review page and the resident's access report."""

import datetime
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from boligplan.core.languages import document_language
from boligplan.core.pages import render_case_page

from . import access, selectors, services
from .forms import ReviewFilterForm
from .labels import action_label
from .report import LANGUAGES as REPORT_LANGUAGES
from .report import access_report_pdf, staff_name
from .review import WINDOW, ReviewSettings, Rule, review

REVIEW_DAYS = 30
REVIEW_PER_PAGE = 50  # newest first; the counts per rule cover the whole period


def _rule_explanations(settings: ReviewSettings) -> dict[str, str]:
    if settings.working_hours is None:
        outside_hours = _("Gjelder ikke: senteret er døgnbemannet.")
    else:
        start, end = settings.working_hours
        outside_hours = _("Bruk før kl. %(start)02d.00 eller fra kl. %(end)02d.00.") % {"start": start, "end": end}
    return {
        Rule.NOT_ASSIGNED: _("En ansatt åpnet en sak der en annen er kontaktperson."),
        Rule.OUTSIDE_HOURS: outside_hours,
        Rule.MANY_CASES: _("Samme ansatt åpnet flere enn %(count)d ulike saker i løpet av en time.")
        % {"count": settings.max_cases_per_hour},
        Rule.BULK_EXPORT: _("Alle uttrekk av data fra systemet."),
        Rule.MANY_EXPORTS: _("Samme person lastet ned flere enn %(count)d filer samme dag.")
        % {"count": settings.max_exports_per_day},
    }


def _rule_choice(rule: Rule, explanation: str, count: int):
    counted = ngettext("%(count)d hendelse", "%(count)d hendelser", count) % {"count": count}
    return format_html('<strong>{}</strong> – {} <span class="app-muted">({})</span>', rule.label, explanation, counted)


@require_GET
def review_list(request):
    membership = access.require_leader(request.user)
    shelter = membership.shelter
    settings = ReviewSettings.for_shelter(shelter)
    until = timezone.now()
    since = until - datetime.timedelta(days=REVIEW_DAYS)
    # One hour before the period as well, so a burst that began just before it is counted.
    events = selectors.events_for_review(shelter_id=shelter.pk, since=since - WINDOW, until=until)
    flagged = review(events, settings=settings, report_from=since)
    explanations = _rule_explanations(settings)
    staff = [(user, staff_name(user)) for user in selectors.staff_for_review(shelter_id=shelter.pk)]
    form = ReviewFilterForm(
        request.GET,
        rule_choices=[
            (rule.value, _rule_choice(rule, explanations[rule], sum(rule in item.rules for item in flagged)))
            for rule in Rule
        ],
        staff=staff,
    )
    page = None
    chosen: list = []
    filters: dict = {}
    if form.is_valid():
        rule, actor = form.cleaned_data["regel"], form.cleaned_data["ansatt"]
        chosen = [
            item
            for item in reversed(flagged)  # newest first
            if (not rule or rule in item.rules) and (not actor or str(item.event.actor_id) == actor)
        ]
        page = Paginator(chosen, REVIEW_PER_PAGE).get_page(form.cleaned_data["side"])
        filters = {name: form.cleaned_data[name] for name in ("regel", "ansatt") if form.cleaned_data[name]}
    rows = [
        {
            "at": timezone.localtime(item.event.at),
            "who": staff_name(item.event.actor),
            "what": action_label(item.event.action),
            "rules": [{"label": rule.label} for rule in item.rules],
            "stay_id": item.event.stay_id,
        }
        for item in (page.object_list if page is not None else [])
    ]
    context = {
        "form": form,
        "flagged": rows,
        "page": page,
        "pager_extra": "&" + urlencode(filters) if filters else "",
        "shown": len(chosen),
        "filtered": page is not None and bool(filters),
        "days": REVIEW_DAYS,
        "total": len(flagged),
        "around_the_clock": settings.working_hours is None,
        "nav": "review",
    }
    return render_case_page(
        request,
        "audit/review_list.html",
        context,
        action="audit.review_viewed",
        obj=shelter,
        status=200 if page is not None else 400,
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
        lang=document_language(request.GET.get("lang"), REPORT_LANGUAGES),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    # A neutral file name: no resident's name in a downloads folder or browser history.
    response["Content-Disposition"] = 'attachment; filename="innsynsrapport.pdf"'
    return response
