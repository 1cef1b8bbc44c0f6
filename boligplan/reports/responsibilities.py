"""Who does what: every open step of one stay, grouped by the party responsible.

Every app's open steps come from its case-page section (core/sections.py, core/steps.py); the
housing work's own (tasks, applications, notifications) from `housing.selectors.open_steps`.
"""

import datetime
from dataclasses import dataclass

from boligplan.core.steps import Step, open_steps_for
from boligplan.housing.choices import ResponsibleParty


@dataclass(frozen=True)
class PartyGroup:
    party: str
    label: str
    steps: list[Step]


def steps_by_party(user, stay, *, today: datetime.date) -> list[PartyGroup]:
    """Every party in the fixed order of ResponsibleParty, each with its open steps, soonest first."""
    steps = open_steps_for(user, stay, today=today)
    groups = []
    for party in ResponsibleParty:
        mine = sorted((s for s in steps if s.party == party), key=lambda s: (s.due is None, s.due or today, s.title))
        groups.append(PartyGroup(party=party.value, label=party.label, steps=mine))
    return groups


def after_stay_coordinator(user, stay) -> str | None:
    """The service that coordinates after the stay, from the follow-up plan (None: not decided)."""
    from boligplan.aftercare import selectors as aftercare_selectors  # the plan lives there

    coordinator_for = getattr(aftercare_selectors, "coordinator_for", None)
    return coordinator_for(user, stay) if coordinator_for else None
