"""The safety work on a stay. Each view: access → form/service → response."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from boligplan.core.formflow import CasePage, FormFlow
from boligplan.core.forms import today
from boligplan.core.pages import back_to_stay, refuse_if_ended
from boligplan.residents.access import get_stay_for_user

from . import access, selectors, services
from .forms import ChecklistForm, MeasureForm, SafeReturnForm
from .measures import CHECKED_ON, EXPIRY_REMINDER_DAYS, facts_table

# Saves come back to this app's section of the resident's page (its anchor; the Referer opens its fold).
SECTION = "s-sikkerhet"


@require_http_methods(["GET", "POST"])
def safe_return_edit(request, stay_id):
    stay = get_stay_for_user(request.user, stay_id, for_change=True)
    assessment = access.safe_return_for_stay(request.user, stay)
    complete = bool(request.POST.get("complete"))

    def save(form):
        return services.safe_return_save(
            actor=request.user,
            stay=stay,
            values=form.values(),
            complete=complete,
            today=today(),
            expected_version=form.cleaned_data["version"],
        )

    return FormFlow(
        form=SafeReturnForm(request.POST or None, instance=assessment, stay=stay, today=today()),
        save=save,
        success=_("Vurderingen er fullført.") if complete else _("Vurderingen er lagret som utkast."),
        done=back_to_stay(stay, SECTION),
        page=CasePage(
            "safety/safe_return_edit.html",
            lambda: (
                {"stay": stay, "assessment": assessment} | selectors.safe_return_page(request.user, stay, today=today())
            ),
            action="safe_return.viewed",
            stay=stay,
            obj=assessment,
        ),
        conflict_form=lambda data, current: SafeReturnForm(data, instance=current, stay=stay, today=today()),
    ).respond(request)


@require_http_methods(["GET", "POST"])
def measure_create(request, stay_id):
    stay = get_stay_for_user(request.user, stay_id, for_change=True)
    message = _("Oppholdet er avsluttet. Nye sikkerhetstiltak kan ikke registreres.")
    if refused := refuse_if_ended(request, stay, message=message, back=back_to_stay(stay, SECTION)):
        return refused
    return FormFlow(
        form=MeasureForm(request.POST or None, stay=stay, today=today(), initial={"status": "vurderes"}),
        save=lambda form: services.measure_record(actor=request.user, stay=stay, values=form.values(), today=today()),
        success=_("Sikkerhetstiltaket er registrert."),
        done=back_to_stay(stay, SECTION),
        page=CasePage(
            "safety/measure_form.html",
            {
                "stay": stay,
                "measure": None,
                "reminder_days": EXPIRY_REMINDER_DAYS,
                "facts": facts_table(),
                "checked_on": CHECKED_ON,
            },
            stay=stay,
        ),
    ).respond(request)


@require_http_methods(["GET", "POST"])
def measure_edit(request, measure_id):
    measure = access.get_measure_for_user(request.user, measure_id, for_change=True)
    stay = measure.stay

    def save(form):
        return services.measure_update(
            actor=request.user,
            measure=measure,
            values=form.values(),
            today=today(),
            expected_version=form.cleaned_data["version"],
        )

    def context():
        # After validation: "lapsed" describes the measure as the form left it.
        return {
            "stay": stay,
            "measure": measure,
            "lapsed": measure.has_lapsed(today()),
            "reminder_days": EXPIRY_REMINDER_DAYS,
            "facts": facts_table(),
            "checked_on": CHECKED_ON,
        }

    return FormFlow(
        form=MeasureForm(request.POST or None, instance=measure, stay=stay, today=today()),
        save=save,
        success=_("Sikkerhetstiltaket er oppdatert."),
        done=back_to_stay(stay, SECTION),
        page=CasePage("safety/measure_form.html", context, action="measure.viewed", stay=stay, obj=measure),
        conflict_form=lambda data, current: MeasureForm(data, instance=current, stay=stay, today=today()),
    ).respond(request)


@dataclass
class ChecklistFlow(FormFlow):
    """The checklist's lost race is per item: the page itself again, naming the items to look at."""

    stay: Any = None

    def conflict_page(self, request, conflict):
        # Keep the user's answers, carry the new versions, and name the items to look at again.
        keys = conflict.keys if isinstance(conflict, services.ChecklistConflict) else []
        fresh = {a.item_key: a for a in access.checklist_answers_for_stay(request.user, self.stay)}
        data = request.POST.copy()
        for key in keys:
            data[f"version_{key}"] = str(fresh[key].version if key in fresh else 0)
        form = ChecklistForm(data, answers=fresh)
        form.is_valid()
        titles = [item.title for item in form.items if item.key in keys]
        return self.show_form(request, form, status=409, answers=fresh, conflict_titles=titles)


@require_http_methods(["GET", "POST"])
def checklist_edit(request, stay_id):
    stay = get_stay_for_user(request.user, stay_id, for_change=True)
    answers = {a.item_key: a for a in access.checklist_answers_for_stay(request.user, stay)}
    return ChecklistFlow(
        form=ChecklistForm(request.POST or None, answers=answers),
        save=lambda form: services.checklist_save(
            actor=request.user, stay=stay, items=form.item_inputs(), today=today()
        ),
        success=lambda saved: (
            _("Sjekklisten er lagret (%(count)s punkter endret).") % {"count": saved}
            if saved
            else _("Ingen endringer på sjekklisten.")
        ),
        done=back_to_stay(stay, SECTION),
        page=CasePage(
            "safety/checklist_edit.html",
            {"stay": stay, "answers": answers, "conflict_titles": []},
            action="checklist.viewed",
            stay=stay,
        ),
        stay=stay,
    ).respond(request)
