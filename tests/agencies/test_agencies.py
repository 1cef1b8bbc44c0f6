"""The agency directory: who sees and changes what, bad input, audit rows and query counts."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boligplan.agencies import services
from boligplan.agencies.models import Agency, ShelterPartnerMunicipality
from boligplan.agencies.reference import ensure_loaded
from boligplan.agencies.selectors import municipality_for_number
from boligplan.audit.models import AuditEvent
from tests.conftest import make_user

LIST = reverse("agencies:agency-list")
CREATE = reverse("agencies:agency-create")
PARTNERS = reverse("agencies:partners-edit")


@pytest.fixture(autouse=True)
def reference_data(db):
    ensure_loaded()  # a flush by an earlier transactional test empties the shipped tables


@pytest.fixture
def other_leader(other_shelter):
    return make_user("oline", other_shelter, "leder", "Oline")


def add_agency(actor, shelter, **values):
    defaults = {
        "kind": "nav",
        "name": "NAV Testby",
        "municipality": None,
        "phone": "",
        "email": "",
        "address": "",
        "opening_hours": "",
        "notes": "",
    }
    return services.agency_create(actor=actor, shelter=shelter, values={**defaults, **values})


def valid_post(**overrides):
    data = {
        "kind": "nav",
        "name": "NAV Drammen",
        "municipality": "3301",
        "phone": "999 99 901",
        "email": "nav.drammen@example.invalid",
        "address": "Eksempelgata 1, 3001 Drammen",
        "opening_hours": "Mandag–fredag kl. 10–14",
        "notes": "",
    }
    return {**data, **overrides}


# Reading


def test_staff_see_their_own_directory_and_the_national_services(client_for, kari, lene, frida, shelter, other_shelter):
    add_agency(lene, shelter, name="NAV Fjordby")
    add_agency(frida, other_shelter, name="NAV Åsby")
    html = client_for(kari).get(LIST).content.decode()
    assert "NAV Fjordby" in html
    assert "ROSA" in html and "Kompetanseteamet" in html  # national services, shared by all shelters
    assert "NAV Åsby" not in html
    assert reverse("agencies:agency-create") not in html  # no buttons for what kari may not do


def test_childrens_contact_may_read_statistics_role_may_not(client_for, berit, stian):
    assert client_for(berit).get(LIST).status_code == 200
    assert client_for(stian).get(LIST).status_code == 403


def test_menu_shows_the_directory_to_those_who_may_read_it(client_for, kari, stian):
    assert 'href="/instanser/"' in client_for(kari).get(LIST).content.decode()
    assert 'href="/instanser/"' not in client_for(stian).get(reverse("reports:dashboard")).content.decode()


def test_anonymous_is_sent_to_login(client):
    for url in (LIST, CREATE, PARTNERS, reverse("agencies:agency-edit", args=[uuid.uuid4()])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# Changing: the leader only, and only the shelter's own agencies


def test_leader_adds_an_agency_and_an_old_municipality_number_is_accepted(client_for, lene, shelter):
    response = client_for(lene).post(CREATE, valid_post(municipality="3005"))  # Drammen's number 2020–2023
    assert response.status_code == 302
    agency = Agency.objects.get(shelter=shelter, name="NAV Drammen")
    assert agency.municipality.number == "3301"
    event = AuditEvent.objects.get(action="agency.created", object_id=agency.pk)
    assert event.actor == lene and event.shelter_id == shelter.pk
    assert "Drammen" not in event.fields and "999" not in event.fields  # field names only
    assert set(event.fields.split(",")) <= {
        "kind",
        "name",
        "municipality",
        "phone",
        "email",
        "address",
        "opening_hours",
        "notes",
    }


def test_leader_edits_and_removes_an_agency(client_for, lene, shelter):
    agency = add_agency(lene, shelter, name="NAV Drammen", phone="999 99 901")
    client = client_for(lene)
    edit = reverse("agencies:agency-edit", args=[agency.pk])
    page = client.get(edit).content.decode()
    assert 'value="NAV Drammen"' in page

    response = client.post(
        edit, valid_post(municipality="", phone="999 99 902", email="", address="", opening_hours="")
    )
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.phone == "999 99 902"
    assert AuditEvent.objects.get(action="agency.updated", object_id=agency.pk).fields == "phone"

    delete = reverse("agencies:agency-delete", args=[agency.pk])
    assert client.get(delete).status_code == 200
    assert client.post(delete).status_code == 302
    assert not Agency.objects.filter(pk=agency.pk).exists()
    assert AuditEvent.objects.filter(action="agency.removed", object_id=agency.pk).count() == 1


def test_saving_without_changes_writes_no_audit_row(client_for, lene, shelter):
    agency = add_agency(lene, shelter, **{k: v for k, v in valid_post().items() if k != "municipality"})
    agency.municipality = municipality_for_number("3301")
    agency.save()
    client_for(lene).post(reverse("agencies:agency-edit", args=[agency.pk]), valid_post())
    assert not AuditEvent.objects.filter(action="agency.updated").exists()


@pytest.mark.parametrize("username", ["kari", "berit", "stian"])
def test_others_than_the_leader_get_403_on_every_change(request, client_for, lene, shelter, username):
    agency = add_agency(lene, shelter)
    client = client_for(request.getfixturevalue(username))
    edit = reverse("agencies:agency-edit", args=[agency.pk])
    delete = reverse("agencies:agency-delete", args=[agency.pk])
    for url in (CREATE, edit, delete, PARTNERS, f"{PARTNERS}?fylke=33"):
        assert client.get(url).status_code == 403
    assert client.post(CREATE, valid_post()).status_code == 403
    assert client.post(edit, valid_post(name="Endret")).status_code == 403
    assert client.post(delete).status_code == 403
    assert client.post(PARTNERS, {"fylke": "33"}).status_code == 403
    agency.refresh_from_db()
    assert agency.name == "NAV Testby"
    assert Agency.objects.filter(shelter=shelter).count() == 1


def test_another_shelters_agency_gives_the_same_404_as_a_missing_one(client_for, lene, shelter, other_leader):
    agency = add_agency(lene, shelter)
    client = client_for(other_leader)
    for name in ("agencies:agency-edit", "agencies:agency-delete"):
        real = client.get(reverse(name, args=[agency.pk]))
        missing = client.get(reverse(name, args=[uuid.uuid4()]))
        assert real.status_code == missing.status_code == 404
        assert "NAV Testby" not in real.content.decode()
        assert client.post(reverse(name, args=[agency.pk]), valid_post()).status_code == 404
    assert Agency.objects.filter(pk=agency.pk, name="NAV Testby").exists()


def test_national_services_are_not_changed_from_a_shelters_pages(client_for, lene):
    rosa = Agency.objects.get(national_key="rosa")
    client = client_for(lene)
    assert client.get(reverse("agencies:agency-edit", args=[rosa.pk])).status_code == 404
    assert client.post(reverse("agencies:agency-delete", args=[rosa.pk])).status_code == 404
    assert Agency.objects.filter(pk=rosa.pk).exists()


# Bad input: errors next to the fields, input kept, nothing saved, never a 500


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"phone": "ring meg"}, "phone", "Skriv telefonnummeret med sifre"),
        ({"phone": "12"}, "phone", "Skriv telefonnummeret med sifre"),
        ({"phone": "1" * 31}, "phone", "30 eller færre tegn"),
        ({"email": "nav.drammen.example.invalid"}, "email", "gyldig e-postadresse"),
        ({"name": "N" * 121}, "name", "120 eller færre tegn"),
        ({"name": ""}, "name", "Feltet er påkrevet"),
        ({"notes": "x" * 1001}, "notes", "1000 eller færre tegn"),
        ({"opening_hours": "x" * 201}, "opening_hours", "200 eller færre tegn"),
        ({"municipality": "9999"}, "municipality", "Fant ingen kommune med nummer 9999"),
        ({"municipality": "Atlantis"}, "municipality", "Fant ingen kommune som heter Atlantis"),
        ({"municipality": "Herøy"}, "municipality", "Flere kommuner heter Herøy"),
        ({"kind": "hemmelig"}, "kind", "Velg et gyldig valg"),
    ],
)
def test_bad_input_is_shown_next_to_the_field_and_nothing_is_saved(client_for, lene, overrides, field, message):
    before = Agency.objects.count()
    response = client_for(lene).post(CREATE, valid_post(**overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert "ds-error-summary" in html
    assert f'id="id_{field}_error"' in html and message in html
    assert f'href="#id_{field}"' in html
    kept = valid_post(**overrides)["name"]
    if kept:
        assert f'value="{kept}"' in html  # the rest of the input is kept
    assert Agency.objects.count() == before
    assert not AuditEvent.objects.filter(action="agency.created").exists()


def test_bad_input_on_edit_keeps_the_stored_row(client_for, lene, shelter):
    agency = add_agency(lene, shelter, name="NAV Drammen", phone="999 99 901")
    response = client_for(lene).post(
        reverse("agencies:agency-edit", args=[agency.pk]), valid_post(name="NAV Nytt navn", email="ikke-epost")
    )
    assert response.status_code == 400
    assert 'value="NAV Nytt navn"' in response.content.decode()
    agency.refresh_from_db()
    assert agency.name == "NAV Drammen"


def test_municipality_can_be_given_as_number_label_or_name(client_for, lene, shelter):
    client = client_for(lene)
    for index, text in enumerate(["0301", "301", "3301 Drammen", "ålesund", "Hábmer"]):
        assert client.post(CREATE, valid_post(name=f"Kontor {index}", municipality=text)).status_code == 302
    numbers = list(
        Agency.objects.filter(shelter=shelter).order_by("name").values_list("municipality__number", flat=True)
    )
    assert numbers == ["0301", "0301", "3301", "1508", "1875"]


# Partner municipalities


def test_leader_chooses_partner_municipalities_county_by_county(client_for, lene, shelter):
    client = client_for(lene)
    drammen, lier, oslo = (municipality_for_number(n) for n in ("3301", "3312", "0301"))
    page = client.get(PARTNERS, {"fylke": "33"})
    assert page.status_code == 200 and "Nore og Uvdal" in page.content.decode()

    assert client.post(PARTNERS, {"fylke": "33", "municipalities": [drammen.pk, lier.pk]}).status_code == 302
    assert client.post(PARTNERS, {"fylke": "03", "municipalities": [oslo.pk]}).status_code == 302
    # Unticking Lier in Buskerud leaves Oslo alone.
    assert client.post(PARTNERS, {"fylke": "33", "municipalities": [drammen.pk]}).status_code == 302
    chosen = set(
        ShelterPartnerMunicipality.objects.filter(shelter=shelter).values_list("municipality__number", flat=True)
    )
    assert chosen == {"3301", "0301"}
    assert AuditEvent.objects.filter(action="shelter.partner_municipalities_changed", object_id=shelter.pk).count() == 3


def test_partner_choice_refuses_municipalities_outside_the_county_and_unknown_ids(client_for, lene, shelter):
    client = client_for(lene)
    oslo = municipality_for_number("0301")
    for bad in ([oslo.pk], ["999999"], ["drammen"]):
        response = client.post(PARTNERS, {"fylke": "33", "municipalities": bad})
        assert response.status_code == 400
        assert "ds-error-summary" in response.content.decode()
    assert client.post(PARTNERS, {"fylke": "99", "municipalities": [oslo.pk]}).status_code == 302
    assert client.get(PARTNERS, {"fylke": "99"}).status_code == 200
    assert not ShelterPartnerMunicipality.objects.filter(shelter=shelter).exists()


def test_directory_shows_which_partner_municipalities_lack_nav_or_housing_office(client_for, lene, kari, shelter):
    drammen = municipality_for_number("3301")
    services.partner_municipalities_set(actor=lene, shelter=shelter, county=drammen.county, municipalities=[drammen])
    html = client_for(kari).get(LIST).content.decode()
    assert html.count("Ikke registrert") == 2
    add_agency(lene, shelter, name="NAV Drammen", municipality=drammen)
    html = client_for(kari).get(LIST).content.decode()
    assert html.count("Ikke registrert") == 1


def test_other_shelters_partner_choices_do_not_leak(client_for, kari, frida, other_shelter):
    lier = municipality_for_number("3312")
    services.partner_municipalities_set(actor=frida, shelter=other_shelter, county=lier.county, municipalities=[lier])
    assert "Lier" not in client_for(kari).get(LIST).content.decode()


# Municipality-number lookup on the directory page


def test_number_lookup_on_the_directory_page(client_for, kari):
    client = client_for(kari)
    html = client.get(LIST, {"kommunenummer": "3005"}).content.decode()
    assert "3005 var kommunenummeret til Drammen" in html and "I dag: 3301 Drammen (Buskerud)" in html
    html = client.get(LIST, {"kommunenummer": "1507"}).content.decode()
    assert "1508 Ålesund" in html and "1580 Haram" in html
    html = client.get(LIST, {"kommunenummer": "0301"}).content.decode()
    assert "0301 er Oslo kommune i Oslo" in html
    html = client.get(LIST, {"kommunenummer": "9999"}).content.decode()
    assert "Fant ikke kommunenummer 9999" in html
    response = client.get(LIST, {"kommunenummer": "ab<i>"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Skriv fire sifre" in html and 'value="ab&lt;i&gt;"' in html and "ab<i>" not in html


# Query count: the same for 1 and for 30 agencies and partner municipalities


def _count_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST).status_code == 200
    return len(queries)


def test_directory_runs_the_same_number_of_queries_for_1_and_30_agencies(client_for, kari, lene, shelter):
    client = client_for(kari)
    municipalities = list(municipality_for_number("3301").county.municipalities.all())
    add_agency(lene, shelter, name="NAV 0", municipality=municipalities[0])
    services.partner_municipalities_set(
        actor=lene, shelter=shelter, county=municipalities[0].county, municipalities=municipalities[:1]
    )
    one = _count_queries(client)
    for index in range(1, 30):
        add_agency(
            lene,
            shelter,
            name=f"Kontor {index}",
            kind="boligkontor" if index % 2 else "nav",
            municipality=municipalities[index % len(municipalities)],
        )
    services.partner_municipalities_set(
        actor=lene, shelter=shelter, county=municipalities[0].county, municipalities=municipalities
    )
    assert _count_queries(client) == one
