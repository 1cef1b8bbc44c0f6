"""Reads of the housing work on a stay: assessment, tracks, tasks, notifications.

Objects are always fetched within the caller's shelter, so a stranger's id and a missing id
give the same 404.
"""

from boligplan.agencies.access import require_directory_reader
from boligplan.agencies.choices import AgencyKind
from boligplan.agencies.selectors import agency_directory
from boligplan.children.access import children_visible_to
from boligplan.core.access import case_shelter_id, get_case_object

from .models import Application, HousingAssessment, Notification, StayTrack, Task


def get_task_for_user(user, task_id, *, for_change: bool = False) -> Task:
    return get_case_object(Task.objects.select_related("stay", "stay__resident"), user, task_id, for_change=for_change)


def get_notification_for_user(user, notification_id, *, for_change: bool = False) -> Notification:
    return get_case_object(
        Notification.objects.select_related("stay", "stay__resident", "stay__contact_person", "stay__shelter"),
        user,
        notification_id,
        for_change=for_change,
    )


def assessment_for_stay(user, stay) -> HousingAssessment | None:
    return HousingAssessment.objects.filter(shelter_id=case_shelter_id(user), stay=stay).first()


def tasks_for_stay(user, stay):
    return Task.objects.filter(shelter_id=case_shelter_id(user), stay=stay).select_related("assignee")


def tracks_for_stay(user, stay):
    return StayTrack.objects.filter(shelter_id=case_shelter_id(user), stay=stay)


def notifications_for_stay(user, stay):
    return Notification.objects.filter(shelter_id=case_shelter_id(user), stay=stay).select_related("created_by")


def tasks_for_stays(user, stays):
    """Tasks of several stays at once (the work queue): one query, however many stays."""
    return Task.objects.filter(shelter_id=case_shelter_id(user), stay__in=stays).select_related("assignee")


def notifications_for_stays(user, stays):
    return Notification.objects.filter(shelter_id=case_shelter_id(user), stay__in=stays)


def applications_for_stays(user, stays):
    return Application.objects.filter(shelter_id=case_shelter_id(user), stay__in=stays)


def get_application_for_user(user, application_id, *, for_change: bool = False) -> Application:
    return get_case_object(
        Application.objects.select_related("stay", "stay__resident"), user, application_id, for_change=for_change
    )


def applications_for_stay(user, stay):
    return Application.objects.filter(shelter_id=case_shelter_id(user), stay=stay)


def children_birth_years(user, stay) -> list[int]:
    """Birth years only: a letter counts the children by age and never names them."""
    case_shelter_id(user)
    return list(children_visible_to(user).filter(stay=stay).values_list("birth_year", flat=True))


def letter_recipients(user) -> list[str]:
    """Names of the NAV and housing offices in the shelter's directory, to suggest as a letter's recipient."""
    directory = agency_directory(require_directory_reader(user).shelter_id)
    wanted = (AgencyKind.NAV, AgencyKind.BOLIGKONTOR)
    return sorted({agency.name for agency in directory.local + directory.national if agency.kind in wanted})
