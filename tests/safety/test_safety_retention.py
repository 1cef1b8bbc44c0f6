"""The retention rules proposed for the safety app remove every piece of its free text.

The rules below are the lines to add to boligplan/core/retention.py POLICY. Until they are there,
this test adds them itself; once they are, it checks that POLICY carries them.
"""

import datetime

from boligplan.core import purge
from boligplan.core.retention import POLICY, Rule
from boligplan.residents import services as residents
from boligplan.safety import services
from boligplan.safety.models import ChecklistAnswer, SafeReturnAssessment, SafetyMeasure
from boligplan.safety.services import ItemInput

CANARY = "KANARI-S4F3"

SAFETY_RULES = (
    Rule(
        "safety.SafeReturnAssessment",
        "stay",
        blank=("reason", "children_school", "children_activities", "children_friends", "police_involved"),
    ),
    Rule("safety.SafetyMeasure", "stay", blank=("note",)),
    Rule("safety.ChecklistAnswer", "stay", delete=True),
)


def test_purge_blanks_the_safety_texts_and_keeps_the_categories(make_stay, kari, today, monkeypatch):
    missing = tuple(rule for rule in SAFETY_RULES if rule not in POLICY)
    monkeypatch.setattr(purge, "POLICY", POLICY + missing)
    old = make_stay(days_ago=3 * 365)
    arrival = old.arrival_date
    text = {
        name: f"{name} {CANARY}"
        for name in ("reason", "children_school", "children_activities", "children_friends", "police_involved")
    }
    services.safe_return_save(
        actor=kari, stay=old, values=text | {"conclusion": "ja"}, complete=True, today=arrival + datetime.timedelta(1)
    )
    services.measure_record(
        actor=kari,
        stay=old,
        values={"kind": "voldsalarm", "status": "innvilget", "decided_on": arrival, "note": f"merknad {CANARY}"},
        today=arrival + datetime.timedelta(2),
    )
    services.checklist_save(
        actor=kari, stay=old, items={"innsyn": ItemInput("ok", f"notat {CANARY}", 0)}, today=arrival
    )
    residents.stay_depart(
        actor=kari,
        stay=old,
        departure_date=arrival + datetime.timedelta(days=30),
        destination="tidligere_bolig",
        permanence="varig",
    )

    purge.purge_due(today=today)

    assessment = SafeReturnAssessment.objects.get()
    assert all(getattr(assessment, name) == "" for name in text)
    assert assessment.conclusion == "ja"  # categories stay for statistics
    measure = SafetyMeasure.objects.get()
    assert (measure.note, measure.kind, measure.status) == ("", "voldsalarm", "innvilget")
    assert not ChecklistAnswer.objects.exists()
    for model in (SafeReturnAssessment, SafetyMeasure, ChecklistAnswer):
        for row in model.objects.values():
            assert CANARY not in str(row)
