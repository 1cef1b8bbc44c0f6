"""Reads of the safety work on a stay: the safe-return assessment, measures, checklist answers.

Objects are always fetched within the caller's shelter, so a stranger's id and a missing id give
the same 404; a role that may not see cases gets 403 before anything is looked up.
"""

from boligplan.children import access as children_access
from boligplan.core.access import case_shelter_id, get_case_object

from .models import ChecklistAnswer, SafeReturnAssessment, SafetyMeasure


def get_measure_for_user(user, measure_id, *, for_change: bool = False) -> SafetyMeasure:
    return get_case_object(
        SafetyMeasure.objects.select_related("stay", "stay__resident"), user, measure_id, for_change=for_change
    )


def safe_return_for_stay(user, stay) -> SafeReturnAssessment | None:
    return (
        SafeReturnAssessment.objects.select_related("assessed_by")
        .filter(shelter_id=case_shelter_id(user), stay=stay)
        .first()
    )


def measures_for_stay(user, stay):
    return SafetyMeasure.objects.filter(shelter_id=case_shelter_id(user), stay=stay)


def measures_for_stays(user, stays):
    """Measures of several stays at once (the work queue): one query."""
    return SafetyMeasure.objects.filter(shelter_id=case_shelter_id(user), stay__in=stays)


def checklist_answers_for_stays(user, stays):
    return ChecklistAnswer.objects.filter(shelter_id=case_shelter_id(user), stay__in=stays)


def checklist_answers_for_stay(user, stay):
    return ChecklistAnswer.objects.filter(shelter_id=case_shelter_id(user), stay=stay).select_related("answered_by")


def children_of_stay(user, stay):
    """The stay's children, through the children app's own rule of who sees them."""
    return children_access.children_visible_to(user).filter(stay=stay)
