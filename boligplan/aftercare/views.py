"""The follow-up after the stay. Each view: access → form → service → response."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from boligplan.children.access import children_visible_to
from boligplan.core.access import require_capability
from boligplan.core.concurrency import EditConflict
from boligplan.core.forms import add_service_errors, today
from boligplan.core.pages import conflict_response, render_case_page
from boligplan.core.roles import Capability
from boligplan.residents.access import get_stay_for_user

from . import access, services
from .forms import FollowUpContactForm, FollowUpPlanForm
from .selectors import NO_PLAN_LOOKBACK_DAYS


def _back_to_stay(stay):
    return redirect("residents:stay-detail", stay_id=stay.pk)


def _has_children(user, stay) -> bool:
    return children_visible_to(user).filter(stay=stay).exists()


@require_http_methods(["GET", "POST"])
def plan_edit(request, stay_id):
    stay = get_stay_for_user(request.user, stay_id, for_change=True)
    plan = access.plan_for_stay(request.user, stay)
    has_children = _has_children(request.user, stay)
    now = today()

    def build(data, instance):
        return FollowUpPlanForm(data, instance=instance, stay=stay, has_children=has_children, today=now)

    form = build(request.POST or None, plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.followup_plan_save(
                actor=request.user,
                stay=stay,
                values=form.values(),
                today=now,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflict as conflict:
            return conflict_response(request, conflict, build, stay=stay)
        else:
            messages.success(request, _("Planen for tiden etter oppholdet er lagret."))
            return _back_to_stay(stay)
    return render_case_page(
        request,
        "aftercare/plan_edit.html",
        {"stay": stay, "form": form, "plan": plan, "has_children": has_children},
        action="followup_plan.viewed",
        stay=stay,
        obj=plan,
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def contact_create(request, stay_id):
    stay = get_stay_for_user(request.user, stay_id, for_change=True)
    plan = access.plan_for_stay(request.user, stay)
    now = today()
    form = FollowUpContactForm(
        request.POST or None,
        stay=stay,
        plan=plan,
        has_children=_has_children(request.user, stay),
        today=now,
        initial={"contacted_on": now, "kind": "telefon"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.followup_contact_record(actor=request.user, stay=stay, values=form.values(), today=now)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Kontakten er registrert."))
            return _back_to_stay(stay)
    contacts = list(access.contacts_for_stay(request.user, stay))
    return render_case_page(
        request,
        "aftercare/contact_form.html",
        {"stay": stay, "form": form, "plan": plan, "contacts": contacts},
        action="stay.viewed",
        stay=stay,
        status=400 if form.errors else 200,
    )


@require_GET
def followup_due(request):
    membership = require_capability(request.user, Capability.VIEW_CASES)
    now = today()
    since = now - datetime.timedelta(days=NO_PLAN_LOOKBACK_DAYS)
    context = {
        "due": list(access.followups_due(request.user, today=now)),
        "without_plan": list(access.departed_without_plan(request.user, since=since)),
        "today": now,
        "lookback_days": NO_PLAN_LOOKBACK_DAYS,
        "nav": "followup",
    }
    return render_case_page(
        request, "aftercare/followup_due.html", context, action="followups.listed", obj=membership.shelter
    )
