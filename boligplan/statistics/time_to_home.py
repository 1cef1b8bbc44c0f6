"""Time to a home for one resident's page: the shelter's own history, as one sentence.

Called from the resident page's context (residents/selectors.py), e.g.

    from boligplan.statistics.time_to_home import time_to_home_hint
    context["time_to_home_hint"] = time_to_home_hint(user, stay, assessment=assessment, today=today)

and shown with {% if time_to_home_hint %}<p>{{ time_to_home_hint.text }}</p>{% endif %}.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from boligplan.core.access import require_capability
from boligplan.core.roles import Capability
from boligplan.housing import access as housing_access
from boligplan.housing.choices import Track

from .queries.homes import km_min_n, municipality_key, survival_of, time_to_home_observations
from .queries.scope import Period, Scope


@dataclass(frozen=True)
class TimeToHomeHint:
    municipality: str
    median_days: int
    n: int

    @property
    def text(self) -> str:
        return _(
            "I denne kommunen hadde halvparten av dem som søkte kommunal bolig, fått bolig innen "
            "%(days)s dager (n = %(n)s)."
        ) % {"days": self.median_days, "n": self.n}


def time_to_home_hint(user, stay, *, assessment=None, today: datetime.date | None = None) -> TimeToHomeHint | None:
    """The shelter's own history for municipal housing in the resident's previous municipality.

    None (show nothing) unless the stay needs a new home, the municipality is known, at least
    settings.KM_MIN_N stays at this shelter chose the municipal-housing track there, and half of
    them have a home. Two queries at most (one if the caller passes the assessment it already has).
    """
    membership = require_capability(user, Capability.VIEW_CASES)
    if assessment is None:
        assessment = housing_access.assessment_for_stay(user, stay)
    if assessment is None or not assessment.needs_new_home:
        return None
    key = municipality_key(assessment.previous_municipality)
    if not key:
        return None
    today = today or timezone.localdate()
    scope = Scope(period=Period(datetime.date.min, today), today=today, shelter_id=membership.shelter_id)
    observations = [
        o
        for o in time_to_home_observations(scope, tracks=(Track.MUNICIPAL,), chosen_in_period=False)
        if municipality_key(o.municipality) == key
    ]
    survival = survival_of(key, observations)
    if survival.n < km_min_n() or survival.median_days is None:
        return None
    return TimeToHomeHint(
        municipality=" ".join(assessment.previous_municipality.split()), median_days=survival.median_days, n=survival.n
    )
