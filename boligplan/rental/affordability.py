"""Can the household carry the rent? Rent against the income staff entered, and the deposit."""

from boligplan.housing import access as housing_access
from boligplan.housing.choices import ApplicationKind

# Our own rule of thumb, not a law or an official limit: when rent takes more than this share of
# the household's income after tax, the page says so in plain words so it is talked through.
HIGH_RENT_SHARE_PERCENT = 35


def rent_share(monthly_rent: int, monthly_income: int | None) -> int | None:
    """Rent as a whole percentage of the monthly income, or None when no income is entered."""
    if not monthly_income:
        return None
    return round(100 * monthly_rent / monthly_income)


def is_high_share(share: int | None) -> bool:
    return share is not None and share > HIGH_RENT_SHARE_PERCENT


def deposit_guarantee(user, stay):
    """The newest application to NAV for a deposit guarantee or deposit help, or None (one query)."""
    return housing_access.applications_for_stay(user, stay).filter(kind=ApplicationKind.DEPOSIT).first()
