"""The housing work on a stay. Each view: access → form/service → response."""

import datetime

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from boligplan.core.formflow import CasePage, FormFlow
from boligplan.core.forms import today
from boligplan.core.pages import back_to_stay, refuse_if_ended
from boligplan.residents.access import get_stay_for_user, staff_of_shelter

from . import access, services
from .choices import Agency, ApplicationKind, ApplicationStatus, ResponsibleParty, Track
from .forms import (
    BOTH_AGENCIES,
    ApplicationForm,
    AssessmentForm,
    NotificationCreateForm,
    NotificationForm,
    TaskForm,
    TrackEndForm,
    TracksForm,
)
from .letters import LetterRefused, letter_filename
from .suggestions import tracks_suggested_by
from .task_done import set_done_from_post

# Days after sending that the form suggests chasing an unanswered notification.
FOLLOW_UP_DAYS = 7


def _refuse_if_ended(request, stay):
    """Tracks and new tasks belong to a stay in progress; an ended stay keeps its history as is."""
    message = _("Oppholdet er avsluttet. Spor og nye oppgaver kan ikke endres lenger.")
    return refuse_if_ended(request, stay, message=message, back=back_to_stay(stay))


@require_http_methods(["GET", "POST"])
def assessment_edit(request, stay_id):
    stay = get_stay_for_user(request.user, stay_id, for_change=True)
    assessment = access.assessment_for_stay(request.user, stay)
    complete = bool(request.POST.get("complete"))
    # Read before the form: a model form writes its input onto the instance.
    was_complete = assessment is not None and assessment.is_complete
    return FormFlow(
        form=AssessmentForm(request.POST or None, instance=assessment),
        save=lambda form: services.assessment_save(
            actor=request.user,
            stay=stay,
            values=form.values(),
            complete=complete,
            today=today(),
            expected_version=form.cleaned_data["version"],
        ),
        success=_("Boligkartleggingen er fullført.")
        if complete
        else _("Endringene er lagret. Kartleggingen er fortsatt fullført.")
        if was_complete
        else _("Boligkartleggingen er lagret som utkast."),
        done=back_to_stay(stay),
        page=CasePage(
            "housing/assessment_edit.html",
            {"stay": stay, "assessment": assessment},
            action="assessment.viewed",
            stay=stay,
            obj=assessment,
        ),
        conflict_form=lambda data, current: AssessmentForm(data, instance=current),
    ).respond(request)


@require_http_methods(["GET", "POST"])
def tracks_edit(request, stay_id):
    stay = get_stay_for_user(request.user, stay_id, for_change=True)
    if refused := _refuse_if_ended(request, stay):
        return refused
    current = [t.track for t in access.tracks_for_stay(request.user, stay).active()]
    return FormFlow(
        form=TracksForm(request.POST or None, initial={"tracks": current}),
        save=lambda form: services.tracks_set(
            actor=request.user, stay=stay, tracks=form.cleaned_data["tracks"], today=today()
        ),
        success=lambda created: (
            _("Sporene er lagret. %(count)s foreslåtte oppgaver ble lagt til.") % {"count": len(created)}
        ),
        done=back_to_stay(stay),
        page=CasePage(
            "housing/tracks_edit.html",
            {
                "stay": stay,
                "current": current,
                "suggested": [
                    Track(track).label
                    for track in tracks_suggested_by(access.assessment_for_stay(request.user, stay))
                    if track not in current
                ],
            },
            stay=stay,
        ),
    ).respond(request)


@require_http_methods(["GET", "POST"])
def track_remove(request, stay_id, track):
    """Ending a track asks first; the track is then kept as ended, with its tasks and dates."""
    stay = get_stay_for_user(request.user, stay_id, for_change=True)
    if refused := _refuse_if_ended(request, stay):
        return refused
    if track not in Track.values:
        raise Http404
    chosen = access.tracks_for_stay(request.user, stay).active().filter(track=track).first()
    if chosen is None:
        raise Http404
    return FormFlow(
        form=TrackEndForm(request.POST or None, initial={"ended_on": today()}),
        save=lambda form: services.track_end(
            actor=request.user, stay=stay, track=track, ended_on=form.cleaned_data["ended_on"]
        ),
        success=_("Sporet er avsluttet. Det vises fortsatt på beboeren, og oppgavene er beholdt."),
        done=back_to_stay(stay),
        page=CasePage("housing/track_end.html", {"stay": stay, "chosen": chosen}, stay=stay),
    ).respond(request)


@require_http_methods(["GET", "POST"])
def task_create(request, stay_id):
    stay = get_stay_for_user(request.user, stay_id, for_change=True)
    if refused := _refuse_if_ended(request, stay):
        return refused
    form = TaskForm(
        request.POST or None,
        staff=staff_of_shelter(request.user),
        stay=stay,
        initial={"responsible_party": ResponsibleParty.SHELTER},
    )
    return FormFlow(
        form=form,
        save=lambda form: services.task_create(actor=request.user, stay=stay, **form.values()),
        success=_("Oppgaven er lagt til."),
        done=back_to_stay(stay),
        page=CasePage("housing/task_form.html", {"stay": stay, "task": None}, stay=stay),
    ).respond(request)


@require_http_methods(["GET", "POST"])
def task_edit(request, task_id):
    task = access.get_task_for_user(request.user, task_id, for_change=True)
    stay = task.stay
    staff = staff_of_shelter(request.user)
    return FormFlow(
        form=TaskForm(request.POST or None, instance=task, staff=staff, stay=stay),
        save=lambda form: services.task_update(
            actor=request.user, task=task, values=form.values(), expected_version=form.cleaned_data["version"]
        ),
        success=_("Oppgaven er oppdatert."),
        done=back_to_stay(stay),
        page=CasePage(
            "housing/task_form.html", {"stay": stay, "task": task}, action="task.viewed", stay=stay, obj=task
        ),
        conflict_form=lambda data, current: TaskForm(data, instance=current, staff=staff, stay=stay),
    ).respond(request)


@require_POST
def task_toggle_done(request, task_id):
    task = access.get_task_for_user(request.user, task_id, for_change=True)
    done = request.POST.get("done") == "1"
    if conflict := set_done_from_post(request, task, done=done):
        messages.error(request, conflict)
        return back_to_stay(task.stay)
    messages.success(request, _("Oppgaven er merket som utført.") if done else _("Oppgaven er åpnet igjen."))
    return back_to_stay(task.stay)


def _suggested_municipality(user, stay) -> str:
    assessment = access.assessment_for_stay(user, stay)
    return assessment.previous_municipality if assessment else ""


def _record_notifications(user, stay, values: dict):
    """One notification, or (for both agencies) a list of two saved together."""
    housing_office_letter_to = values.pop("letter_to_housing_office", "")
    if values["agency"] == BOTH_AGENCIES:
        return services.notification_record_both(
            actor=user, stay=stay, values=values, housing_office_letter_to=housing_office_letter_to
        )
    return services.notification_record(actor=user, stay=stay, values=values)


@require_http_methods(["GET", "POST"])
def notification_create(request, stay_id):
    stay = get_stay_for_user(request.user, stay_id, for_change=True)
    agency = request.GET.get("til", "")
    initial = {
        "sent_on": today(),
        # Links ask for one agency (?til=nav) or both (?til=begge); anything else is no choice yet.
        "agency": agency if agency in (*Agency.values, BOTH_AGENCIES) else "",
        # A suggestion: chase the agency after a week if nothing has come.
        "follow_up_on": today() + datetime.timedelta(days=FOLLOW_UP_DAYS),
        "municipality": _suggested_municipality(request.user, stay),
    }
    return FormFlow(
        form=NotificationCreateForm(request.POST or None, stay=stay, initial=initial),
        save=lambda form: _record_notifications(request.user, stay, form.values()),
        success=lambda saved: (
            _("To henvendelser er registrert: én til Nav og én til boligkontoret.")
            if isinstance(saved, list)
            else _("Henvendelsen er registrert.")
        ),
        done=back_to_stay(stay),
        page=CasePage(
            "housing/notification_form.html",
            {"stay": stay, "notification": None, "letter_to_options": access.letter_recipients(request.user)},
            stay=stay,
        ),
    ).respond(request)


@require_http_methods(["GET", "POST"])
def notification_edit(request, notification_id):
    notification = access.get_notification_for_user(request.user, notification_id, for_change=True)
    stay = notification.stay
    initial = None
    if not notification.municipality:
        initial = {"municipality": _suggested_municipality(request.user, stay)}
    return FormFlow(
        form=NotificationForm(request.POST or None, instance=notification, stay=stay, initial=initial),
        save=lambda form: services.notification_update(
            actor=request.user,
            notification=notification,
            values=form.values(),
            expected_version=form.cleaned_data["version"],
        ),
        success=_("Henvendelsen er oppdatert."),
        done=back_to_stay(stay),
        page=CasePage(
            "housing/notification_form.html",
            {
                "stay": stay,
                "notification": notification,
                "letter_to_options": access.letter_recipients(request.user),
            },
            action="notification.viewed",
            stay=stay,
            obj=notification,
        ),
        conflict_form=lambda data, current: NotificationForm(data, instance=current, stay=stay),
    ).respond(request)


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
        return back_to_stay(stay)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{letter_filename(notification)}"'
    return response


@require_http_methods(["GET", "POST"])
def application_create(request, stay_id):
    stay = get_stay_for_user(request.user, stay_id, for_change=True)
    initial = {"sent_on": today(), "status": ApplicationStatus.SENT}
    # Other pages link here for one kind (the rental search asks for a deposit guarantee).
    if request.GET.get("soknad") in ApplicationKind.values:
        initial["kind"] = request.GET["soknad"]
    return FormFlow(
        form=ApplicationForm(request.POST or None, stay=stay, initial=initial),
        save=lambda form: services.application_record(actor=request.user, stay=stay, values=form.values()),
        success=_("Søknaden er registrert."),
        done=back_to_stay(stay),
        page=CasePage("housing/application_form.html", {"stay": stay, "application": None}, stay=stay),
    ).respond(request)


@require_http_methods(["GET", "POST"])
def application_edit(request, application_id):
    application = access.get_application_for_user(request.user, application_id, for_change=True)
    stay = application.stay
    return FormFlow(
        form=ApplicationForm(request.POST or None, instance=application, stay=stay),
        save=lambda form: services.application_update(
            actor=request.user,
            application=application,
            values=form.values(),
            expected_version=form.cleaned_data["version"],
        ),
        success=_("Søknaden er oppdatert."),
        done=back_to_stay(stay),
        page=CasePage(
            "housing/application_form.html",
            {"stay": stay, "application": application},
            action="application.viewed",
            stay=stay,
            obj=application,
        ),
        conflict_form=lambda data, current: ApplicationForm(data, instance=current, stay=stay),
    ).respond(request)
