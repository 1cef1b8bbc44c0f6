"""Reads of the rental search. Everything is fetched within the caller's shelter, so a stranger's
id and a missing id give the same 404; a role without the capability gets 403 before any lookup."""

from django.db.models import Prefetch
from django.http import Http404

from boligplan.core.access import require_capability
from boligplan.core.roles import Capability

from .models import RentalAd, RentalContact, RentalSearch, Viewing


def _shelter_id(user, for_change: bool):
    return require_capability(user, Capability.EDIT_CASES if for_change else Capability.VIEW_CASES).shelter_id


def get_ad_for_user(user, ad_id, *, for_change: bool = False) -> RentalAd:
    ad = (
        RentalAd.objects.select_related("stay", "stay__resident", "stay__shelter")
        .filter(shelter_id=_shelter_id(user, for_change), pk=ad_id)
        .first()
    )
    if ad is None:
        raise Http404
    return ad


def get_viewing_for_user(user, viewing_id, *, for_change: bool = False) -> Viewing:
    viewing = (
        Viewing.objects.select_related("ad", "stay", "stay__resident", "stay__shelter", "staff")
        .filter(shelter_id=_shelter_id(user, for_change), pk=viewing_id)
        .first()
    )
    if viewing is None:
        raise Http404
    return viewing


def ads_for_stay(user, stay, *, upcoming_from):
    """The stay's ads, each with `upcoming` = its viewings on or after `upcoming_from` (two queries)."""
    upcoming = Viewing.objects.filter(date__gte=upcoming_from).select_related("staff").order_by("date", "starts_at")
    return RentalAd.objects.filter(shelter_id=_shelter_id(user, False), stay=stay).prefetch_related(
        Prefetch("viewings", queryset=upcoming, to_attr="upcoming")
    )


def contacts_for_ad(user, ad):
    return RentalContact.objects.filter(shelter_id=_shelter_id(user, False), ad=ad).select_related("created_by")


def viewings_for_ad(user, ad):
    return Viewing.objects.filter(shelter_id=_shelter_id(user, False), ad=ad).select_related("staff")


def search_for_stay(user, stay) -> RentalSearch | None:
    return RentalSearch.objects.filter(shelter_id=_shelter_id(user, False), stay=stay).first()
