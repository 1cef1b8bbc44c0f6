"""The dashboard in reading order (FIGURES), and everything the page needs from it."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from ..disclosure import EXACT, Policy, base, minimum
from ..queries.homes import time_to_home_observations
from ..queries.scope import Scope
from ..queries.stays import StayCounts, stay_counts
from .base import SMALL, Figure
from .children import children_figure
from .destinations import destinations_figure
from .homes import time_to_home_figure, time_to_home_municipality_figure
from .stays import agency_figure, assessment_figure, length_of_stay_figure, ready_figure, stays_figure

Builder = Callable[..., Figure]

# The dashboard in reading order.
FIGURES: dict[str, Builder] = {
    "opphold": stays_figure,
    "kartlegging": assessment_figure,
    "varsling": agency_figure,
    "botid": length_of_stay_figure,
    "venting": ready_figure,
    "flyttet-til": destinations_figure,
    "tid-til-bolig": time_to_home_figure,
    "tid-til-bolig-kommune": time_to_home_municipality_figure,
    "barn": children_figure,
}


def all_figures(scope: Scope, counts: StayCounts | None = None, policy: Policy = EXACT) -> list[Figure]:
    """Every figure. Shared inputs are fetched once: the stay counts (also used for the page's
    notices) and the time-to-home observations behind the two Kaplan–Meier figures."""
    counts = counts or stay_counts(scope)
    observations = time_to_home_observations(scope)
    result = []
    for key, build in FIGURES.items():
        if key == "opphold":
            result.append(build(scope, counts, policy=policy))
        elif key in {"tid-til-bolig", "tid-til-bolig-kommune"}:
            result.append(build(scope, observations, policy=policy))
        else:
            result.append(build(scope, policy=policy))
    return result


def figure(scope: Scope, key: str, policy: Policy = EXACT) -> Figure | None:
    build = FIGURES.get(key)
    return build(scope, policy=policy) if build else None


def dashboard_context(scope: Scope, policy: Policy = EXACT) -> dict:
    """Every figure, plus what to say when the period is empty or too thin to say much."""
    counts = stay_counts(scope)
    built = all_figures(scope, counts, policy)
    notices = []
    if not counts.shelter_has_stays:
        notices.append(_("Senteret har ingen registrerte opphold ennå, så det er ingen tall å vise."))
    elif not policy.exact:
        # "None" would be an exact count too: the protected view says only "too few".
        if not policy.enough(policy.total(counts.stays)):
            notices.append(
                _("For få opphold i perioden til å vise tall (tallene vises bare når minst %(n)s står bak).")
                % {"n": minimum()}
            )
        notices.append(
            _(
                "Alle antall er avrundet til et multiplum av %(base)s, slik at summene stemmer; hvert tall kan avvike "
                "med inntil %(off)s fra det virkelige. «%(mark)s» betyr færre enn %(base)s."
            )
            % {"base": base(), "off": base() - 1, "mark": SMALL}
        )
    elif counts.stays == 0:
        notices.append(_("Det er ingen opphold i denne perioden. Velg en annen periode."))
    elif counts.stays == 1:
        notices.append(
            _("Det er bare ett opphold i denne perioden. Tallene viser dette ene oppholdet og sier lite generelt.")
        )
    return {"figures": built, "counts": counts, "notices": notices, "protected": not policy.exact}
