"""Who does what: every open step of a stay, by the party responsible."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boligplan.housing import services as housing
from boligplan.reports.responsibilities import steps_by_party


def _groups(user, stay, today):
    return {group.party: group for group in steps_by_party(user, stay, today=today)}


def test_every_party_is_listed_in_order_even_without_steps(kari, stay, today):
    groups = steps_by_party(kari, stay, today=today)

    assert [g.party for g in groups] == ["krisesenter", "nav", "boligkontor", "beboer", "politi", "barnevern", "annen"]
    # A new stay asks only the shelter for something (a plan for after the stay); no one else yet.
    assert all(not g.steps for g in groups if g.party != "krisesenter")


def test_tasks_applications_and_notifications_land_with_the_right_party(kari, ola, stay, today):
    housing.task_create(
        actor=kari, stay=stay, title="Skaff nøkler", responsible_party="beboer", assignee=None, due_date=None
    )
    housing.task_create(
        actor=kari, stay=stay, title="Ring utleier", responsible_party="krisesenter", assignee=ola, due_date=today
    )
    done = housing.task_create(
        actor=kari, stay=stay, title="Ferdig oppgave", responsible_party="krisesenter", assignee=None, due_date=None
    )
    housing.task_set_done(actor=kari, task=done, done=True, today=today)
    housing.application_record(
        actor=kari,
        stay=stay,
        values={"kind": "kommunal_bolig", "agency": "Tildelingskontoret", "sent_on": today, "status": "sendt"},
    )
    housing.application_record(
        actor=kari,
        stay=stay,
        values={"kind": "depositum", "agency": "NAV Fjordby", "sent_on": today, "status": "sendt"},
    )
    housing.application_record(
        actor=kari,
        stay=stay,
        values={
            "kind": "startlan",
            "agency": "Fjordby kommune",
            "sent_on": today - datetime.timedelta(days=1),
            "status": "avslatt",
            "decision_on": today,
        },
    )
    housing.notification_record(
        actor=kari, stay=stay, values={"agency": "nav", "sent_on": today, "channel": "telefon", "request": "Bolig"}
    )

    groups = _groups(kari, stay, today)

    shelter_titles = [s.title for s in groups["krisesenter"].steps]
    assert "Ring utleier" in shelter_titles
    assert "Ferdig oppgave" not in shelter_titles
    assert "Vurder klage på vedtaket: Startlån" in shelter_titles
    appeal = next(s for s in groups["krisesenter"].steps if s.title.startswith("Vurder klage"))
    assert appeal.due == today + datetime.timedelta(weeks=3)
    assert next(s for s in groups["krisesenter"].steps if s.title == "Ring utleier").person == "Ola"
    assert [s.title for s in groups["beboer"].steps] == ["Skaff nøkler"]
    assert "Behandle søknaden: Kommunal bolig" in [s.title for s in groups["boligkontor"].steps]
    nav_titles = [s.title for s in groups["nav"].steps]
    assert any(t.startswith("Behandle søknaden: Depositumsgaranti") for t in nav_titles)
    assert any(t.startswith("Svar på henvendelsen") for t in nav_titles)


def test_the_page_shows_the_steps_and_writes_one_audit_row(client_for, kari, stay, today):
    housing.task_create(
        actor=kari, stay=stay, title="Bestill flyttebil", responsible_party="nav", assignee=None, due_date=None
    )

    response = client_for(kari).get(reverse("reports:stay-responsibilities", args=[stay.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    nav = content.split('id="h-party-nav"', 1)[1].split("</section>", 1)[0]
    assert "Bestill flyttebil" in nav
    assert "Koordinerer etter oppholdet" in content


def _queries_for_page(client, stay) -> int:
    url = reverse("reports:stay-responsibilities", args=[stay.pk])
    client.get(url)  # warm caches (session, membership) so both counts compare like with like
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_page_runs_the_same_number_of_queries_for_few_and_many_steps(client_for, kari, make_stay, today):
    few, many = make_stay(display_name="F.F."), make_stay(display_name="M.M.")
    for stay, rows in ((few, 1), (many, 20)):
        for number in range(rows):
            housing.task_create(
                actor=kari, stay=stay, title=f"Steg {number}", responsible_party="nav", assignee=kari, due_date=today
            )
            housing.application_record(
                actor=kari,
                stay=stay,
                values={"kind": "bostotte", "agency": "Husbanken", "sent_on": today, "status": "sendt"},
            )
    client = client_for(kari)

    assert _queries_for_page(client, few) == _queries_for_page(client, many)


def test_the_after_stay_plan_adds_its_steps_and_names_the_coordinator(client_for, kari, stay, today):
    from boligplan.aftercare import services as aftercare

    groups = _groups(kari, stay, today)
    assert "Lag plan for tiden etter oppholdet" in [s.title for s in groups["krisesenter"].steps]

    aftercare.followup_plan_save(
        actor=kari,
        stay=stay,
        values={"coordinating_service": "nav", "coordinator_name": "NAV Fjordby", "next_follow_up_on": today},
        today=today,
    )

    titles = [s.title for s in _groups(kari, stay, today)["krisesenter"].steps]
    assert "Lag plan for tiden etter oppholdet" not in titles
    assert "Neste oppfølgingskontakt" in titles
    page = client_for(kari).get(reverse("reports:stay-responsibilities", args=[stay.pk])).content.decode()
    assert "Nav (NAV Fjordby)" in page.split('id="h-coordinator"', 1)[1].split("</section>", 1)[0]


def test_measures_checklist_and_ads_add_their_steps(kari, ola, stay, today):
    from boligplan.rental import services as rental
    from boligplan.safety import services as safety

    safety.measure_record(actor=kari, stay=stay, values={"kind": "kontaktforbud", "status": "vurderes"}, today=today)
    safety.measure_record(
        actor=kari,
        stay=stay,
        values={"kind": "voldsalarm", "status": "anmodet", "requested_on": today},
        today=today,
    )
    safety.measure_record(
        actor=kari,
        stay=stay,
        values={
            "kind": "besoksforbud",
            "status": "innvilget",
            "requested_on": today - datetime.timedelta(days=300),
            "decided_on": today - datetime.timedelta(days=300),
            "valid_from": today - datetime.timedelta(days=300),
            "expires_on": today + datetime.timedelta(days=10),
        },
        today=today,
    )
    safety.checklist_save(
        actor=kari, stay=stay, items={"kollektivtransport": safety.ItemInput("folges_opp", "", 0)}, today=today
    )
    ad = rental.ad_record(
        actor=kari,
        stay=stay,
        values={"area": "Sagene", "monthly_rent": 11_000, "deposit": 22_000, "rooms": 2, "source": "finn"},
        today=today,
    )
    rental.viewing_record(
        actor=kari,
        ad=ad,
        values={
            "date": today + datetime.timedelta(days=2),
            "starts_at": datetime.time(17, 0),
            "ends_at": datetime.time(17, 30),
            "staff": ola,
        },
    )
    rental.ad_record(
        actor=kari,
        stay=stay,
        values={"area": "Tøyen", "monthly_rent": 9_000, "deposit": 0, "rooms": 1, "source": "finn", "status": "tilbud"},
        today=today,
    )

    groups = _groups(kari, stay, today)

    shelter = {s.title: s for s in groups["krisesenter"].steps}
    assert "Avklar om Kontaktforbud skal begjæres" in shelter
    assert shelter["Vurder forlengelse: Besøksforbud"].due == today + datetime.timedelta(days=10)
    assert any(s.source == "Sjekkliste for ny bolig" for s in shelter.values())
    viewing = shelter["Gå på visning: Sagene"]
    assert (viewing.due, viewing.person) == (today + datetime.timedelta(days=2), "Ola")
    assert [s.title for s in groups["politi"].steps] == ["Avgjør begjæringen: Mobil voldsalarm"]
    assert [s.title for s in groups["beboer"].steps] == ["Svar på tilbudet: Tøyen"]
