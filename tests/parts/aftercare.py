"""The aftercare share of the shared test tables (see tests/parts/__init__.py).

Every page is reached by the stay's id. The shared Case's stay is a current one: the plan may be
written before the move (so build writes one), while the contact page answers 200 with a message
and refuses a contact until the resident has moved out.
"""

import datetime

from boligplan.aftercare import services
from boligplan.aftercare.models import FollowUpContact, FollowUpPlan
from tests.id_views import GET_POST, IdView


def build(stay, actor, today) -> dict:
    plan = services.followup_plan_save(
        actor=actor,
        stay=stay,
        today=today,
        values={
            "coordinating_service": "nav",
            "offers_phone": True,
            "next_follow_up_on": today + datetime.timedelta(days=30),
        },
    )
    return {"followup_plan": plan}


ID_VIEWS: list = [
    IdView("aftercare:plan-edit", lambda c: {"stay_id": c.stay.pk}, GET_POST, writes=True),
    IdView("aftercare:contact-create", lambda c: {"stay_id": c.stay.pk}, GET_POST, writes=True),
]
READ_ACTIONS: dict = {"aftercare:plan-edit": "followup_plan.viewed"}
CASE_MODELS: list = [FollowUpPlan, FollowUpContact]
