"""Reads of the housing work on a stay: assessment, tracks, tasks, notifications.

Objects are always fetched within the caller's shelter, so a stranger's id and a missing id
give the same 404.
"""

from django.http import Http404

from boligplan.core.access import require_capability
from boligplan.core.roles import Capability

from .models import Application, HousingAssessment, Notification, StayTrack, Task


def _shelter_id(user, for_change: bool):
    return require_capability(user, Capability.EDIT_CASES if for_change else Capability.VIEW_CASES).shelter_id


def get_task_for_user(user, task_id, *, for_change: bool = False) -> Task:
    task = (
        Task.objects.select_related("stay", "stay__resident")
        .filter(shelter_id=_shelter_id(user, for_change), pk=task_id)
        .first()
    )
    if task is None:
        raise Http404
    return task


def get_notification_for_user(user, notification_id, *, for_change: bool = False) -> Notification:
    notification = (
        Notification.objects.select_related("stay", "stay__resident")
        .filter(shelter_id=_shelter_id(user, for_change), pk=notification_id)
        .first()
    )
    if notification is None:
        raise Http404
    return notification


def assessment_for_stay(user, stay) -> HousingAssessment | None:
    return HousingAssessment.objects.filter(shelter_id=_shelter_id(user, False), stay=stay).first()


def tasks_for_stay(user, stay):
    return Task.objects.filter(shelter_id=_shelter_id(user, False), stay=stay).select_related("assignee")


def tracks_for_stay(user, stay):
    return StayTrack.objects.filter(shelter_id=_shelter_id(user, False), stay=stay)


def notifications_for_stay(user, stay):
    return Notification.objects.filter(shelter_id=_shelter_id(user, False), stay=stay).select_related("created_by")


def get_application_for_user(user, application_id, *, for_change: bool = False) -> Application:
    application = (
        Application.objects.select_related("stay", "stay__resident")
        .filter(shelter_id=_shelter_id(user, for_change), pk=application_id)
        .first()
    )
    if application is None:
        raise Http404
    return application


def applications_for_stay(user, stay):
    return Application.objects.filter(shelter_id=_shelter_id(user, False), stay=stay)
