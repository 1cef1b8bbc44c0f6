"""The private rental search: the rules, the services and their audit rows,
the calendar file, and the reminder on the overview."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from boligplan.audit import services as audit_services
from boligplan.audit.models import AuditEvent
from boligplan.housing import services as housing_services
from boligplan.rental import services
from boligplan.rental.affordability import HIGH_RENT_SHARE_PERCENT, is_high_share, rent_share
from boligplan.rental.models import RentalAd, RentalContact, Viewing
from boligplan.rental.rules import looks_like_street_address
from boligplan.rental.selectors import overview_reminders
from boligplan.residents import services as resident_services
from boligplan.residents.models import Stay
from tests.helpers import data_snapshot

NAME = "Tuva Testleier"


def ad_values(**changes):
    values = {
        "area": "Sagene",
        "monthly_rent": 12_000,
        "deposit": 24_000,
        "rooms": 2,
        "link": "https://www.finn.no/realestate/lettings/ad.html?finnkode=1",
        "source": "finn",
        "status": "vurderes",
    }
    return values | changes


def viewing_values(day, **changes):
    values = {"date": day, "starts_at": datetime.time(17, 0), "ends_at": datetime.time(17, 45), "staff": None}
    return values | changes


@pytest.fixture
def tenant(make_stay):
    return make_stay(display_name=NAME, days_ago=10)


@pytest.fixture
def ad(tenant, kari, today):
    return services.ad_record(actor=kari, stay=tenant, values=ad_values(), today=today)


# --- What counts as a street address. -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Storgata 5",
        "Kanarifugl-allé 13B",
        "Kanarifugl-allé 13 B, 9413 Skjultvik",
        "Thorvald Meyers gate 12",
        "Sagene, Sandakerveien 102",
        "St. Olavs plass 3",
        "Gnr 12 bnr 5",
        "gnr. 40/bnr. 7",
        "Gårdsnummer 4",
        "Postboks 12",
        "storgata 5a",
    ],
)
def test_street_addresses_are_recognised(text):
    assert looks_like_street_address(text)


@pytest.mark.parametrize(
    "text",
    [
        "Sagene",
        "Gamle Oslo",
        "0150 Oslo",
        "Grünerløkka, 0550 Oslo",
        "Bydel St. Hanshaugen",
        "Nær T-bane, 5 min til sentrum",
        "Tøyen, 3 rom",
        "Fjordby sentrum",
        "Skjultvik (9413)",
    ],
)
def test_areas_are_not_street_addresses(text):
    assert not looks_like_street_address(text)


# --- Services and their audit rows. ---------------------------------------------------------------


def new_rows(before):
    return list(AuditEvent.objects.order_by("pk"))[before:]


def test_recording_an_ad_writes_one_audit_row_without_free_text(tenant, kari, today):
    before = AuditEvent.objects.count()

    ad = services.ad_record(actor=kari, stay=tenant, values=ad_values(area="  Sagene \n nord "), today=today)

    assert ad.area == "Sagene nord"  # one line, as checked
    assert ad.status_changed_on == today
    [row] = new_rows(before)
    assert (row.action, row.object_id, row.stay_id, row.actor) == ("rental_ad.recorded", ad.pk, tenant.pk, kari)
    assert "Sagene" not in " ".join(str(v) for v in row.__dict__.values())


def test_a_status_change_records_its_date_both_ways(ad, kari, today):
    later = today + datetime.timedelta(days=3)
    services.ad_update(actor=kari, ad=ad, values={"status": "tilbud"}, today=later)
    ad.refresh_from_db()
    assert (ad.status, ad.status_changed_on) == ("tilbud", later)

    services.ad_update(actor=kari, ad=ad, values={"status": "kontaktet", "rooms": 3}, today=later)  # back again
    services.ad_update(actor=kari, ad=ad, values={"rooms": 2}, today=later + datetime.timedelta(days=1))
    ad.refresh_from_db()
    assert (ad.status, ad.status_changed_on, ad.version) == ("kontaktet", later, 4)
    rows = AuditEvent.objects.filter(action="rental_ad.updated", object_id=ad.pk).order_by("pk")
    assert [r.fields for r in rows] == ["status,status_changed_on", "rooms,status,status_changed_on", "rooms"]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"area": "Storgata 5"}, "area"),
        ({"area": "Gnr 12 bnr 5"}, "area"),
        ({"area": "   "}, "area"),
        ({"deposit": 72_001}, "deposit"),  # 6 × 12 000 is the most
        ({"monthly_rent": 0}, "monthly_rent"),
        ({"monthly_rent": -5}, "monthly_rent"),
        ({"link": "javascript:alert(1)"}, "link"),
        ({"status": "flyttet_inn"}, "status"),
    ],
)
def test_the_service_refuses_what_the_forms_refuse(tenant, kari, today, values, field):
    before = data_snapshot()
    with pytest.raises(ValidationError) as refused:
        services.ad_record(actor=kari, stay=tenant, values=ad_values(**values), today=today)
    assert field in refused.value.message_dict
    assert data_snapshot() == before


def test_an_edit_cannot_sneak_in_a_street_address_or_a_deposit_over_six_months(ad, kari, today):
    with pytest.raises(ValidationError, match="gatenavn"):
        services.ad_update(actor=kari, ad=ad, values={"area": "Sandakerveien 102"}, today=today)
    with pytest.raises(ValidationError, match="seks måneders"):
        services.ad_update(actor=kari, ad=ad, values={"monthly_rent": 3_000}, today=today)  # 24 000 > 6 × 3 000
    assert services.ad_update(actor=kari, ad=ad, values={"deposit": 72_000}, today=today).deposit == 72_000


def test_contacts_and_viewings_write_their_rows(ad, kari, ola, today):
    before = AuditEvent.objects.count()

    contact = services.contact_record(
        actor=kari, ad=ad, values={"kind": "telefon", "contacted_on": today, "outcome": "Ring igjen fredag"}
    )
    viewing = services.viewing_record(actor=kari, ad=ad, values=viewing_values(today, staff=ola))
    services.viewing_update(actor=kari, viewing=viewing, values={"note": "Ta med ID"})
    services.search_save(actor=kari, stay=ad.stay, values={"household_monthly_income": 30_000})

    rows = new_rows(before)
    assert [(r.action, r.object_id) for r in rows] == [
        ("rental_contact.recorded", contact.pk),
        ("rental_ad.updated", ad.pk),  # vurderes → kontaktet
        ("viewing.recorded", viewing.pk),
        ("rental_ad.updated", ad.pk),  # kontaktet → visning avtalt
        ("viewing.updated", viewing.pk),
        ("rental_search.updated", ad.stay.rental_search.pk),
    ]
    assert rows[4].fields == "note"
    assert all(r.stay_id == ad.stay_id and r.actor == kari for r in rows)


def test_a_failed_audit_write_leaves_no_ad(tenant, kari, today, monkeypatch):
    def audit_down(*args, **kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(audit_services, "_insert", audit_down)
    with pytest.raises(RuntimeError):
        services.ad_record(actor=kari, stay=tenant, values=ad_values(), today=today)
    monkeypatch.undo()
    assert not RentalAd.objects.exists()


def test_viewing_rules(ad, kari, frida, today):
    arrival = ad.stay.arrival_date
    with pytest.raises(ValidationError, match="før ankomstdatoen"):
        services.viewing_record(actor=kari, ad=ad, values=viewing_values(arrival - datetime.timedelta(days=1)))
    with pytest.raises(ValidationError, match="slutte etter"):
        services.viewing_record(
            actor=kari, ad=ad, values=viewing_values(today, starts_at=datetime.time(18), ends_at=datetime.time(17))
        )
    with pytest.raises(ValidationError, match="ansatt ved senteret"):
        services.viewing_record(actor=kari, ad=ad, values=viewing_values(today, staff=frida))
    with pytest.raises(ValidationError, match="et år fram"):
        services.viewing_record(actor=kari, ad=ad, values=viewing_values(today + datetime.timedelta(days=400)))
    # A viewing that already happened may be recorded afterwards, without fuss.
    past = services.viewing_record(actor=kari, ad=ad, values=viewing_values(arrival))
    assert past.date == arrival
    assert Viewing.objects.count() == 1


def test_an_ended_stay_gets_no_new_ads_viewings_or_contacts_but_an_ad_can_still_be_closed(ad, kari, today):
    resident_services.stay_depart(
        actor=kari, stay=ad.stay, departure_date=today, destination="ny_privat", permanence="varig"
    )
    ad.stay.refresh_from_db()
    ad = RentalAd.objects.select_related("stay").get(pk=ad.pk)
    for write in (
        lambda: services.ad_record(actor=kari, stay=ad.stay, values=ad_values(), today=today),
        lambda: services.viewing_record(actor=kari, ad=ad, values=viewing_values(today)),
        lambda: services.contact_record(
            actor=kari, ad=ad, values={"kind": "telefon", "contacted_on": today, "outcome": "x"}
        ),
    ):
        with pytest.raises(ValidationError, match="avsluttet"):
            write()
    assert services.ad_update(actor=kari, ad=ad, values={"status": "takket_ja"}, today=today).status == "takket_ja"
    assert RentalAd.objects.count() == 1 and not RentalContact.objects.exists() and not Viewing.objects.exists()


# --- Affordability. -------------------------------------------------------------------------------


def test_rent_share_and_the_high_flag():
    assert rent_share(10_000, None) is None
    assert rent_share(10_000, 0) is None
    assert rent_share(10_000, 40_000) == 25
    assert rent_share(14_000, 40_000) == 35 and not is_high_share(35)
    assert rent_share(14_400, 40_000) == 36 and is_high_share(36)
    assert HIGH_RENT_SHARE_PERCENT == 35


def test_the_page_shows_the_share_the_deposit_and_the_deposit_guarantee(client_for, kari, ad, today):
    client = client_for(kari)
    stay_page = reverse("residents:stay-detail", kwargs={"stay_id": ad.stay_id})
    ad_page = reverse("rental:ad-detail", kwargs={"ad_id": ad.pk})

    content = client.get(stay_page).content.decode()
    assert "inntekt ikke registrert" in content
    assert "Ikke søkt" in content
    assert reverse("housing:application-create", kwargs={"stay_id": ad.stay_id}) in content

    services.search_save(actor=kari, stay=ad.stay, values={"household_monthly_income": 30_000})
    housing_services.application_record(
        actor=kari,
        stay=ad.stay,
        values={"kind": "depositum", "agency": "NAV Fjordby", "sent_on": today, "status": "under_behandling"},
    )
    for url in (stay_page, ad_page):
        content = client.get(url).content.decode()
        assert "40 %" in content and "høy andel" in content  # 12 000 of 30 000
        assert "Under behandling" in content
    assert '24\u00a0000\u00a0kr <span class="app-muted">(2 måneders husleie)' in client.get(ad_page).content.decode()


def test_a_contact_or_a_viewing_moves_an_ad_forward_but_never_back(ad, kari, today):
    contact = {"kind": "telefon", "contacted_on": today, "outcome": "Ringte"}
    services.contact_record(actor=kari, ad=ad, values=contact)
    ad.refresh_from_db()
    assert ad.status == "kontaktet"
    services.viewing_record(actor=kari, ad=ad, values=viewing_values(today))
    ad.refresh_from_db()
    assert ad.status == "visning_avtalt"
    services.contact_record(actor=kari, ad=ad, values=contact)  # a later call does not move it back
    ad.refresh_from_db()
    assert ad.status == "visning_avtalt"
    services.ad_update(actor=kari, ad=ad, values={"status": "takket_nei"}, today=today)
    services.viewing_record(actor=kari, ad=ad, values=viewing_values(today))
    ad.refresh_from_db()
    assert ad.status == "takket_nei"  # a final answer is left alone


# --- The reminder on the overview. ----------------------------------------------------------------


def test_viewings_today_and_tomorrow_are_reminded_once_each(ad, kari, today, make_stay):
    tomorrow, later = today + datetime.timedelta(days=1), today + datetime.timedelta(days=2)
    services.viewing_record(actor=kari, ad=ad, values=viewing_values(tomorrow, starts_at=datetime.time(9, 30)))
    services.viewing_record(actor=kari, ad=ad, values=viewing_values(later))
    services.viewing_record(actor=kari, ad=ad, values=viewing_values(ad.stay.arrival_date))  # long past: not reminded

    reminders = overview_reminders(Stay.objects.current(), today=today)

    [reminder] = reminders[ad.stay_id]
    assert reminder.kind == "viewing.soon"
    assert reminder.text.startswith(f"Visning {tomorrow.day}. ") and reminder.text.endswith("kl. 09:30 – Sagene")
    assert reminder.summary == "Visninger i dag eller i morgen"
    assert reminder.due == tomorrow and reminder.danger is False


def test_the_reminder_is_on_the_overview_and_costs_the_same_queries_for_1_and_20(client_for, kari, make_stay, today):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(kari)

    def add(start, stop):
        for i in range(start, stop):
            stay = make_stay(display_name=f"Visningsbeboer {i}", days_ago=5)
            ad = services.ad_record(actor=kari, stay=stay, values=ad_values(area=f"Område {chr(65 + i)}"), today=today)
            services.viewing_record(actor=kari, ad=ad, values=viewing_values(today))

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("reports:overview"))
        return len(queries), response.content.decode()

    add(0, 1)
    one, html = count()
    assert "Visninger i dag eller i morgen" in html and "– Område A" in html
    add(1, 20)
    twenty, html = count()
    assert one == twenty
    assert "– Område T" in html


def test_the_demo_adds_two_ads_a_viewing_tomorrow_and_an_income(make_stay, kari, today):
    from boligplan.rental.demo import add_demo

    stay = make_stay(display_name="J.O.", days_ago=35)
    add_demo(stay=stay, phase="private_rental", actor=kari, arrival=stay.arrival_date, today=today)
    add_demo(stay=make_stay(display_name="A.K."), phase="arrived", actor=kari, arrival=today, today=today)

    assert sorted(RentalAd.objects.values_list("status", flat=True)) == ["sokt", "visning_avtalt"]
    assert all(not looks_like_street_address(area) for area in RentalAd.objects.values_list("area", flat=True))
    [viewing] = Viewing.objects.all()
    assert (viewing.date, viewing.staff, viewing.stay) == (today + datetime.timedelta(days=1), kari, stay)
    assert stay.rental_search.household_monthly_income
    assert RentalContact.objects.count() == 3
    assert list(overview_reminders(Stay.objects.current(), today=today)) == [stay.pk]
