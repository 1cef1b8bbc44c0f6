"""The follow-up after the stay. Each view: access → form → service → response."""

import datetime

from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from boligplan.children.access import children_visible_to
from boligplan.core.access import require_capability
from boligplan.core.dataversion import cached, page_version, render_fragment
from boligplan.core.formflow import CasePage, FormFlow
from boligplan.core.forms import today
from boligplan.core.pages import back_to_stay, framed_case_page
from boligplan.core.roles import Capability
from boligplan.residents.access import get_stay_for_user

from . import access, services
from .choices import ContactKind
from .forms import FollowUpContactForm, FollowUpPlanForm
from .selectors import NO_PLAN_LOOKBACK_DAYS

# Saves come back to this app's section of the resident's page (its anchor; the Referer opens its fold).
SECTION = "s-flytting"


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

    def save(form):
        return services.followup_plan_save(
            actor=request.user,
            stay=stay,
            values=form.values(),
            today=now,
            expected_version=form.cleaned_data["version"],
        )

    return FormFlow(
        form=build(request.POST or None, plan),
        save=save,
        success=_("Planen for tiden etter oppholdet er lagret."),
        done=back_to_stay(stay, SECTION),
        page=CasePage(
            "aftercare/plan_edit.html",
            {"stay": stay, "plan": plan, "has_children": has_children},
            action="followup_plan.viewed",
            stay=stay,
            obj=plan,
        ),
        conflict_form=build,
    ).respond(request)


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
    return FormFlow(
        form=form,
        save=lambda form: services.followup_contact_record(
            actor=request.user, stay=stay, values=form.values(), today=now
        ),
        success=_("Kontakten er registrert."),
        done=back_to_stay(stay, SECTION),
        page=CasePage(
            "aftercare/contact_form.html",
            lambda: {"stay": stay, "plan": plan, "contacts": list(access.contacts_for_stay(request.user, stay))},
            stay=stay,
        ),
    ).respond(request)


@require_GET
def followup_due(request):
    membership = require_capability(request.user, Capability.VIEW_CASES)
    now = today()

    def build() -> str:
        since = now - datetime.timedelta(days=NO_PLAN_LOOKBACK_DAYS)
        context = {
            "due": list(access.followups_due(request.user, today=now)),
            "without_plan": list(access.departed_without_plan(request.user, since=since)),
            "today": now,
            "lookback_days": NO_PLAN_LOOKBACK_DAYS,
        }
        return render_fragment(request, "aftercare/_followup_due_content.html", context)

    # Cached per shelter until its data moves (ADR 0025, 0029), in its frame (ADR 0030). The day
    # decides what is due; the role decides the edit links.
    html = cached(
        membership.shelter_id,
        "followup-page",
        build,
        vary=[now, membership.role],
        version=page_version(membership, membership.shelter_id),
    )
    return framed_case_page(
        request,
        "aftercare/followup_due.html",
        nav="followup",
        content_name="followup_content",
        content=html,
        action="followups.listed",
        obj=membership.shelter,
    )
