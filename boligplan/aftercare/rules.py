"""The date rules of the follow-up, shared by the forms (a friendly message) and the services (the guard).

Each function answers {field: message}; an empty dict means the dates are fine. `None` as the
field is a message about the whole form.
"""

import datetime

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.formats import date_format
from django.utils.translation import gettext as _

# A plan looks at most this far ahead; a date beyond it is a typing error, not a plan.
MAX_DAYS_AHEAD = 2 * 365


def _not_before_stay(stay, value: datetime.date) -> str | None:
    if value < stay.arrival_date:
        return _("Datoen kan ikke være før ankomstdatoen.")
    if stay.departure_date is not None and value < stay.departure_date:
        return _("Datoen kan ikke være før utflyttingen (%(date)s).") % {
            "date": date_format(stay.departure_date, "DATE_FORMAT")
        }
    return None


def plan_date_errors(stay, values: dict, today: datetime.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    updated_on = values.get("safety_plan_updated_on")
    if updated_on is not None:
        if updated_on < stay.arrival_date:
            errors["safety_plan_updated_on"] = _("Datoen kan ikke være før ankomstdatoen.")
        elif updated_on > today:
            errors["safety_plan_updated_on"] = _("Datoen kan ikke være fram i tid.")
    horizon = today + datetime.timedelta(days=MAX_DAYS_AHEAD)
    for name in ("next_follow_up_on", "ends_on"):
        value = values.get(name)
        if value is None:
            continue
        if message := _not_before_stay(stay, value):
            errors[name] = message
        elif value > horizon:
            errors[name] = _("Datoen er mer enn to år fram i tid.")
    next_on, ends_on = values.get("next_follow_up_on"), values.get("ends_on")
    if next_on and ends_on and next_on > ends_on and "next_follow_up_on" not in errors:
        errors["next_follow_up_on"] = _("Neste kontakt kan ikke være etter at oppfølgingen avsluttes.")
    return errors


def contact_date_errors(stay, contacted_on, next_on, today: datetime.date, *, ends_on=None) -> dict[str, str]:
    if stay.departure_date is None:
        # A talk while the resident still lives here is ordinary work on the stay, not follow-up after it.
        return {
            NON_FIELD_ERRORS: _(
                "Beboeren har ikke flyttet ut ennå. Kontakter etter oppholdet kan registreres fra utflyttingsdagen."
            )
        }
    errors: dict[str, str] = {}
    if contacted_on is not None:
        if contacted_on < stay.departure_date:
            errors["contacted_on"] = _("Kontakten må være etter utflyttingen (%(date)s).") % {
                "date": date_format(stay.departure_date, "DATE_FORMAT")
            }
        elif contacted_on > today:
            errors["contacted_on"] = _("Datoen kan ikke være fram i tid.")
    if next_on is not None:
        if contacted_on is not None and next_on < contacted_on:
            errors["next_follow_up_on"] = _("Neste kontakt kan ikke være før denne kontakten.")
        elif next_on > today + datetime.timedelta(days=MAX_DAYS_AHEAD):
            errors["next_follow_up_on"] = _("Datoen er mer enn to år fram i tid.")
        elif ends_on is not None and next_on > ends_on:
            errors["next_follow_up_on"] = _("Neste kontakt kan ikke være etter at oppfølgingen avsluttes.")
    return errors
