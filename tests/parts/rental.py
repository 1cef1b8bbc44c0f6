"""The rental share of the shared test tables (see tests/parts/__init__.py)."""

import datetime

from django.urls import reverse

from boligplan.rental import services
from boligplan.rental.models import RentalAd, RentalContact, RentalSearch, Viewing
from tests.id_views import GET_ONLY, GET_POST, POST_ONLY, IdView


def build(stay, actor, today) -> dict:
    services.search_save(actor=actor, stay=stay, values={"household_monthly_income": 32_000})
    ad = services.ad_record(
        actor=actor,
        stay=stay,
        values={
            "area": "Sagene",
            "monthly_rent": 12_500,
            "deposit": 25_000,
            "rooms": 2,
            "link": "https://www.finn.no/realestate/lettings/ad.html?finnkode=1",
            "source": "finn",
            "status": "visning_avtalt",
        },
        today=today,
    )
    services.contact_record(
        actor=actor, ad=ad, values={"kind": "telefon", "contacted_on": today, "outcome": "Visning avtalt"}
    )
    viewing = services.viewing_record(
        actor=actor,
        ad=ad,
        values={
            "date": today + datetime.timedelta(days=1),
            "starts_at": datetime.time(17, 0),
            "ends_at": datetime.time(17, 30),
            "staff": actor,
            "note": "",
        },
    )
    return {"ad": ad, "viewing": viewing}


def _ad(c):
    return {"ad_id": c.extra["ad"].pk}


def _viewing(c):
    return {"viewing_id": c.extra["viewing"].pk}


ID_VIEWS: list = [
    IdView("rental:ad-create", lambda c: {"stay_id": c.stay.pk}, GET_POST, writes=True),
    IdView("rental:search-edit", lambda c: {"stay_id": c.stay.pk}, GET_POST, writes=True),
    IdView("rental:ad-detail", _ad, GET_ONLY, writes=False),
    IdView("rental:ad-edit", _ad, GET_POST, writes=True),
    IdView(
        "rental:contact-add",
        _ad,
        POST_ONLY,
        writes=True,
        valid_post=lambda c, today: {"kind": "e_post", "contacted_on": today.isoformat(), "outcome": "Sendt søknad"},
        redirect=lambda c: reverse("rental:ad-detail", kwargs=_ad(c)),
    ),
    IdView("rental:viewing-create", _ad, GET_POST, writes=True),
    IdView("rental:viewing-edit", _viewing, GET_POST, writes=True),
    IdView("rental:viewing-calendar", _viewing, GET_ONLY, writes=False, ics=True),
]
READ_ACTIONS: dict = {
    "rental:search-edit": "rental_search.viewed",
    "rental:ad-detail": "rental_ad.viewed",
    "rental:ad-edit": "rental_ad.viewed",
    "rental:viewing-edit": "viewing.viewed",
    "rental:viewing-calendar": "viewing.calendar_downloaded",
}
CASE_MODELS: list = [RentalAd, RentalContact, Viewing, RentalSearch]
