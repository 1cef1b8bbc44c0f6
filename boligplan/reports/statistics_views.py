"""The statistics pages: the leader's dashboard, figure CSVs and the national exports.

Every view asks for VIEW_STATISTICS first; the per-stay rows also need VIEW_CASES. Every download
writes an audit row (export.*), and so does viewing the dashboard (statistics.viewed).
"""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from boligplan.audit.services import audit_record
from boligplan.core.access import require_capability
from boligplan.core.forms import today
from boligplan.core.roles import Capability

from . import exports, figures, statistics
from .forms import period_form

CSV = "text/csv; charset=utf-8"


def _statistics_page(request, membership, form, *, status: int = 200):
    context = {"nav": "statistics", "form": form, "shelter": membership.shelter, "years": _recent_years()}
    if form.is_valid():
        scope = statistics.Scope(period=form.period, today=today(), shelter_id=membership.shelter_id)
        context.update(figures.dashboard_context(scope))
        context["query"] = urlencode({"fra": form.period.start.isoformat(), "til": form.period.end.isoformat()})
        context["can_export_rows"] = _may_export_rows(membership)
    return render(request, "reports/dashboard.html", context, status=status)


def _recent_years() -> list[int]:
    year = today().year
    return [year - offset for offset in range(5)]


def _may_export_rows(membership) -> bool:
    # One row per stay is about people, even without names: it needs both capabilities, which
    # today only the leader holds.
    return membership.can(Capability.VIEW_STATISTICS) and membership.can(Capability.VIEW_CASES)


def _period_or_page(request, membership):
    """(scope, None) for a valid period; (None, the dashboard with the errors, 400) otherwise."""
    form = period_form(request.GET, today=today())
    if not form.is_valid():
        return None, _statistics_page(request, membership, form, status=400)
    return statistics.Scope(period=form.period, today=today(), shelter_id=membership.shelter_id), None


def _download(content: bytes, *, content_type: str, name: str, scope) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    stem, extension = name.rsplit(".", 1)
    filename = f"boligplan-{stem}-{scope.period.start:%Y%m%d}-{scope.period.end:%Y%m%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _audit_export(request, membership, action: str, fields=()):
    audit_record(
        actor=request.user, action=action, obj=membership.shelter, shelter_id=membership.shelter_id, fields=fields
    )


@require_GET
def dashboard(request):
    membership = require_capability(request.user, Capability.VIEW_STATISTICS)
    form = period_form(request.GET, today=today())
    status = 200 if form.is_valid() else 400
    response = _statistics_page(request, membership, form, status=status)
    if status == 200:
        _audit_export(request, membership, "statistics.viewed")
    return response


@require_GET
def figure_csv(request, figure):
    membership = require_capability(request.user, Capability.VIEW_STATISTICS)
    if figure not in figures.FIGURES:
        raise Http404
    scope, error_page = _period_or_page(request, membership)
    if error_page:
        return error_page
    built = figures.figure(scope, figure)
    _audit_export(request, membership, "export.figure_csv", fields=[figure])
    return _download(exports.figure_csv(built), content_type=CSV, name=f"{figure}.csv", scope=scope)


@require_GET
def national_rows(request):
    membership = require_capability(request.user, Capability.VIEW_STATISTICS)
    if not _may_export_rows(membership):
        raise PermissionDenied
    scope, error_page = _period_or_page(request, membership)
    if error_page:
        return error_page
    content = exports.write_csv(exports.national_rows(scope))
    _audit_export(request, membership, "export.national_rows")
    return _download(content, content_type=CSV, name="opphold.csv", scope=scope)


@require_GET
def national_report_csv(request):
    membership = require_capability(request.user, Capability.VIEW_STATISTICS)
    scope, error_page = _period_or_page(request, membership)
    if error_page:
        return error_page
    content = exports.national_report_csv(exports.national_report(scope))
    _audit_export(request, membership, "export.national_report_csv")
    return _download(content, content_type=CSV, name="rapport.csv", scope=scope)


@require_GET
def national_report_pdf(request):
    membership = require_capability(request.user, Capability.VIEW_STATISTICS)
    scope, error_page = _period_or_page(request, membership)
    if error_page:
        return error_page
    content = exports.national_report_pdf(exports.national_report(scope), shelter_name=membership.shelter.name)
    _audit_export(request, membership, "export.national_report_pdf")
    return _download(content, content_type="application/pdf", name="rapport.pdf", scope=scope)
