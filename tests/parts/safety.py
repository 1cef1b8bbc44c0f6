"""The safety share of the shared test tables (see tests/parts/__init__.py)."""

from boligplan.safety import services
from boligplan.safety.models import ChecklistAnswer, SafeReturnAssessment, SafetyMeasure

from ..id_views import GET_POST, IdView


def build(stay, actor, today) -> dict:
    measure = services.measure_record(
        actor=actor,
        stay=stay,
        values={"kind": "voldsalarm", "status": "anmodet", "requested_on": today, "note": "Ringt politiet"},
        today=today,
    )
    services.checklist_save(
        actor=actor, stay=stay, items={"kollektivtransport": services.ItemInput("ok", "", 0)}, today=today
    )
    return {"measure": measure}


ID_VIEWS: list = [
    IdView("safety:safe-return-edit", lambda c: {"stay_id": c.stay.pk}, GET_POST, writes=True),
    IdView("safety:measure-create", lambda c: {"stay_id": c.stay.pk}, GET_POST, writes=True),
    IdView("safety:measure-edit", lambda c: {"measure_id": c.extra["measure"].pk}, GET_POST, writes=True),
    IdView("safety:checklist-edit", lambda c: {"stay_id": c.stay.pk}, GET_POST, writes=True),
]
READ_ACTIONS: dict = {
    "safety:safe-return-edit": "safe_return.viewed",
    "safety:measure-edit": "measure.viewed",
    "safety:checklist-edit": "checklist.viewed",
}
CASE_MODELS: list = [SafeReturnAssessment, SafetyMeasure, ChecklistAnswer]
