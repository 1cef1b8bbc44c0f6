"""Read models of the rental search for the pages (the resident's page, the ad page, the overview)."""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from boligplan.core.reminders import Reminder
from boligplan.core.steps import Step
from boligplan.housing.choices import ResponsibleParty

from . import access
from .affordability import HIGH_RENT_SHARE_PERCENT, deposit_guarantee, is_high_share, rent_share
from .choices import AdStatus
from .models import RentalAd, Viewing


@dataclass(frozen=True)
class AdRow:
    ad: RentalAd
    next_viewing: Viewing | None
    rent_share: int | None
    high_share: bool


def _row(ad, income) -> AdRow:
    share = rent_share(ad.monthly_rent, income)
    upcoming = getattr(ad, "upcoming", None) or []
    return AdRow(
        ad=ad, next_viewing=upcoming[0] if upcoming else None, rent_share=share, high_share=is_high_share(share)
    )


def _income(search) -> int | None:
    return search.household_monthly_income if search is not None else None


def stay_section(user, stay, *, today) -> dict:
    """Context for rental/_stay_section.html on the resident's page (five queries, however many ads)."""
    search = access.search_for_stay(user, stay)
    income = _income(search)
    ads = list(access.ads_for_stay(user, stay, upcoming_from=today))
    return {
        "rows": [_row(ad, income) for ad in ads],
        "search": search,
        "income": income,
        "deposit_application": deposit_guarantee(user, stay),
        "high_share_percent": HIGH_RENT_SHARE_PERCENT,
        "can_add": stay.is_current,
    }


def ad_page(user, ad, *, today) -> dict:
    """Context for the ad's own page (a fixed number of queries, however many contacts and viewings)."""
    stay = ad.stay
    income = _income(access.search_for_stay(user, stay))
    share = rent_share(ad.monthly_rent, income)
    return {
        "ad": ad,
        "stay": stay,
        "contacts": list(access.contacts_for_ad(user, ad)),
        "viewings": list(access.viewings_for_ad(user, ad)),
        "income": income,
        "deposit_months": round(ad.deposit / ad.monthly_rent, 1),
        "rent_share": share,
        "high_share": is_high_share(share),
        "high_share_percent": HIGH_RENT_SHARE_PERCENT,
        "deposit_application": deposit_guarantee(user, stay),
        "can_add": stay.is_current,
        "today": today,
    }


def overview_reminders(stays, *, today) -> dict:
    """{stay_id: [Reminder]} for viewings today or tomorrow, in one query."""
    tomorrow = today + datetime.timedelta(days=1)
    soon = (
        Viewing.objects.filter(stay__in=stays, date__in=[today, tomorrow])
        .select_related("ad")
        .order_by("date", "starts_at")
    )
    reminders: dict = {}
    for viewing in soon:
        text = _("Visning %(date)s kl. %(time)s – %(area)s") % {
            "date": date_format(viewing.date, "MONTH_DAY_FORMAT"),
            "time": time_format(viewing.starts_at, "H:i"),
            "area": viewing.ad.area,
        }
        reminders.setdefault(viewing.stay_id, []).append(
            Reminder(
                kind="viewing.soon",
                text=text,
                due=viewing.date,
                summary=_("Visninger i dag eller i morgen"),
                danger=False,
            )
        )
    return reminders


# The next step of an ad at each status, and who takes it. Accepted and declined ads have none.
NEXT_STEP = {
    AdStatus.REVIEWING: (ResponsibleParty.SHELTER, _lazy("Kontakt utleier")),
    AdStatus.CONTACTED: (ResponsibleParty.SHELTER, _lazy("Avtal visning")),
    AdStatus.VIEWING_BOOKED: (ResponsibleParty.SHELTER, _lazy("Gå på visning")),
    AdStatus.APPLIED: (ResponsibleParty.OTHER, _lazy("Utleier svarer på søknaden")),
    AdStatus.OFFERED: (ResponsibleParty.RESIDENT, _lazy("Svar på tilbudet")),
}


def _staff_name(user) -> str:
    return user.display_name


def open_steps(user, stays, *, today) -> dict:
    """The rental part of "who does what" (core/steps.py): each live ad's next step, {stay_id: [Step]}."""
    steps: dict = {}
    for ad in access.ads_for_stays(user, stays, upcoming_from=today):
        if ad.status not in NEXT_STEP:
            continue
        party, what = NEXT_STEP[ad.status]
        upcoming = getattr(ad, "upcoming", None) or []
        viewing = upcoming[0] if ad.status == AdStatus.VIEWING_BOOKED and upcoming else None
        steps.setdefault(ad.stay_id, []).append(
            Step(
                party=party,
                title=f"{what}: {ad.area}",
                source=_("Privat leie"),
                due=viewing.date if viewing else None,
                person=_staff_name(viewing.staff) if viewing and viewing.staff else "",
                url=reverse("rental:ad-detail", args=[ad.pk]),
                kind="rental.viewing" if viewing else "rental.next",
                person_id=viewing.staff_id if viewing else None,
            )
        )
    return steps
