"""Every write to the housing work: one transaction each, with its audit row inside it."""

import datetime
from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from boligplan.core.writes import audit_stay, completion_stamp, save_case_record, update_record
from boligplan.residents.models import Stay

from . import rules
from .choices import Agency, ResponsibleParty
from .letters import LetterRefused, build_letter, letter_pdf
from .models import Application, HousingAssessment, Notification, StayTrack, Task
from .suggestions import FLAG_EVENTS, TEMPORARY_DEPARTURE, TaskSuggestion, suggestions_for


def _check(field: str, message: str | None) -> None:
    if message:
        raise ValidationError({field: message})


@transaction.atomic
def assessment_save(
    *, actor, stay: Stay, values: dict, complete: bool, today: datetime.date, expected_version: int | None = None
) -> HousingAssessment:
    """Save the assessment as it is; `complete` records who finished it and when.

    Reopening is not offered: a completed assessment is edited in place and keeps its date,
    because the date answers "how fast did we start?", which later edits must not move.
    Raises EditConflict when someone else saved it after `expected_version` was loaded.
    """
    stored = HousingAssessment.objects.filter(stay=stay).first()
    # Checked as the row will be: what is not in `values` keeps its stored answer.
    as_saved = {name: getattr(stored, name) for name in rules.ASSESSMENT_CHECKED} if stored else {}
    completing = complete or (stored is not None and stored.is_complete)
    rules.raise_problems(rules.assessment_problems(as_saved | values, completing=completing))
    stamp = completion_stamp(stored, complete=complete, on="completed_on", by="completed_by", today=today, actor=actor)
    assessment, _changed = save_case_record(
        actor=actor,
        model=HousingAssessment,
        stay=stay,
        values={**values, **stamp},
        action="assessment.completed" if complete else "assessment.saved",
        expected_version=expected_version,
        stored=stored,
    )
    # Honour-related violence and human trafficking have national services of their own: the
    # flags bring their tasks (Kompetanseteamet, ROSA) at once, each once per stay.
    for flag, event in FLAG_EVENTS.items():
        if getattr(assessment, flag):
            _suggest(actor, stay, suggestions_for(event), start=today)
    return assessment


def _suggest(actor, stay: Stay, suggestions, *, start: datetime.date, track: str = "") -> list[Task]:
    """Tasks for `suggestions` not yet on the stay (by key), due from `start`."""
    already = set(Task.objects.filter(stay=stay).exclude(suggestion_key="").values_list("suggestion_key", flat=True))
    created = []
    for suggestion in suggestions:
        if suggestion.key in already:
            continue
        created.append(_suggested_task(actor, stay, suggestion, start=start, track=track))
        already.add(suggestion.key)
    return created


def _suggested_task(actor, stay: Stay, suggestion: TaskSuggestion, *, start: datetime.date, track: str, title=None):
    task = Task.objects.create(
        shelter_id=stay.shelter_id,
        stay=stay,
        title=title or suggestion.title,
        responsible_party=suggestion.party,
        assignee=stay.contact_person if suggestion.party == ResponsibleParty.SHELTER else None,
        due_date=start + datetime.timedelta(days=suggestion.due_days),
        track=track,
        suggestion_key=suggestion.key,
    )
    audit_stay(actor, "task.suggested", task, stay)
    return task


def temporary_departure_follow_up(*, actor, stay: Stay, reason_label: str) -> Task | None:
    """The follow-up task when a resident moves out to a temporary place (called inside the departure).

    Temporary solutions are to be avoided (Bufdir's shelter guide): someone must see to it that a
    permanent home follows. The reason staff gave is named in the task.
    """
    for suggestion in suggestions_for(TEMPORARY_DEPARTURE):
        title = _("%(title)s Årsak til midlertidig løsning: %(reason)s.") % {
            "title": suggestion.title,
            "reason": reason_label,
        }
        departed = cast(datetime.date, stay.departure_date)  # called by the departure, after it is set
        return _suggested_task(actor, stay, suggestion, start=departed, track="", title=title[:200])
    return None


@transaction.atomic
def tracks_set(*, actor, stay: Stay, tracks: list[str], today: datetime.date) -> list[Task]:
    """Make the stay's active tracks exactly `tracks`; new ones bring their suggested tasks, each once.

    A track left out is ended today (kept, with its history). A track chosen again after it was
    ended is reopened: it keeps the day it was first chosen, so statistics count from the real start.
    """
    stored = {t.track: t for t in StayTrack.objects.select_for_update().filter(stay=stay)}
    for dropped in sorted(name for name, t in stored.items() if t.is_active and name not in tracks):
        track_end(actor=actor, stay=stay, track=dropped, ended_on=max(today, stored[dropped].latest_start))
    created: list[Task] = []
    for track in tracks:
        existing = stored.get(track)
        if existing is not None and existing.is_active:
            continue
        if existing is not None:
            StayTrack.objects.filter(pk=existing.pk).update(ended_on=None, reopened_on=today)
            audit_stay(actor, "track.chosen", existing, stay, ["track", "reopened_on"])
        else:
            chosen = StayTrack.objects.create(shelter_id=stay.shelter_id, stay=stay, track=track, chosen_on=today)
            audit_stay(actor, "track.chosen", chosen, stay, ["track"])
        # One suggestion may stand under several tracks (bostøtte): _suggest adds it once.
        created += _suggest(actor, stay, suggestions_for(track), start=max(today, stay.arrival_date), track=track)
    return created


@transaction.atomic
def track_end(*, actor, stay: Stay, track: str, ended_on: datetime.date) -> StayTrack | None:
    """End a track on `ended_on`, keeping it and its tasks: work done or planned is never thrown away.

    Returns the ended track, or None when the stay has no active track of that kind (nothing to do).
    """
    chosen = StayTrack.objects.select_for_update().filter(stay=stay, track=track).first()
    if chosen is None or not chosen.is_active:
        return None
    if ended_on < chosen.latest_start:
        raise ValidationError({"ended_on": _("Sporet kan ikke avsluttes før det ble valgt.")})
    chosen.ended_on = ended_on
    chosen.save(update_fields=["ended_on"])
    # The action keeps its established name so the audit log reads the same over time.
    audit_stay(actor, "track.removed", chosen, stay, ["track", "ended_on"])
    return chosen


@transaction.atomic
def task_create(*, actor, stay: Stay, title, responsible_party, assignee, due_date) -> Task:
    _check("due_date", rules.due_date_problem(stay, due_date))
    task = Task.objects.create(
        shelter_id=stay.shelter_id,
        stay=stay,
        title=title,
        responsible_party=responsible_party,
        assignee=assignee,
        due_date=due_date,
    )
    audit_stay(actor, "task.created", task, stay)
    return task


@transaction.atomic
def task_update(*, actor, task: Task, values: dict, expected_version: int | None = None) -> Task:
    _check("due_date", rules.due_date_problem(task.stay, values.get("due_date")))
    # Compare with the stored row, not the passed object: a ModelForm has already copied its
    # input onto the instance it was given.
    stored = Task.objects.get(pk=task.pk)
    task, _changed = update_record(
        actor=actor, record=stored, changes=values, action="task.updated", expected_version=expected_version
    )
    return task


@transaction.atomic
def task_set_done(*, actor, task: Task, done: bool, today: datetime.date, expected_version: int | None = None) -> Task:
    # The row names the field even when it was already so (a second click on "done").
    task, _changed = update_record(
        actor=actor,
        record=task,
        changes={"done_on": today if done else None},
        action="task.completed" if done else "task.reopened",
        expected_version=expected_version,
        fields_if_unchanged=["done_on"],
    )
    return task


def _check_notification(stay: Stay, values: dict) -> None:
    """The rules that guard a notification's dates, answer and consent (housing/rules.py)."""
    rules.raise_problems(rules.notification_problems(stay, values, today=timezone.localdate()))


@transaction.atomic
def notification_record(*, actor, stay: Stay, values: dict) -> Notification:
    _check_notification(stay, values)
    notification = Notification.objects.create(shelter_id=stay.shelter_id, stay=stay, created_by=actor, **values)
    audit_stay(actor, "notification.recorded", notification, stay, ["agency", "channel"])
    return notification


@transaction.atomic
def notification_record_both(
    *, actor, stay: Stay, values: dict, housing_office_letter_to: str = ""
) -> list[Notification]:
    """Tell NAV and the housing office at once: the same request, dates and consent, recorded as
    one notification for each (each has its own answer, follow-up and letter), in one transaction
    so that neither is saved without the other. `values["letter_to"]` is the NAV office."""
    values = {name: value for name, value in values.items() if name != "agency"}
    return [
        notification_record(actor=actor, stay=stay, values=values | {"agency": Agency.NAV}),
        notification_record(
            actor=actor,
            stay=stay,
            values=values | {"agency": Agency.HOUSING_OFFICE, "letter_to": housing_office_letter_to},
        ),
    ]


@transaction.atomic
def notification_update(
    *, actor, notification: Notification, values: dict, expected_version: int | None = None
) -> Notification:
    stay = notification.stay
    stored = Notification.objects.get(pk=notification.pk)
    # Checked as the row will be: a partial update (only the answer) keeps the stored dates and consent.
    _check_notification(stay, {name: getattr(stored, name) for name in _CHECKED_FIELDS} | values)
    notification, _changed = update_record(
        actor=actor, record=stored, changes=values, action="notification.updated", expected_version=expected_version
    )
    return notification


_CHECKED_FIELDS = ("sent_on", "follow_up_on", "consent_given", "consent_on", "answer", "answered_on")


@transaction.atomic
def notification_letter_print(*, actor, notification: Notification, children_birth_years, assessment) -> bytes:
    """The letter to the agency as a PDF, audited as a read. Refused without the resident's consent."""
    if not notification.letter_allowed:
        raise LetterRefused
    letter = build_letter(notification, children_birth_years=children_birth_years, assessment=assessment)
    pdf = letter_pdf(letter)
    audit_stay(actor, "notification.letter_printed", notification, notification.stay)
    return pdf


@transaction.atomic
def application_record(*, actor, stay: Stay, values: dict) -> Application:
    _check("sent_on", rules.sent_on_problem(stay, values.get("sent_on"), today=timezone.localdate()))
    application = Application.objects.create(shelter_id=stay.shelter_id, stay=stay, **values)
    audit_stay(actor, "application.recorded", application, stay, ["kind", "status"])
    return application


@transaction.atomic
def application_update(
    *, actor, application: Application, values: dict, expected_version: int | None = None
) -> Application:
    stay = application.stay
    _check("sent_on", rules.sent_on_problem(stay, values.get("sent_on"), today=timezone.localdate()))
    stored = Application.objects.get(pk=application.pk)
    application, _changed = update_record(
        actor=actor, record=stored, changes=values, action="application.updated", expected_version=expected_version
    )
    return application
