"""The safety work on a stay. Each view: access → form/service → response."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from boligplan.core.forms import add_service_errors, today
from boligplan.core.pages import form_page, refuse_if_ended, render_case_page
from boligplan.residents.access import get_stay_for_user

from . import access, selectors, services
from .forms import ChecklistForm, MeasureForm, SafeReturnForm
from .measures import CHECKED_ON, EXPIRY_REMINDER_DAYS, facts_table


def _back_to_stay(stay):
    """The resident's page, at this app's section (its anchor; the Referer opens its fold)."""
    url = reverse("residents:stay-detail", kwargs={"stay_id": stay.pk})
    return redirect(f"{url}#s-sikkerhet")


@require_http_methods(["GET", "POST"])
def safe_return_edit(request, stay_id):
    stay = get_stay_for_user(request.user, stay_id, for_change=True)
    assessment = access.safe_return_for_stay(request.user, stay)
    complete = bool(request.POST.get("complete"))
    return form_page(
        request,
        form=SafeReturnForm(request.POST or None, instance=assessment, stay=stay, today=today()),
        save=lambda form: services.safe_return_save(
            actor=request.user,
            stay=stay,
            values=form.values(),
            complete=complete,
            today=today(),
            expected_version=form.cleaned_data["version"],
        ),
        template="safety/safe_return_edit.html",
        context=lambda: (
            {"stay": stay, "assessment": assessment} | selectors.safe_return_page(request.user, stay, today=today())
        ),
        action="safe_return.viewed",
        stay=stay,
        obj=assessment,
        success=_("Vurderingen er fullført.") if complete else _("Vurderingen er lagret som utkast."),
        done=_back_to_stay(stay),
        conflict_form=lambda data, current: SafeReturnForm(data, instance=current, stay=stay, today=today()),
    )


@require_http_methods(["GET", "POST"])
def measure_create(request, stay_id):
    stay = get_stay_for_user(request.user, stay_id, for_change=True)
    message = _("Oppholdet er avsluttet. Nye sikkerhetstiltak kan ikke registreres.")
    if refused := refuse_if_ended(request, stay, message=message, back=_back_to_stay(stay)):
        return refused
    return form_page(
        request,
        form=MeasureForm(request.POST or None, stay=stay, today=today(), initial={"status": "vurderes"}),
        save=lambda form: services.measure_record(actor=request.user, stay=stay, values=form.values(), today=today()),
        template="safety/measure_form.html",
        context={
            "stay": stay,
            "measure": None,
            "reminder_days": EXPIRY_REMINDER_DAYS,
            "facts": facts_table(),
            "checked_on": CHECKED_ON,
        },
        action="stay.viewed",
        stay=stay,
        success=_("Sikkerhetstiltaket er registrert."),
        done=_back_to_stay(stay),
    )


@require_http_methods(["GET", "POST"])
def measure_edit(request, measure_id):
    measure = access.get_measure_for_user(request.user, measure_id, for_change=True)
    stay = measure.stay
    return form_page(
        request,
        form=MeasureForm(request.POST or None, instance=measure, stay=stay, today=today()),
        save=lambda form: services.measure_update(
            actor=request.user,
            measure=measure,
            values=form.values(),
            today=today(),
            expected_version=form.cleaned_data["version"],
        ),
        template="safety/measure_form.html",
        # After validation: "lapsed" describes the measure as the form left it.
        context=lambda: {
            "stay": stay,
            "measure": measure,
            "lapsed": measure.has_lapsed(today()),
            "reminder_days": EXPIRY_REMINDER_DAYS,
            "facts": facts_table(),
            "checked_on": CHECKED_ON,
        },
        action="measure.viewed",
        stay=stay,
        obj=measure,
        success=_("Sikkerhetstiltaket er oppdatert."),
        done=_back_to_stay(stay),
        conflict_form=lambda data, current: MeasureForm(data, instance=current, stay=stay, today=today()),
    )


@require_http_methods(["GET", "POST"])
def checklist_edit(request, stay_id):
    stay = get_stay_for_user(request.user, stay_id, for_change=True)
    answers = {a.item_key: a for a in access.checklist_answers_for_stay(request.user, stay)}
    form = ChecklistForm(request.POST or None, answers=answers)
    conflict_titles, status = [], 200
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.checklist_save(actor=request.user, stay=stay, items=form.item_inputs(), today=today())
        except ValidationError as error:
            add_service_errors(form, error)
        except services.ChecklistConflict as conflict:
            # Keep the user's answers, carry the new versions, and name the items to look at again.
            fresh = {a.item_key: a for a in access.checklist_answers_for_stay(request.user, stay)}
            data = request.POST.copy()
            for key in conflict.keys:
                data[f"version_{key}"] = str(fresh[key].version if key in fresh else 0)
            answers, form = fresh, ChecklistForm(data, answers=fresh)
            form.is_valid()
            conflict_titles = [item.title for item in form.items if item.key in conflict.keys]
            status = 409
        else:
            messages.success(
                request,
                _("Sjekklisten er lagret (%(count)s punkter endret).") % {"count": saved}
                if saved
                else _("Ingen endringer på sjekklisten."),
            )
            return _back_to_stay(stay)
    context = {"stay": stay, "form": form, "answers": answers, "conflict_titles": conflict_titles}
    return render_case_page(
        request,
        "safety/checklist_edit.html",
        context,
        action="checklist.viewed",
        stay=stay,
        status=400 if form.errors else status,
    )
