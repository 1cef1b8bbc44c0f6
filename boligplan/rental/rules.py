"""The rules an ad and a viewing must keep, shared by the forms (friendly messages) and the
services (the guard that holds whatever the caller)."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from boligplan.core.forms import today as local_today
from boligplan.residents.rules import before_arrival

from .money import kroner

# Husleieloven § 3-5: a deposit may be at most six months' rent.
MAX_DEPOSIT_MONTHS = 6
# How far ahead a viewing may be booked; further is a typing slip.
MAX_VIEWING_DAYS_AHEAD = 366

# Land-register references (gårds- og bruksnummer) point at one property as surely as a street address.
_CADASTRE = re.compile(r"\b(g\.?\s?nr|b\.?\s?nr|gårdsn(umme)?r|bruksn(umme)?r|matrikkel)\b", re.IGNORECASE)
# A word followed by a house number of one to three digits, perhaps with a letter: "Storgata 5",
# "Kanarifugl-allé 13B", "Postboks 12". A four-digit postcode ("0150 Oslo") is not a house
# number, and a number followed by a unit ("5 min", "3 rom") is not either.
_HOUSE_NUMBER = re.compile(
    r"[^\W\d_][\w.'’-]*\s+(\d{1,3})(\s?[a-zA-Z]\b)?(?!\d)(?!\s*(?:min\w*|km|m|m2|m²|kvm|rom|etg\w*|etasje\w*)\b)",
    re.IGNORECASE,
)


def looks_like_street_address(text: str) -> bool:
    """True when `text` looks like it points at one dwelling rather than an area."""
    return bool(_CADASTRE.search(text) or _HOUSE_NUMBER.search(text))


def street_address_message() -> str:
    return _(
        "Skriv bare område eller bydel, uten gatenavn med husnummer eller gårds- og bruksnummer. "
        "Adressen til en ny bolig registreres på beboerens adresseside når kontrakten er underskrevet."
    )


def clean_area(value: str) -> str:
    """One line, no street address. Raises ValidationError with the field's message."""
    area = " ".join(value.split())
    if not area:
        raise ValidationError(_("Skriv område eller bydel."))
    if looks_like_street_address(area):
        raise ValidationError(street_address_message())
    return area


def deposit_message(monthly_rent: int) -> str:
    return _("Depositumet kan ikke være mer enn seks måneders husleie (husleieloven § 3-5), her høyst %(most)s.") % {
        "most": kroner(MAX_DEPOSIT_MONTHS * monthly_rent)
    }


def check_ad(values: dict) -> None:
    """Raise ValidationError({field: message}) for an ad that breaks a rule.

    The area is normalised in `values` (one line, single spaces) so what is stored is what was checked.
    """
    errors = {}
    area = values.get("area")
    if area is not None:
        try:
            values["area"] = clean_area(area)
        except ValidationError as error:
            errors["area"] = error.messages
    link = values.get("link") or ""
    if link and not re.match(r"^https?://", link, re.IGNORECASE):
        errors["link"] = [_("Lenken må begynne med https:// eller http://.")]
    rent, deposit = values.get("monthly_rent"), values.get("deposit")
    if rent is not None and rent <= 0:
        errors["monthly_rent"] = [_("Husleien må være mer enn 0 kr.")]
    if deposit is not None and deposit < 0:
        errors["deposit"] = [_("Depositumet kan ikke være negativt.")]
    elif rent and deposit and deposit > MAX_DEPOSIT_MONTHS * rent:
        errors["deposit"] = [deposit_message(rent)]
    if errors:
        raise ValidationError(errors)


def check_viewing(stay, values: dict) -> None:
    """A viewing in the past may be recorded (it happened); one before the stay began may not."""
    errors = {}
    date, starts_at, ends_at = values.get("date"), values.get("starts_at"), values.get("ends_at")
    if date is not None:
        if before_arrival(date, stay.arrival_date):
            errors["date"] = [_("Visningen kan ikke være før ankomstdatoen.")]
        elif date > local_today() + datetime.timedelta(days=MAX_VIEWING_DAYS_AHEAD):
            errors["date"] = [_("Datoen er mer enn et år fram i tid. Sjekk årstallet.")]
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        errors["ends_at"] = [_("Visningen må slutte etter at den begynner.")]
    if errors:
        raise ValidationError(errors)
