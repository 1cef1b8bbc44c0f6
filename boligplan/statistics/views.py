"""The statistics pages: the dashboard, figure CSVs and the national exports.

Every view asks for VIEW_STATISTICS first; the per-stay rows also need VIEW_CASES. Every download
writes an audit row (export.*), and so does viewing the dashboard (statistics.viewed).

Who sees what (disclosure.py): a leader (who can open every case anyway) sees her own shelter's
figures exactly, for any period. The statistics-only role sees whole ended years, published by
the disclosure rule. The national report leaves the shelter, so it is always published by that
rule, for whole ended years, whoever downloads it.
"""

import hashlib
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from boligplan.audit.services import audit_record
from boligplan.core.access import require_capability
from boligplan.core.dataversion import cached, for_request, page_version, render_fragment
from boligplan.core.forms import today
from boligplan.core.frame import framed
from boligplan.core.roles import Capability

from . import disclosure, exports
from .figures import dashboard as figures
from .forms import NATIONAL_REASON, STATISTICS_ROLE_REASON, period_form
from .queries.scope import Period, Scope

CSV = "text/csv; charset=utf-8"
# The national rows and the aggregated report leave the shelter for the national statistics: they
# are written in bokmål, the source language, whatever the interface language of whoever downloads.
NATIONAL_LANGUAGE = "nb"


def _policy(membership) -> disclosure.Policy:
    # Exact figures only for someone who may open the cases behind them anyway.
    return disclosure.EXACT if membership.can(Capability.VIEW_CASES) else disclosure.PROTECTED


def _form(request, membership, *, national: bool = False):
    if national:
        return period_form(request.GET, today=today(), whole_years_only=True, reason=NATIONAL_REASON)
    protected = not _policy(membership).exact
    return period_form(
        request.GET, today=today(), whole_years_only=protected, reason=STATISTICS_ROLE_REASON if protected else ""
    )


def _scope(membership, period: Period, policy: disclosure.Policy) -> Scope:
    # A published year is seen as of its last day, so it reads the same whenever it is fetched.
    as_of = today() if policy.exact else min(today(), period.end)
    return Scope(period=period, today=as_of, shelter_id=membership.shelter_id)


def _statistics_page(request, membership, form, *, status: int = 200):
    policy = _policy(membership)
    context = {
        "form": form,
        "shelter": membership.shelter,
        "years": _recent_years(policy),
        "protected": not policy.exact,
    }
    if not form.is_valid():
        body = for_request(request, render_fragment(request, "statistics/_dashboard_content.html", context))
        return render(
            request,
            "statistics/dashboard.html",
            {"nav": "statistics", "form": form, "dashboard_content": body},
            status=status,
        )
    scope = _scope(membership, form.period, policy)
    day = today()

    def build() -> str:
        context.update(figures.dashboard_context(scope, policy))
        context["query"] = urlencode({"fra": form.period.start.isoformat(), "til": form.period.end.isoformat()})
        context["can_export_rows"] = _may_export_rows(membership)
        context["national_ok"] = disclosure.is_whole_ended_year(form.period.start, form.period.end, today=day)
        return render_fragment(request, "statistics/_dashboard_content.html", context)

    # The page's body, rendered, cached per shelter until its data moves (ADR 0025, 0029): the
    # figures are the page's whole cost, and the same period is asked for again and again. The
    # query is in the key as typed (the form shows it back); the role decides the policy and the
    # export links; the day decides "as of", the years offered and the national report's link.
    asked = hashlib.sha256(request.GET.urlencode().encode()).hexdigest()
    html = cached(
        membership.shelter_id,
        "dashboard-page",
        build,
        vary=[scope.period.start, scope.period.end, scope.today, policy.exact, membership.role, day, asked],
        version=page_version(membership, membership.shelter_id),
    )
    page = framed(
        request,
        "statistics/dashboard.html",
        nav="statistics",
        content_name="dashboard_content",
        content=html,
    )
    return HttpResponse(page, status=status)


def _recent_years(policy: disclosure.Policy) -> list[int]:
    year = today().year if policy.exact else disclosure.last_ended_year(today())
    return [year - offset for offset in range(5)]


def _may_export_rows(membership) -> bool:
    # One row per stay is about people, even without names: it needs both capabilities, which
    # today only the leader holds.
    return membership.can(Capability.VIEW_STATISTICS) and membership.can(Capability.VIEW_CASES)


def _period_or_page(request, membership, *, national: bool = False):
    """(period, None) for a valid period; (None, the dashboard with the errors, 400) otherwise."""
    form = _form(request, membership, national=national)
    if not form.is_valid():
        return None, _statistics_page(request, membership, form, status=400)
    return form.period, None


def _download(content: bytes, *, content_type: str, name: str, period: Period) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    stem, extension = name.rsplit(".", 1)
    filename = f"boligplan-{stem}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _audit_export(request, membership, action: str, fields=()):
    audit_record(
        actor=request.user,
        action=action,
        obj=membership.shelter,
        shelter_id=membership.shelter_id,
        fields=fields,
        read=True,  # a download or a look at figures changes no data
    )


@require_GET
def dashboard(request):
    membership = require_capability(request.user, Capability.VIEW_STATISTICS)
    form = _form(request, membership)
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
    period, error_page = _period_or_page(request, membership)
    if error_page:
        return error_page
    policy = _policy(membership)
    built = figures.figure(_scope(membership, period, policy), figure, policy)
    note = "" if policy.exact else exports.rounding_note(disclosure.base(), disclosure.minimum())
    _audit_export(request, membership, "export.figure_csv", fields=[figure])
    return _download(exports.figure_csv(built, note=note), content_type=CSV, name=f"{figure}.csv", period=period)


@require_GET
def national_rows(request):
    membership = require_capability(request.user, Capability.VIEW_STATISTICS)
    if not _may_export_rows(membership):
        raise PermissionDenied
    period, error_page = _period_or_page(request, membership)
    if error_page:
        return error_page
    with translation.override(NATIONAL_LANGUAGE):
        content = exports.write_csv(exports.national_rows(_scope(membership, period, disclosure.EXACT)))
    _audit_export(request, membership, "export.national_rows")
    return _download(content, content_type=CSV, name="opphold.csv", period=period)


def _national_report(request, membership):
    period, error_page = _period_or_page(request, membership, national=True)
    if error_page:
        return None, None, error_page
    with translation.override(NATIONAL_LANGUAGE):
        report = exports.national_report(_scope(membership, period, disclosure.PROTECTED), generated=today())
    return period, report, None


@require_GET
def national_report_csv(request):
    membership = require_capability(request.user, Capability.VIEW_STATISTICS)
    period, report, error_page = _national_report(request, membership)
    if error_page:
        return error_page
    _audit_export(request, membership, "export.national_report_csv")
    with translation.override(NATIONAL_LANGUAGE):
        content = exports.national_report_csv(report)
    return _download(content, content_type=CSV, name="rapport.csv", period=period)


@require_GET
def national_report_pdf(request):
    membership = require_capability(request.user, Capability.VIEW_STATISTICS)
    period, report, error_page = _national_report(request, membership)
    if error_page:
        return error_page
    with translation.override(NATIONAL_LANGUAGE):
        content = exports.national_report_pdf(report, shelter_name=membership.shelter.name)
    _audit_export(request, membership, "export.national_report_pdf")
    return _download(content, content_type="application/pdf", name="rapport.pdf", period=period)
