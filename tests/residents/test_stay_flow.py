"""A stay from arrival to departure, through the services and through the pages: registering, one
open stay at a time, journal notes, ready to move and departure. The housing work on the way:
tests/housing/test_housing_flow.py."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from boligplan.residents import services as resident_services
from boligplan.residents.models import Resident, Stay
from tests.residents.pages import stay_url, table_rows

OVERVIEW = reverse("reports:overview")
EARLIER = reverse("residents:stays-earlier")


# --- Arrival. -----------------------------------------------------------------------------------


def test_register_opens_a_stay(client_for, kari, ola, shelter, today):
    client = client_for(kari)
    arrival = today - datetime.timedelta(days=1)

    response = client.post(
        reverse("residents:resident-register"),
        {
            "display_name": " Randi Ny ",
            "birth_year": "1988",
            "arrival_date": arrival.isoformat(),
            "contact_person": ola.pk,
        },
    )

    resident = Resident.objects.get()
    stay = Stay.objects.get()
    assert response.status_code == 302
    assert response["Location"] == stay_url("residents:stay-detail", stay)
    assert resident.display_name == "Randi Ny"
    assert resident.birth_year == 1988
    assert resident.shelter == shelter
    assert stay.resident == resident and stay.shelter == shelter
    assert stay.arrival_date == arrival
    assert stay.contact_person == ola
    assert stay.is_current
    assert "Randi Ny" in client.get(OVERVIEW).content.decode()


def test_register_page_offers_only_own_shelters_case_staff(client_for, kari, ola, berit, stian, lene, frida):
    content = client_for(kari).get(reverse("residents:resident-register")).content.decode()
    for user in (kari, ola, lene):
        assert f'value="{user.pk}"' in content
    for user in (berit, stian, frida):  # not contact persons, or not ours
        assert f'value="{user.pk}"' not in content


def test_second_open_stay_is_refused_by_the_service(kari, stay, today):
    with pytest.raises(ValidationError) as refused:
        resident_services.stay_open(actor=kari, resident=stay.resident, arrival_date=today, contact_person=kari)

    assert "arrival_date" in refused.value.message_dict
    assert Stay.objects.filter(resident=stay.resident).count() == 1


def test_second_open_stay_is_refused_by_the_database(kari, stay, today):
    with pytest.raises(IntegrityError), transaction.atomic():
        Stay.objects.create(shelter=stay.shelter, resident=stay.resident, arrival_date=today, contact_person=kari)

    assert Stay.objects.filter(resident=stay.resident).count() == 1


def test_the_database_refuses_departure_before_arrival(kari, stay):
    stay.departure_date = stay.arrival_date - datetime.timedelta(days=1)
    stay.destination, stay.permanence = "rosa", "varig"
    with pytest.raises(IntegrityError), transaction.atomic():
        stay.save()


def test_the_database_refuses_departure_without_destination(kari, stay, today):
    stay.departure_date = today
    with pytest.raises(IntegrityError), transaction.atomic():
        stay.save()


def test_service_refuses_departure_before_arrival(kari, stay):
    with pytest.raises(ValidationError):
        resident_services.stay_depart(
            actor=kari,
            stay=stay,
            departure_date=stay.arrival_date - datetime.timedelta(days=1),
            destination="rosa",
            permanence="varig",
        )
    stay.refresh_from_db()
    assert stay.is_current


def test_a_new_stay_after_departure(client_for, kari, stay, today):
    resident_services.stay_depart(
        actor=kari, stay=stay, departure_date=today, destination="tilbake_voldsutover", permanence="midlertidig"
    )
    client = client_for(kari)
    url = reverse("residents:stay-open", kwargs={"resident_id": stay.resident.pk})

    response = client.post(url, {"arrival_date": today.isoformat(), "contact_person": kari.pk})

    assert response.status_code == 302
    new = Stay.objects.get(resident=stay.resident, departure_date__isnull=True)
    assert new.pk != stay.pk
    assert response["Location"] == stay_url("residents:stay-detail", new)
    # Both stays are reachable from the new one.
    content = client.get(stay_url("residents:stay-detail", new)).content.decode()
    assert stay_url("residents:stay-detail", stay) in content


# --- Journal notes. -----------------------------------------------------------------------------


def test_journal_note_shows_author_and_time(client_for, kari, stay):
    client = client_for(kari)
    assert client.post(stay_url("residents:note-add", stay), {"text": "  Første samtale.  "}).status_code == 302

    note = stay.notes.get()
    assert note.text == "Første samtale."
    assert note.author == kari
    page = client.get(stay_url("residents:stay-detail", stay)).content.decode()
    assert "Første samtale." in page
    assert "Kari" in page.split("Første samtale.", 1)[0].rsplit("<article", 1)[1]


# --- Ready to move and departure. ---------------------------------------------------------------


def test_ready_to_move_is_recorded(client_for, kari, stay, today):
    response = client_for(kari).post(
        stay_url("residents:stay-ready-to-move", stay), {"ready_to_move_date": today.isoformat(), "wait_cause": "nav"}
    )
    assert response.status_code == 302
    stay.refresh_from_db()
    assert stay.ready_to_move_date == today
    assert stay.wait_cause == "nav"


def test_departure_moves_the_stay_to_earlier_stays_and_keeps_it_readable(client_for, kari, lene, berit, stay, today):
    client = client_for(kari)
    client.post(stay_url("housing:tracks-edit", stay), {"tracks": ["rosa"]})
    client.post(stay_url("residents:note-add", stay), {"text": "Notat før utflytting"})
    assert "A.B." in client.get(OVERVIEW).content.decode()
    assert "A.B." not in client.get(EARLIER).content.decode()

    response = client.post(
        stay_url("residents:stay-depart", stay),
        {"departure_date": today.isoformat(), "destination": "ny_privat_leie", "permanence": "varig"},
    )

    assert response.status_code == 302
    stay.refresh_from_db()
    assert (stay.departure_date, stay.destination, stay.permanence) == (today, "ny_privat_leie", "varig")
    assert "A.B." not in client.get(OVERVIEW).content.decode()
    earlier = client.get(EARLIER).content.decode()
    assert "A.B." in earlier
    assert stay_url("residents:stay-detail", stay) in earlier
    assert "Ny bolig – privat leie" in earlier

    page = client.get(stay_url("residents:stay-detail", stay))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Flyttet ut" in content
    assert "Notat før utflytting" in content
    assert table_rows("rosa")[0]["title"] in content
    # Readable for the leader too; the children's contact person never sees the parent's page.
    assert "Notat før utflytting" in client_for(lene).get(stay_url("residents:stay-detail", stay)).content.decode()
    assert client_for(berit).get(stay_url("residents:stay-detail", stay)).status_code == 403

    # A departed stay cannot depart again: the page sends the user back to the stay.
    again = client_for(kari).get(stay_url("residents:stay-depart", stay))
    assert again.status_code == 302
    assert again["Location"] == stay_url("residents:stay-detail", stay)


def test_service_refuses_to_depart_twice(kari, stay, today):
    resident_services.stay_depart(actor=kari, stay=stay, departure_date=today, destination="rosa", permanence="varig")
    with pytest.raises(ValidationError):
        resident_services.stay_depart(
            actor=kari, stay=stay, departure_date=today, destination="annet", permanence="midlertidig"
        )
    stay.refresh_from_db()
    assert stay.destination == "rosa"
