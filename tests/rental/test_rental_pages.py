"""The rental pages: bad input per form, a protected address that appears on no rental page or
calendar file, constant queries, and the pages of an ended stay."""

import datetime
import re

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from boligplan.audit.models import AuditEvent
from boligplan.rental import services
from boligplan.rental.models import RentalAd
from boligplan.residents import addresses
from boligplan.residents import services as resident_services
from tests.helpers import data_snapshot, write_audit_count
from tests.rental.test_rental import ad_values, viewing_values

SECRET_ADDRESS = "Hemmelighetsveien 77C, 9413 Skjultvik"
NAME = "Petra Privatleie"


@pytest.fixture
def tenant(make_stay):
    return make_stay(display_name=NAME, days_ago=10)


@pytest.fixture
def ad(tenant, kari, today):
    return services.ad_record(actor=kari, stay=tenant, values=ad_values(), today=today)


@pytest.fixture
def viewing(ad, kari, today):
    return services.viewing_record(actor=kari, ad=ad, values=viewing_values(today + datetime.timedelta(days=1)))


def ad_post(**changes):
    data = {
        "area": "Sagene",
        "monthly_rent": "12000",
        "deposit": "24000",
        "rooms": "2",
        "source": "finn",
        "link": "https://www.finn.no/1",
        "status": "vurderes",
    }
    return data | changes


def viewing_post(day, **changes):
    return {"date": day.isoformat(), "starts_at": "17:00", "ends_at": "17:45", "staff": "", "note": ""} | changes


def _url(name, **kwargs):
    return reverse(f"rental:{name}", kwargs=kwargs)


# (name, url(ctx), data(ctx), field, message or None, text the page must keep)
BAD = [
    (
        "street-address",
        lambda c: _url("ad-create", stay_id=c.stay.pk),
        lambda c: ad_post(area="Storgata 5"),
        "area",
        "gatenavn med husnummer",
        "Storgata 5",
    ),
    (
        "cadastre",
        lambda c: _url("ad-edit", ad_id=c.ad.pk),
        lambda c: ad_post(area="Gnr 12 bnr 5"),
        "area",
        "gårds- og bruksnummer",
        "Gnr 12 bnr 5",
    ),
    (
        "deposit-over-six-months",
        lambda c: _url("ad-create", stay_id=c.stay.pk),
        lambda c: ad_post(deposit="72001"),
        "deposit",
        "husleieloven § 3-5",
        "72001",
    ),
    (
        "negative-rent",
        lambda c: _url("ad-create", stay_id=c.stay.pk),
        lambda c: ad_post(monthly_rent="-100"),
        "monthly_rent",
        None,
        "-100",
    ),
    (
        "rent-absurd",
        lambda c: _url("ad-create", stay_id=c.stay.pk),
        lambda c: ad_post(monthly_rent="1200000"),
        "monthly_rent",
        None,
        "1200000",
    ),
    (
        "javascript-link",
        lambda c: _url("ad-create", stay_id=c.stay.pk),
        lambda c: ad_post(link="javascript:alert(1)"),
        "link",
        None,
        "Sagene",
    ),
    (
        "ftp-link",
        lambda c: _url("ad-edit", ad_id=c.ad.pk),
        lambda c: ad_post(link="ftp://example.invalid/x"),
        "link",
        None,
        "ftp://example.invalid/x",
    ),
    (
        "long-link",
        lambda c: _url("ad-create", stay_id=c.stay.pk),
        lambda c: ad_post(link="https://example.invalid/" + "a" * 500),
        "link",
        None,
        "Sagene",
    ),
    (
        "unknown-status",
        lambda c: _url("ad-edit", ad_id=c.ad.pk),
        lambda c: ad_post(status="flyttet_inn"),
        "status",
        None,
        "Sagene",
    ),
    ("long-area", lambda c: _url("ad-create", stay_id=c.stay.pk), lambda c: ad_post(area="S" * 81), "area", None, "2"),
    (
        "viewing-before-arrival",
        lambda c: _url("viewing-create", ad_id=c.ad.pk),
        lambda c: viewing_post(c.stay.arrival_date - datetime.timedelta(days=1), note="Ta med ID"),
        "date",
        "Visningen kan ikke være før ankomstdatoen.",
        "Ta med ID",
    ),
    (
        "viewing-end-before-start",
        lambda c: _url("viewing-edit", viewing_id=c.viewing.pk),
        lambda c: viewing_post(c.today, starts_at="18:00", ends_at="17:00"),
        "ends_at",
        "Visningen må slutte etter at den begynner.",
        "18:00",
    ),
    (
        "viewing-garbage-time",
        lambda c: _url("viewing-create", ad_id=c.ad.pk),
        lambda c: viewing_post(c.today, starts_at="kl fem"),
        "starts_at",
        None,
        "kl fem",
    ),
    (
        "viewing-foreign-staff",
        lambda c: _url("viewing-create", ad_id=c.ad.pk),
        lambda c: viewing_post(c.today, staff=str(c.frida.pk)),
        "staff",
        None,
        "17:45",
    ),
    (
        "contact-future",
        lambda c: _url("contact-add", ad_id=c.ad.pk),
        lambda c: {
            "kind": "telefon",
            "contacted_on": (c.today + datetime.timedelta(days=2)).isoformat(),
            "outcome": "Ring igjen",
        },
        "contacted_on",
        "Datoen kan ikke være fram i tid.",
        "Ring igjen",
    ),
    (
        "contact-unknown-kind",
        lambda c: _url("contact-add", ad_id=c.ad.pk),
        lambda c: {"kind": "brevdue", "contacted_on": c.today.isoformat(), "outcome": "Ring igjen"},
        "kind",
        None,
        "Ring igjen",
    ),
    (
        "contact-long-outcome",
        lambda c: _url("contact-add", ad_id=c.ad.pk),
        lambda c: {"kind": "telefon", "contacted_on": c.today.isoformat(), "outcome": "o" * 501},
        "outcome",
        None,
        "ooooo",
    ),
    (
        "income-negative",
        lambda c: _url("search-edit", stay_id=c.stay.pk),
        lambda c: {"household_monthly_income": "-1"},
        "household_monthly_income",
        None,
        "-1",
    ),
    (
        "income-garbage",
        lambda c: _url("search-edit", stay_id=c.stay.pk),
        lambda c: {"household_monthly_income": "tretti tusen"},
        "household_monthly_income",
        None,
        "tretti tusen",
    ),
]


class Ctx:
    pass


@pytest.fixture
def ctx(tenant, ad, viewing, kari, frida, today):
    c = Ctx()
    c.__dict__.update(stay=tenant, ad=ad, viewing=viewing, kari=kari, frida=frida, today=today)
    return c


@pytest.mark.parametrize("bad", BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_refused_kept_and_explained(client_for, ctx, bad):
    _, url, data, field, message, kept = bad
    before, writes_before = data_snapshot(), write_audit_count()

    response = client_for(ctx.kari).post(url(ctx), data(ctx))

    assert response.status_code == 400
    assert data_snapshot() == before
    assert write_audit_count() == writes_before
    content = response.content.decode()
    summary = content.split('class="ds-error-summary"', 1)[1].split("</div>", 1)[0]
    assert f'href="#id_{field}"' in summary
    form = response.context["contact_form" if "contact" in bad[0] else "form"]
    errors = form.errors[field]
    if message:
        assert any(message in error for error in errors), errors
    for error in errors:
        assert f'id="id_{field}_error">{escape(error)}</p>' in content
    assert escape(kept) in content


def test_an_ended_stay_offers_no_new_ads_viewings_or_contacts(client_for, kari, ad, today):
    resident_services.stay_depart(
        actor=kari, stay=ad.stay, departure_date=today, destination="ny_privat", permanence="varig"
    )
    client = client_for(kari)
    before = data_snapshot()

    for url in (_url("ad-create", stay_id=ad.stay_id), _url("viewing-create", ad_id=ad.pk)):
        response = client.get(url, follow=True)
        assert "Oppholdet er avsluttet" in response.content.decode()
    response = client.post(
        _url("contact-add", ad_id=ad.pk), {"kind": "telefon", "contacted_on": today.isoformat(), "outcome": "x"}
    )
    assert response.status_code == 302
    page = client.get(_url("ad-detail", ad_id=ad.pk)).content.decode()
    assert "Avtal visning" not in page and "Registrer kontakten" not in page
    assert NAME in page
    assert data_snapshot() == before


def test_an_accepted_ad_points_to_the_protected_address_page_and_copies_nothing(client_for, kari, ad, today):
    services.ad_update(actor=kari, ad=ad, values={"status": "takket_ja"}, today=today)
    stay_before = type(ad.stay).objects.filter(pk=ad.stay_id).values().get()

    content = client_for(kari).get(_url("ad-detail", ad_id=ad.pk)).content.decode()

    assert "Beboeren har takket ja" in content
    assert reverse("residents:stay-address-edit", kwargs={"stay_id": ad.stay_id}) in content
    assert type(ad.stay).objects.filter(pk=ad.stay_id).values().get() == stay_before


def test_the_ad_link_opens_without_telling_the_landlord_where_from(client_for, kari, ad):
    content = client_for(kari).get(_url("ad-detail", ad_id=ad.pk)).content.decode()
    assert re.search(r'<a class="ds-link" href="https://www\.finn\.no/[^"]*" rel="noopener noreferrer">', content)


# --- A protected address never reaches a rental page or a calendar file. --------------------------


def test_a_protected_address_appears_on_no_rental_page_and_in_no_calendar_file(
    client_for, kari, lene, ola, tenant, today
):
    addresses.stay_set_new_home_address(actor=kari, stay=tenant, address=SECRET_ADDRESS)
    addresses.resident_set_protection(actor=kari, resident=tenant.resident, grading="FORTROLIG")
    tenant.refresh_from_db()
    ad = services.ad_record(actor=kari, stay=tenant, values=ad_values(status="takket_ja"), today=today)
    services.contact_record(
        actor=kari, ad=ad, values={"kind": "melding", "contacted_on": today, "outcome": "Kontrakt signert"}
    )
    viewing = services.viewing_record(
        actor=kari, ad=ad, values=viewing_values(today + datetime.timedelta(days=1), staff=ola)
    )
    services.search_save(actor=kari, stay=tenant, values={"household_monthly_income": 28_000})
    urls = [
        reverse("residents:stay-detail", kwargs={"stay_id": tenant.pk}),
        _url("ad-create", stay_id=tenant.pk),
        _url("search-edit", stay_id=tenant.pk),
        _url("ad-detail", ad_id=ad.pk),
        _url("ad-edit", ad_id=ad.pk),
        _url("viewing-create", ad_id=ad.pk),
        _url("viewing-edit", viewing_id=viewing.pk),
    ]
    for user in (kari, lene):
        client = client_for(user)
        calendar_links = set()
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            content = response.content.decode()
            assert SECRET_ADDRESS not in content and "Hemmelighetsveien" not in content, url
            calendar_links |= set(re.findall(r'href="([^"]+\.ics)"', content))
        assert calendar_links == {_url("viewing-calendar", viewing_id=viewing.pk)}
        for link in calendar_links:
            body = client.get(link).content
            for secret in (SECRET_ADDRESS, "Hemmelighetsveien", NAME, "Petra"):
                assert secret.encode() not in body
            assert icalendar.Calendar.from_ical(body).walk("VEVENT")[0]["LOCATION"] == "Sagene"
    # Nothing here revealed it: the one allowed place is the logged reveal on the resident's page.
    assert not AuditEvent.objects.filter(action="address.revealed").exists()


# --- Constant queries. ----------------------------------------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_resident_page_runs_the_same_queries_for_1_and_20_ads(client_for, kari, ola, tenant, today):
    client = client_for(kari)
    url = reverse("residents:stay-detail", kwargs={"stay_id": tenant.pk})

    def add(start, stop):
        for i in range(start, stop):
            ad = services.ad_record(actor=kari, stay=tenant, values=ad_values(area=f"Bydel {chr(65 + i)}"), today=today)
            services.viewing_record(
                actor=kari, ad=ad, values=viewing_values(today + datetime.timedelta(days=1), staff=ola)
            )

    add(0, 1)
    one = _queries(client, url)
    add(1, 20)
    twenty = _queries(client, url)
    assert one == twenty
    assert client.get(url).content.decode().count('href="/annonser/') == 20


def test_the_ad_page_runs_the_same_queries_for_1_and_20_contacts_and_viewings(client_for, kari, ola, ad, today):
    client = client_for(kari)
    url = _url("ad-detail", ad_id=ad.pk)

    def add(n):
        for _ in range(n):
            services.contact_record(
                actor=kari, ad=ad, values={"kind": "telefon", "contacted_on": today, "outcome": "Ringte"}
            )
            services.viewing_record(actor=kari, ad=ad, values=viewing_values(today, staff=ola))

    add(1)
    one = _queries(client, url)
    add(19)
    twenty = _queries(client, url)
    assert one == twenty
    assert client.get(url).content.decode().count("kalender.ics") == 20


def test_garbage_never_gives_a_500(client_for, kari, ad, viewing):
    client = client_for(kari)
    for url, data in [
        (_url("ad-create", stay_id=ad.stay_id), {"monthly_rent": "9" * 40, "deposit": "x", "rooms": "-"}),
        (_url("viewing-edit", viewing_id=viewing.pk), {"date": "0000-00-00", "starts_at": "25:99", "version": "z"}),
        (_url("contact-add", ad_id=ad.pk), {"contacted_on": "31.02.2025"}),
        (_url("search-edit", stay_id=ad.stay_id), {"household_monthly_income": "1e9"}),
    ]:
        assert client.post(url, data).status_code == 400, url
    assert RentalAd.objects.count() == 1
