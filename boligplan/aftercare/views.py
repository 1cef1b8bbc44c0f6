"""The follow-up after the stay. Each view: access → form → service → response."""

import datetime

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from boligplan.children.access import children_visible_to
from boligplan.core.access import require_capability
from boligplan.core.forms import today
from boligplan.core.pages import form_page, render_case_page
from boligplan.core.roles import Capability
from boligplan.residents.access import get_stay_for_user

from . import access, services
from .choices import ContactKind
from .forms import FollowUpContactForm, FollowUpPlanForm
from .selectors import NO_PLAN_LOOKBACK_DAYS


def _back_to_stay(stay):
    """The resident's page, at this app's section (its anchor; the Referer opens its fold)."""
    url = reverse("residents:stay-detail", kwargs={"stay_id": stay.pk})
    return redirect(f"{url}#s-flytting")


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

    return form_page(
        request,
        form=build(request.POST or None, plan),
        save=lambda form: services.followup_plan_save(
            actor=request.user,
            stay=stay,
            values=form.values(),
            today=now,
            expected_version=form.cleaned_data["version"],
        ),
        template="aftercare/plan_edit.html",
        context={"stay": stay, "plan": plan, "has_children": has_children},
        action="followup_plan.viewed",
        stay=stay,
        obj=plan,
        success=_("Planen for tiden etter oppholdet er lagret."),
        done=_back_to_stay(stay),
        conflict_form=build,
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
        initial={"contacted_on": now, "kind": ContactKind.PHONE},
    )
    return form_page(
        request,
        form=form,
        save=lambda form: services.followup_contact_record(
            actor=request.user, stay=stay, values=form.values(), today=now
        ),
        template="aftercare/contact_form.html",
        context=lambda: {"stay": stay, "plan": plan, "contacts": list(access.contacts_for_stay(request.user, stay))},
        action="stay.viewed",
        stay=stay,
        success=_("Kontakten er registrert."),
        done=_back_to_stay(stay),
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
