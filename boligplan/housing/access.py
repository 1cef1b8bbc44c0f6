"""Reads of the housing work on a stay: assessment, tracks, tasks, notifications.

Objects are always fetched within the caller's shelter, so a stranger's id and a missing id
give the same 404.
"""

from django.http import Http404

from boligplan.agencies.access import require_directory_reader
from boligplan.agencies.choices import AgencyKind
from boligplan.agencies.selectors import agency_directory
from boligplan.children.access import children_visible_to
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
        Notification.objects.select_related("stay", "stay__resident", "stay__contact_person", "stay__shelter")
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


def children_birth_years(user, stay) -> list[int]:
    """Birth years only: a letter counts the children by age and never names them."""
    _shelter_id(user, False)
    return list(children_visible_to(user).filter(stay=stay).values_list("birth_year", flat=True))


def letter_recipients(user) -> list[str]:
    """Names of the NAV and housing offices in the shelter's directory, to suggest as a letter's recipient."""
    directory = agency_directory(require_directory_reader(user).shelter_id)
    wanted = (AgencyKind.NAV, AgencyKind.BOLIGKONTOR)
    return sorted({agency.name for agency in directory.local + directory.national if agency.kind in wanted})
