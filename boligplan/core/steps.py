"""Open steps of the housing work, gathered from every app ("who does what", the work queue).

Each case-page section (core/sections.py) may give `open_steps(user, stays, *, today)`: what is
still to be done in its part of the work for the given stays at once, as {stay_id: [Step, ...]},
each step with the party responsible for it (krisesenter, NAV, boligkontor, beboer, politi,
barnevern, annen: boligplan.housing.choices.ResponsibleParty). A section without it has no steps.
Each provider runs a fixed number of queries however many stays it is given, so the work queue
(every current resident) costs the same as one resident's page.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from .sections import sections


@dataclass(frozen=True)
class Step:
    party: str  # a ResponsibleParty value
    title: str  # what is to be done, in staff's words; never an address
    source: str  # what the step comes from: "Oppgave", "Søknad", "Sikkerhetstiltak", …
    due: datetime.date | None = None
    person: str = ""  # the staff member who holds it, if any
    url: str = ""  # where to work on it
    # What kind of step it is (dotted, e.g. "task", "notification.answer"): the work queue filters
    # on it to show the items behind one warning line of the overview.
    kind: str = ""
    person_id: int | None = None  # the account of `person`
    task_id: object = None  # a task can be marked done where it is listed
    version: int | None = None  # the task's version, so a stale "done" is a conflict
    anchor: str = ""  # the id of its row on the resident's page, where it has one


def open_steps_for_stays(user, stays, *, today: datetime.date) -> dict:
    """{stay_id: [Step, ...]} for every stay in `stays` (a list of Stay), from every section, in
    the work order."""
    gathered: dict = defaultdict(list)
    stays = list(stays)
    if not stays:
        return gathered
    for section in sections():
        if section.open_steps is not None:
            for stay_id, steps in section.open_steps(user, stays, today=today).items():
                gathered[stay_id].extend(steps)
    return gathered


def open_steps_for(user, stay, *, today: datetime.date) -> list[Step]:
    return list(open_steps_for_stays(user, [stay], today=today).get(stay.pk, []))
