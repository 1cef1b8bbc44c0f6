"""Demo data for the private rental search (called from load_demo). Synthetic, through the services."""

import datetime

from . import services


def add_demo(*, stay, phase, actor, arrival, today) -> None:
    if phase != "private_rental":
        return
    day = datetime.timedelta(days=1)
    services.search_save(actor=actor, stay=stay, values={"household_monthly_income": 31_500})
    viewed = services.ad_record(
        actor=actor,
        stay=stay,
        values={
            "area": "Fjordby sentrum",
            "monthly_rent": 11_800,
            "deposit": 35_400,
            "rooms": 3,
            "link": "https://www.finn.no/realestate/lettings/ad.html?finnkode=100000001",
            "source": "finn",
            "status": "visning_avtalt",
        },
        today=arrival + 20 * day,
    )
    services.contact_record(
        actor=actor,
        ad=viewed,
        values={"kind": "telefon", "contacted_on": arrival + 20 * day, "outcome": "Utleier ringer tilbake om visning."},
    )
    services.contact_record(
        actor=actor,
        ad=viewed,
        values={
            "kind": "melding",
            "contacted_on": arrival + 22 * day,
            "outcome": "Visning avtalt. Utleier vet ikke hvorfor vi kommer to.",
        },
    )
    services.viewing_record(
        actor=actor,
        ad=viewed,
        values={
            "date": today + day,
            "starts_at": datetime.time(17, 30),
            "ends_at": datetime.time(18, 0),
            "staff": actor,
            "note": "Møt ved bussholdeplassen, gå sammen.",
        },
    )
    applied = services.ad_record(
        actor=actor,
        stay=stay,
        values={
            "area": "Nordbyen",
            "monthly_rent": 13_900,
            "deposit": 41_700,
            "rooms": 3,
            "link": "",
            "source": "boligbyggelag",
            "status": "sokt",
        },
        today=arrival + 25 * day,
    )
    services.contact_record(
        actor=actor,
        ad=applied,
        values={"kind": "e_post", "contacted_on": arrival + 25 * day, "outcome": "Søknad sendt med referanse fra Nav."},
    )
