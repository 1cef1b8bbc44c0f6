"""Every write to the housing work: one transaction each, with its audit row inside it."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from boligplan.audit.services import audit_record
from boligplan.residents.models import Stay

from .models import HousingAssessment, Notification, StayTrack, Task
from .suggestions import suggestions_for


def _audit(actor, action, obj, stay, fields=()):
    audit_record(actor=actor, action=action, obj=obj, shelter_id=stay.shelter_id, stay_id=stay.pk, fields=fields)


def _check_not_before_arrival(stay: Stay, field: str, value: datetime.date | None, message: str) -> None:
    if value is not None and value < stay.arrival_date:
        raise ValidationError({field: message})


@transaction.atomic
def assessment_save(*, actor, stay: Stay, values: dict, complete: bool, today: datetime.date) -> HousingAssessment:
    """Save the assessment as it is; `complete` records who finished it and when.

    Reopening is not offered: a completed assessment is edited in place and keeps its date,
    because the date answers "how fast did we start?", which later edits must not move.
    """
    assessment = HousingAssessment.objects.filter(stay=stay).first() or HousingAssessment(
        stay=stay, shelter_id=stay.shelter_id
    )
    changed = [name for name, value in values.items() if getattr(assessment, name) != value]
    for name, value in values.items():
        setattr(assessment, name, value)
    if complete and assessment.completed_on is None:
        assessment.completed_on = today
        assessment.completed_by = actor
        changed += ["completed_on", "completed_by"]
    assessment.save()
    _audit(actor, "assessment.completed" if complete else "assessment.saved", assessment, stay, changed)
    return assessment


@transaction.atomic
def tracks_set(*, actor, stay: Stay, tracks: list[str], today: datetime.date) -> list[Task]:
    """Make the stay's tracks exactly `tracks`; new ones bring their suggested tasks, each once."""
    existing = set(StayTrack.objects.filter(stay=stay).values_list("track", flat=True))
    for dropped in existing - set(tracks):
        track_remove(actor=actor, stay=stay, track=dropped)
    new_tracks = [t for t in tracks if t not in existing]
    already_suggested = set(
        Task.objects.filter(stay=stay).exclude(suggestion_key="").values_list("suggestion_key", flat=True)
    )
    created: list[Task] = []
    for track in new_tracks:
        chosen = StayTrack.objects.create(shelter_id=stay.shelter_id, stay=stay, track=track, chosen_on=today)
        _audit(actor, "track.chosen", chosen, stay, ["track"])
        for suggestion in suggestions_for(track):
            if suggestion.key in already_suggested:
                continue
            task = Task.objects.create(
                shelter_id=stay.shelter_id,
                stay=stay,
                title=suggestion.title,
                responsible_party=suggestion.party,
                assignee=stay.contact_person if suggestion.party == "krisesenter" else None,
                due_date=max(today, stay.arrival_date) + datetime.timedelta(days=suggestion.due_days),
                track=track,
                suggestion_key=suggestion.key,
            )
            _audit(actor, "task.suggested", task, stay)
            created.append(task)
    return created


@transaction.atomic
def track_remove(*, actor, stay: Stay, track: str) -> None:
    """Drop a track. Its tasks stay: work already done or planned is not thrown away silently."""
    chosen = StayTrack.objects.filter(stay=stay, track=track).first()
    if chosen is not None:
        _audit(actor, "track.removed", chosen, stay, ["track"])
        chosen.delete()


@transaction.atomic
def task_create(*, actor, stay: Stay, title, responsible_party, assignee, due_date) -> Task:
    _check_not_before_arrival(stay, "due_date", due_date, _("Fristen kan ikke være før ankomstdatoen."))
    task = Task.objects.create(
        shelter_id=stay.shelter_id,
        stay=stay,
        title=title,
        responsible_party=responsible_party,
        assignee=assignee,
        due_date=due_date,
    )
    _audit(actor, "task.created", task, stay)
    return task


@transaction.atomic
def task_update(*, actor, task: Task, values: dict) -> Task:
    _check_not_before_arrival(
        task.stay, "due_date", values.get("due_date"), _("Fristen kan ikke være før ankomstdatoen.")
    )
    # Compare with the stored row, not the passed object: a ModelForm has already copied its
    # input onto the instance it was given.
    task = Task.objects.select_related("stay").get(pk=task.pk)
    changed = [name for name, value in values.items() if getattr(task, name) != value]
    for name, value in values.items():
        setattr(task, name, value)
    task.save()
    _audit(actor, "task.updated", task, task.stay, changed)
    return task


@transaction.atomic
def task_set_done(*, actor, task: Task, done: bool, today: datetime.date) -> Task:
    task.done_on = today if done else None
    task.save(update_fields=["done_on"])
    _audit(actor, "task.completed" if done else "task.reopened", task, task.stay, ["done_on"])
    return task


@transaction.atomic
def notification_record(*, actor, stay: Stay, values: dict) -> Notification:
    _check_not_before_arrival(stay, "sent_on", values.get("sent_on"), _("Datoen kan ikke være før ankomstdatoen."))
    notification = Notification.objects.create(shelter_id=stay.shelter_id, stay=stay, created_by=actor, **values)
    _audit(actor, "notification.recorded", notification, stay, ["agency", "channel"])
    return notification


@transaction.atomic
def notification_update(*, actor, notification: Notification, values: dict) -> Notification:
    stay = notification.stay
    _check_not_before_arrival(stay, "sent_on", values.get("sent_on"), _("Datoen kan ikke være før ankomstdatoen."))
    notification = Notification.objects.get(pk=notification.pk)
    changed = [name for name, value in values.items() if getattr(notification, name) != value]
    for name, value in values.items():
        setattr(notification, name, value)
    notification.save()
    _audit(actor, "notification.updated", notification, stay, changed)
    return notification
