"""The housing work on a stay. Each view: access → form/service → response."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from boligplan.core.concurrency import EditConflict
from boligplan.core.forms import add_service_errors, today
from boligplan.core.pages import conflict_response, render_case_page
from boligplan.residents.access import get_stay_for_user, staff_of_shelter

from . import access, services
from .choices import ApplicationKind, Track
from .forms import ApplicationForm, AssessmentForm, NotificationForm, TaskForm, TracksForm
from .letters import LetterRefused, letter_filename

# Days after sending that the form suggests chasing an unanswered notification.
FOLLOW_UP_DAYS = 7


def _back_to_stay(stay):
    return redirect("residents:stay-detail", stay_id=stay.pk)


def _refuse_if_ended(request, stay):
    """Tracks and new tasks belong to a stay in progress; an ended stay keeps its history as is."""
    if stay.is_current:
        return None
    messages.error(request, _("Oppholdet er avsluttet. Spor og nye oppgaver kan ikke endres lenger."))
    return _back_to_stay(stay)


@require_http_methods(["GET", "POST"])
def assessment_edit(request, stay_id):
    stay = get_stay_for_user(request.user, stay_id, for_change=True)
    assessment = access.assessment_for_stay(request.user, stay)
    form = AssessmentForm(request.POST or None, instance=assessment)
    if request.method == "POST" and form.is_valid():
        complete = bool(request.POST.get("complete"))
        try:
            services.assessment_save(
                actor=request.user,
                stay=stay,
                values=form.values(),
                complete=complete,
                today=today(),
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as conflict:
            return conflict_response(
                request, conflict, lambda data, current: AssessmentForm(data, instance=current), stay=stay
            )
        messages.success(
            request, _("Boligkartleggingen er fullført.") if complete else _("Boligkartleggingen er lagret som utkast.")
        )
        return _back_to_stay(stay)
    return render_case_page(
        request,
        "housing/assessment_edit.html",
        {"stay": stay, "form": form, "assessment": assessment},
        action="assessment.viewed",
        stay=stay,
        obj=assessment,
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def tracks_edit(request, stay_id):
    stay = get_stay_for_user(request.user, stay_id, for_change=True)
    if refused := _refuse_if_ended(request, stay):
        return refused
    current = [t.track for t in access.tracks_for_stay(request.user, stay)]
    form = TracksForm(request.POST or None, initial={"tracks": current})
    if request.method == "POST" and form.is_valid():
        created = services.tracks_set(actor=request.user, stay=stay, tracks=form.cleaned_data["tracks"], today=today())
        messages.success(
            request, _("Sporene er lagret. %(count)s foreslåtte oppgaver ble lagt til.") % {"count": len(created)}
        )
        return _back_to_stay(stay)
    return render_case_page(
        request,
        "housing/tracks_edit.html",
        {"stay": stay, "form": form, "current": current},
        action="stay.viewed",
        stay=stay,
        status=400 if form.errors else 200,
    )


@require_POST
def track_remove(request, stay_id, track):
    stay = get_stay_for_user(request.user, stay_id, for_change=True)
    if refused := _refuse_if_ended(request, stay):
        return refused
    if track not in Track.values:
        raise Http404
    services.track_remove(actor=request.user, stay=stay, track=track)
    messages.success(request, _("Sporet er fjernet. Oppgavene fra sporet er beholdt."))
    return _back_to_stay(stay)


@require_http_methods(["GET", "POST"])
def task_create(request, stay_id):
    stay = get_stay_for_user(request.user, stay_id, for_change=True)
    if refused := _refuse_if_ended(request, stay):
        return refused
    form = TaskForm(
        request.POST or None,
        staff=staff_of_shelter(request.user),
        stay=stay,
        initial={"responsible_party": "krisesenter"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.task_create(actor=request.user, stay=stay, **form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Oppgaven er lagt til."))
            return _back_to_stay(stay)
    return render_case_page(
        request,
        "housing/task_form.html",
        {"stay": stay, "form": form, "task": None},
        action="stay.viewed",
        stay=stay,
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def task_edit(request, task_id):
    task = access.get_task_for_user(request.user, task_id, for_change=True)
    stay = task.stay
    form = TaskForm(request.POST or None, instance=task, staff=staff_of_shelter(request.user), stay=stay)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_update(
                actor=request.user, task=task, values=form.values(), expected_version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflict as conflict:
            staff = staff_of_shelter(request.user)
            return conflict_response(
                request,
                conflict,
                lambda data, current: TaskForm(data, instance=current, staff=staff, stay=stay),
                stay=stay,
            )
        else:
            messages.success(request, _("Oppgaven er oppdatert."))
            return _back_to_stay(stay)
    return render_case_page(
        request,
        "housing/task_form.html",
        {"stay": stay, "form": form, "task": task},
        action="task.viewed",
        stay=stay,
        obj=task,
        status=400 if form.errors else 200,
    )


@require_POST
def task_toggle_done(request, task_id):
    task = access.get_task_for_user(request.user, task_id, for_change=True)
    done = request.POST.get("done") == "1"
    version = request.POST.get("version", "")
    try:
        services.task_set_done(
            actor=request.user,
            task=task,
            done=done,
            today=today(),
            expected_version=int(version) if version.isdigit() else None,
        )
    except EditConflict:
        messages.error(request, _("Oppgaven ble endret av noen andre i mellomtiden. Se hvordan den står nå."))
        return _back_to_stay(task.stay)
    messages.success(request, _("Oppgaven er merket som utført.") if done else _("Oppgaven er åpnet igjen."))
    return _back_to_stay(task.stay)


def _create_record(request, *, stay, form, record, template: str, name: str, message: str, extra=None):
    """Shared by the pages that add a record to a stay: save through `record`, or show errors."""
    if request.method == "POST" and form.is_valid():
        try:
            record(actor=request.user, stay=stay, values=form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, message)
            return _back_to_stay(stay)
    return render_case_page(
        request,
        template,
        {"stay": stay, "form": form, name: None, **(extra or {})},
        action="stay.viewed",
        stay=stay,
        status=400 if form.errors else 200,
    )


def _edit_record(
    request, *, instance, form_class, update, template: str, name: str, message: str, initial=None, extra=None
):
    """Shared by the pages that edit a stay's record: versioned save, conflict page, or errors."""
    stay = instance.stay
    form = form_class(request.POST or None, instance=instance, stay=stay, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            update(actor=request.user, values=form.values(), expected_version=form.cleaned_data["version"])
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflict as conflict:
            return conflict_response(
                request, conflict, lambda data, current: form_class(data, instance=current, stay=stay), stay=stay
            )
        else:
            messages.success(request, message)
            return _back_to_stay(stay)
    return render_case_page(
        request,
        template,
        {"stay": stay, "form": form, name: instance, **(extra or {})},
        action=f"{name}.viewed",
        stay=stay,
        obj=instance,
        status=400 if form.errors else 200,
    )


def _suggested_municipality(user, stay) -> str:
    assessment = access.assessment_for_stay(user, stay)
    return assessment.previous_municipality if assessment else ""


@require_http_methods(["GET", "POST"])
def notification_create(request, stay_id):
    stay = get_stay_for_user(request.user, stay_id, for_change=True)
    initial = {
        "sent_on": today(),
        "agency": request.GET.get("til", ""),
        # A suggestion: chase the agency after a week if nothing has come.
        "follow_up_on": today() + datetime.timedelta(days=FOLLOW_UP_DAYS),
        "municipality": _suggested_municipality(request.user, stay),
    }
    return _create_record(
        request,
        stay=stay,
        form=NotificationForm(request.POST or None, stay=stay, initial=initial),
        record=services.notification_record,
        template="housing/notification_form.html",
        name="notification",
        message=_("Henvendelsen er registrert."),
        extra={"letter_to_options": access.letter_recipients(request.user)},
    )


@require_http_methods(["GET", "POST"])
def notification_edit(request, notification_id):
    notification = access.get_notification_for_user(request.user, notification_id, for_change=True)
    initial = None
    if not notification.municipality:
        initial = {"municipality": _suggested_municipality(request.user, notification.stay)}
    return _edit_record(
        request,
        instance=notification,
        form_class=NotificationForm,
        update=lambda **kwargs: services.notification_update(notification=notification, **kwargs),
        template="housing/notification_form.html",
        name="notification",
        message=_("Henvendelsen er oppdatert."),
        initial=initial,
        extra={"letter_to_options": access.letter_recipients(request.user)},
    )


@require_GET
def notification_letter(request, notification_id):
    """The letter to NAV or the housing office as a PDF. Never carries an address of the resident."""
    notification = access.get_notification_for_user(request.user, notification_id)
    stay = notification.stay
    try:
        pdf = services.notification_letter_print(
            actor=request.user,
            notification=notification,
            children_birth_years=access.children_birth_years(request.user, stay),
            assessment=access.assessment_for_stay(request.user, stay),
        )
    except LetterRefused:
        messages.error(request, _("Registrer beboerens samtykke på henvendelsen før dere lager brev."))
        return _back_to_stay(stay)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{letter_filename(notification)}"'
    return response


@require_http_methods(["GET", "POST"])
def application_create(request, stay_id):
    stay = get_stay_for_user(request.user, stay_id, for_change=True)
    initial = {"sent_on": today(), "status": "sendt"}
    # Other pages link here for one kind (the rental search asks for a deposit guarantee).
    if request.GET.get("soknad") in ApplicationKind.values:
        initial["kind"] = request.GET["soknad"]
    return _create_record(
        request,
        stay=stay,
        form=ApplicationForm(request.POST or None, stay=stay, initial=initial),
        record=services.application_record,
        template="housing/application_form.html",
        name="application",
        message=_("Søknaden er registrert."),
    )


@require_http_methods(["GET", "POST"])
def application_edit(request, application_id):
    application = access.get_application_for_user(request.user, application_id, for_change=True)
    return _edit_record(
        request,
        instance=application,
        form_class=ApplicationForm,
        update=lambda **kwargs: services.application_update(application=application, **kwargs),
        template="housing/application_form.html",
        name="application",
        message=_("Søknaden er oppdatert."),
    )
