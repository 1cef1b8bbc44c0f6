"""Open steps of a resident's housing work, gathered from every app (the "who does what" page).

Each app's `selectors.open_steps(user, stay, *, today)` lists what is still to be done in its
part of the work, each step with the party responsible for it (krisesenter, NAV, boligkontor,
beboer, politi, barnevern, annen: boligplan.housing.choices.ResponsibleParty). An app without
that function simply has no steps. Each provider runs a fixed number of queries.
"""

import datetime
from dataclasses import dataclass
from importlib import import_module

PROVIDERS = (
    "boligplan.reports.responsibilities",  # tasks, applications, notifications (the housing work)
    "boligplan.safety.selectors",
    "boligplan.rental.selectors",
    "boligplan.aftercare.selectors",
)


@dataclass(frozen=True)
class Step:
    party: str  # a ResponsibleParty value
    title: str  # what is to be done, in staff's words; never an address
    source: str  # what the step comes from: "Oppgave", "Søknad", "Sikkerhetstiltak", …
    due: datetime.date | None = None
    person: str = ""  # the staff member who holds it, if any
    url: str = ""  # where to work on it


def open_steps_for(user, stay, *, today: datetime.date) -> list[Step]:
    steps: list[Step] = []
    for dotted in PROVIDERS:
        provider = getattr(import_module(dotted), "open_steps", None)
        if provider is not None:
            steps.extend(provider(user, stay, today=today))
    return steps
