"""Facts about the police and court measures (domain.md §5).

The facts are reference data: who decides each kind and the longest time the law allows. Items
the domain brief marks (verify) have no maximum here, so nothing valid is ever refused; change
this table, not the code, when the law or our reading of it changes.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from .choices import MeasureKind

# A granted measure is flagged this many days before its last day (on the overview and the page).
EXPIRY_REMINDER_DAYS = 14


@dataclass(frozen=True)
class MeasureFacts:
    decided_by: str
    max_years: int | None  # the longest one decision may run; None: no fixed maximum we rely on
    duration: str  # how long it usually runs, shown as help


FACTS: dict[str, MeasureFacts] = {
    MeasureKind.VISITING_BAN: MeasureFacts(
        gettext_lazy("påtalemyndigheten"), 1, gettext_lazy("inntil ett år om gangen, kan forlenges")
    ),
    # Limited in time by law; the exact limit is to be verified, so no maximum is enforced.
    MeasureKind.VISITING_BAN_OWN_HOME: MeasureFacts(
        gettext_lazy("påtalemyndigheten"), None, gettext_lazy("for en begrenset tid")
    ),
    MeasureKind.CONTACT_BAN: MeasureFacts(
        gettext_lazy("domstolen"), 5, gettext_lazy("inntil fem år, eller uten tidsgrense")
    ),
    MeasureKind.ALARM: MeasureFacts(
        gettext_lazy("politiet"), None, gettext_lazy("vanligvis rundt tre måneder om gangen, kan forlenges")
    ),
    MeasureKind.REVERSE_ALARM: MeasureFacts(gettext_lazy("domstolen"), None, gettext_lazy("etter rettens vurdering")),
    MeasureKind.ADDRESS_BLOCK: MeasureFacts(gettext_lazy("politiet"), None, gettext_lazy("uten fast sluttdato")),
}


def facts_table() -> list[tuple[str, str, str]]:
    """(kind, decided by, duration) for every kind, for the help on the measure page."""
    return [(MeasureKind(kind).label, facts.decided_by, facts.duration) for kind, facts in FACTS.items()]
