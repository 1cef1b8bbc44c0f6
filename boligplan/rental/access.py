"""Reads of the rental search. Everything is fetched within the caller's shelter, so a stranger's
id and a missing id give the same 404; a role without the capability gets 403 before any lookup."""

from django.db.models import Prefetch

from boligplan.core.access import case_shelter_id, get_case_object

from .models import RentalAd, RentalContact, RentalSearch, Viewing


def get_ad_for_user(user, ad_id, *, for_change: bool = False) -> RentalAd:
    return get_case_object(
        RentalAd.objects.select_related("stay", "stay__resident", "stay__shelter"), user, ad_id, for_change=for_change
    )


def get_viewing_for_user(user, viewing_id, *, for_change: bool = False) -> Viewing:
    return get_case_object(
        Viewing.objects.select_related("ad", "stay", "stay__resident", "stay__shelter", "staff"),
        user,
        viewing_id,
        for_change=for_change,
    )


def ads_for_stay(user, stay, *, upcoming_from):
    """The stay's ads, each with `upcoming` = its viewings on or after `upcoming_from` (two queries)."""
    upcoming = Viewing.objects.filter(date__gte=upcoming_from).select_related("staff").order_by("date", "starts_at")
    return RentalAd.objects.filter(shelter_id=case_shelter_id(user), stay=stay).prefetch_related(
        Prefetch("viewings", queryset=upcoming, to_attr="upcoming")
    )


def ads_for_stays(user, stays, *, upcoming_from):
    """Ads of several stays at once (the work queue), with `upcoming` as above: two queries."""
    upcoming = Viewing.objects.filter(date__gte=upcoming_from).select_related("staff").order_by("date", "starts_at")
    return RentalAd.objects.filter(shelter_id=case_shelter_id(user), stay__in=stays).prefetch_related(
        Prefetch("viewings", queryset=upcoming, to_attr="upcoming")
    )


def contacts_for_ad(user, ad):
    return RentalContact.objects.filter(shelter_id=case_shelter_id(user), ad=ad).select_related("created_by")


def viewings_for_ad(user, ad):
    return Viewing.objects.filter(shelter_id=case_shelter_id(user), ad=ad).select_related("staff")


def search_for_stay(user, stay) -> RentalSearch | None:
    return RentalSearch.objects.filter(shelter_id=case_shelter_id(user), stay=stay).first()
