"""Reads of the safety work on a stay: the safe-return assessment, measures, checklist answers.

Objects are always fetched within the caller's shelter, so a stranger's id and a missing id give
the same 404; a role that may not see cases gets 403 before anything is looked up.
"""

from django.http import Http404

from boligplan.children import access as children_access
from boligplan.core.access import require_capability
from boligplan.core.roles import Capability

from .models import ChecklistAnswer, SafeReturnAssessment, SafetyMeasure


def _shelter_id(user, for_change: bool):
    return require_capability(user, Capability.EDIT_CASES if for_change else Capability.VIEW_CASES).shelter_id


def get_measure_for_user(user, measure_id, *, for_change: bool = False) -> SafetyMeasure:
    measure = (
        SafetyMeasure.objects.select_related("stay", "stay__resident")
        .filter(shelter_id=_shelter_id(user, for_change), pk=measure_id)
        .first()
    )
    if measure is None:
        raise Http404
    return measure


def safe_return_for_stay(user, stay) -> SafeReturnAssessment | None:
    return (
        SafeReturnAssessment.objects.select_related("assessed_by")
        .filter(shelter_id=_shelter_id(user, False), stay=stay)
        .first()
    )


def measures_for_stay(user, stay):
    return SafetyMeasure.objects.filter(shelter_id=_shelter_id(user, False), stay=stay)


def checklist_answers_for_stay(user, stay):
    return ChecklistAnswer.objects.filter(shelter_id=_shelter_id(user, False), stay=stay).select_related("answered_by")


def children_of_stay(user, stay):
    """The stay's children, through the children app's own rule of who sees them."""
    return children_access.children_visible_to(user).filter(stay=stay)
