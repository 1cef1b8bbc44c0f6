"""The departure rules corrected against the law texts (docs/rules.md), the national export's sources,
and words that read wrongly to staff, one test or more per rule.

Each rule is data with its source and the date it was checked; these tests fail if a rule goes
back to what it was before it was corrected. The other apps' rules are in tests/<app>/test_legal_rules.py.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from boligplan.housing.choices import ResponsibleParty
from boligplan.housing.models import Task
from boligplan.residents import services as resident_services
from boligplan.residents.choices import TEMPORARY_BY_NATURE, Destination

DAY = datetime.timedelta(days=1)


# --- Departure: a temporary place is never a permanent exit; a temporary exit is followed up. --


@pytest.mark.parametrize("destination", sorted(TEMPORARY_BY_NATURE))
def test_a_temporary_destination_cannot_be_recorded_as_permanent(stay, kari, today, destination):
    with pytest.raises(ValidationError) as error:
        resident_services.stay_depart(
            actor=kari, stay=stay, departure_date=today, destination=destination, permanence="varig"
        )
    assert "permanence" in error.value.message_dict
    stay.refresh_from_db()
    assert stay.departure_date is None


def test_the_temporary_destinations_are_the_ones_the_guide_names():
    assert {
        Destination.TEMPORARY_NAV,
        Destination.OTHER_SHELTER,
        Destination.FAMILY_FRIENDS,
    } == TEMPORARY_BY_NATURE


def depart_form(stay, today, **changes):
    return {
        "departure_date": today.isoformat(),
        "destination": "familie_venner",
        "permanence": "midlertidig",
        "temporary_reason": "venter_varig",
        "version": str(stay.version),
    } | changes


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"permanence": "varig"}, "Familie/venner er en midlertidig løsning"),
        ({"temporary_reason": ""}, "Skriv hvorfor det blir en midlertidig løsning."),
    ],
    ids=["refuses-permanent-for-a-temporary-place", "asks-why-when-temporary"],
)
def test_the_departure_form_refuses_an_unclear_temporary_exit(client_for, kari, stay, today, changes, message):
    url = reverse("residents:stay-depart", args=[stay.pk])
    response = client_for(kari).post(url, depart_form(stay, today, **changes))

    assert response.status_code == 400
    assert message in response.content.decode()
    stay.refresh_from_db()
    assert stay.departure_date is None


def test_a_temporary_exit_creates_a_follow_up_task(client_for, kari, stay, today):
    url = reverse("residents:stay-depart", args=[stay.pk])
    assert client_for(kari).post(url, depart_form(stay, today)).status_code == 302

    (task,) = Task.objects.filter(stay=stay, suggestion_key="midlertidig_utflytting.oppfolging")
    assert "Venter på varig bolig som ikke er klar ennå" in task.title
    assert task.due_date == today + 14 * DAY
    assert task.assignee == kari and task.responsible_party == ResponsibleParty.SHELTER


def test_a_permanent_exit_creates_no_follow_up_task(stay, kari, today):
    resident_services.stay_depart(
        actor=kari, stay=stay, departure_date=today, destination="ny_privat_leie", permanence="varig"
    )
    assert not Task.objects.filter(stay=stay).exists()


# --- The national export: what is confirmed is marked, with its source. ------------------------


def test_national_categories_say_what_is_confirmed_and_where_from():
    from boligplan.statistics import national_mapping as mapping

    assert mapping.CHECKED_ON == datetime.date(2026, 12, 2)
    assert mapping.BACK_TO_PERPETRATOR.confirmed and "bufdir.no" in mapping.BACK_TO_PERPETRATOR.source
    for category in mapping.DESTINATION_ORDER:
        assert category.confirmed == bool(category.source), category
    assert mapping.BACK_TO_PERPETRATOR not in mapping.unconfirmed_destinations()
    assert mapping.UNKNOWN in mapping.unconfirmed_destinations()


# --- Wording: words that read wrongly to staff are gone. ---------------------------------------------


def test_the_rental_contact_log_says_registrer(client_for, kari, make_stay, today):
    from boligplan.rental import services as rental

    stay = make_stay(days_ago=5)
    ad = rental.ad_record(
        actor=kari,
        stay=stay,
        values={"area": "Sagene", "monthly_rent": 12_000, "deposit": 24_000, "rooms": 2, "status": "vurderes"},
        today=today,
    )
    page = client_for(kari).get(reverse("rental:ad-detail", args=[ad.pk])).content.decode()

    assert "Ingen kontakt er registrert ennå." in page and "Registrer kontakt" in page
    assert "Før inn" not in page and "er ført ennå" not in page


def test_the_ended_search_message_says_nothing_new_can_be_added(make_stay, kari, today):
    from boligplan.rental import services as rental

    stay = make_stay(days_ago=5)
    resident_services.stay_depart(
        actor=kari, stay=stay, departure_date=today, destination="ny_privat_leie", permanence="varig"
    )
    with pytest.raises(ValidationError) as error:
        rental.ad_record(actor=kari, stay=stay, values={"area": "Sagene"}, today=today)
    assert "men ingenting nytt kan legges til" in str(error.value)


def test_the_child_information_phase_offers_no_empty_choice(client_for, kari, stay):
    from boligplan.children import services as children

    child = children.child_add(actor=kari, stay=stay, first_name="Synne", birth_year=2016)
    page = client_for(kari).get(reverse("children:child-information-add", args=[child.pk])).content.decode()
    phase_inputs = [chunk.split(">", 1)[0] for chunk in page.split("<input")[1:] if 'name="phase"' in chunk]

    assert len(phase_inputs) == 3  # before, during, after the move
    assert not any('value=""' in tag for tag in phase_inputs)
    assert "Velg …" not in page


def test_wording_of_choices_and_fields():
    from boligplan.housing.choices import PreviousHomeType
    from boligplan.housing.models import Task as TaskModel

    assert PreviousHomeType.PRIVATE_RENTAL.label == "Leid privat"
    assert PreviousHomeType.MUNICIPAL_RENTAL.label == "Kommunal utleiebolig"
    assert TaskModel._meta.get_field("responsible_party").verbose_name == "hvem har ansvaret"
    assert ResponsibleParty.NAV.label == "Nav"


def test_an_unknown_temporary_reason_is_refused_not_a_crash(stay, kari, today):
    with pytest.raises(ValidationError) as error:
        resident_services.stay_depart(
            actor=kari,
            stay=stay,
            departure_date=today,
            destination="familie_venner",
            permanence="midlertidig",
            temporary_reason="tull",
        )
    assert "temporary_reason" in error.value.message_dict
    assert not Task.objects.filter(stay=stay).exists()
