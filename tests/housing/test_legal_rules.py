"""The legal rules corrected against the law texts (docs/rules.md), one test or more per rule.

Each rule is data with its source and the date it was checked; these tests fail if a rule goes
back to what it was before it was corrected.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from boligplan.housing import services as housing
from boligplan.housing.choices import ApplicationStatus, ResponsibleParty, Track
from boligplan.housing.models import Application, Task
from boligplan.housing.selectors import overview_reminders as housing_reminders
from boligplan.housing.suggestions import parse_suggestions, suggestion_table, suggestions_for
from boligplan.residents import services as resident_services
from boligplan.residents.access import stays_visible_to
from boligplan.residents.choices import TEMPORARY_BY_NATURE, Destination
from boligplan.safety import services as safety
from boligplan.safety.choices import MeasureKind, MeasureStatus
from boligplan.safety.measures import CHECKED_ON, FACTS
from boligplan.safety.rules import add_months, measure_problems
from boligplan.safety.selectors import overview_reminders as safety_reminders

DAY = datetime.timedelta(days=1)
ARRIVAL = datetime.date(2025, 3, 10)
TODAY = datetime.date(2025, 4, 1)


def granted(kind, **changes):
    return {
        "kind": kind,
        "status": "innvilget",
        "requested_on": datetime.date(2025, 3, 20),
        "decided_on": datetime.date(2025, 3, 28),
        "valid_from": datetime.date(2025, 3, 28),
        "expires_on": datetime.date(2025, 5, 28),
    } | changes


# --- The measures table: every rule has a source and the date it was checked. ------------------


def test_every_measure_kind_has_a_source_and_the_date_checked():
    assert set(FACTS) == set(MeasureKind.values)
    for kind, facts in FACTS.items():
        assert str(facts.source).strip(), kind
        assert facts.checked_on == CHECKED_ON == datetime.date(2026, 12, 2)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2025, 1, 31), 1, datetime.date(2025, 2, 28)),  # the month is shorter
        (datetime.date(2024, 11, 30), 3, datetime.date(2025, 2, 28)),
        (datetime.date(2024, 2, 29), 12, datetime.date(2025, 2, 28)),
        (datetime.date(2025, 3, 28), 3, datetime.date(2025, 6, 28)),
        (datetime.date(2025, 12, 15), 1, datetime.date(2026, 1, 15)),  # over the new year
        (datetime.date(2025, 3, 10), -120, datetime.date(2015, 3, 10)),
    ],
)
def test_months_are_counted_as_calendar_months(day, months, expected):
    assert add_months(day, months) == expected


# --- Besøksforbud i eget hjem: at most three months, always with an end (strpl. § 222 a). ------


def test_visiting_ban_in_own_home_is_at_most_three_months():
    facts = FACTS[MeasureKind.VISITING_BAN_OWN_HOME]
    assert (facts.max_months, facts.expiry_required, facts.limit_enforced) == (3, True, True)
    assert "222 a" in facts.source and "retten" in str(facts.decided_by)

    too_long = measure_problems(
        granted("besoksforbud_eget_hjem", expires_on=datetime.date(2025, 6, 29)), arrival=ARRIVAL, today=TODAY
    )
    assert "høyst 3 måneder" in too_long["expires_on"] and "straffeprosessloven § 222 a" in too_long["expires_on"]
    exactly = granted("besoksforbud_eget_hjem", expires_on=datetime.date(2025, 6, 28))
    assert measure_problems(exactly, arrival=ARRIVAL, today=TODAY) == {}


def test_visiting_ban_in_own_home_needs_an_end():
    problems = measure_problems(granted("besoksforbud_eget_hjem", expires_on=None), arrival=ARRIVAL, today=TODAY)
    assert "begrenset tid" in problems["expires_on"]


def test_the_measure_page_refuses_four_months_of_own_home_ban(client_for, kari, stay, today):
    url = reverse("safety:measure-create", args=[stay.pk])
    form = {
        "kind": "besoksforbud_eget_hjem",
        "status": "innvilget",
        "requested_on": stay.arrival_date.isoformat(),
        "decided_on": stay.arrival_date.isoformat(),
        "valid_from": stay.arrival_date.isoformat(),
        "expires_on": add_months(stay.arrival_date, 4).isoformat(),
        "note": "",
    }
    response = client_for(kari).post(url, form)

    assert response.status_code == 400
    assert "høyst 3 måneder" in response.content.decode()
    assert not stay.safety_measures.exists()


# --- Kontaktforbud: a sanction after a criminal act; in one's own home at most one year. --------


def test_contact_ban_is_imposed_after_a_criminal_act_by_judgment_or_fine_notice():
    decided_by = str(FACTS[MeasureKind.CONTACT_BAN].decided_by)
    assert "dom" in decided_by and "forelegg" in decided_by and "straffbar handling" in decided_by
    assert "57" in FACTS[MeasureKind.CONTACT_BAN].source


def test_contact_ban_covering_own_home_is_at_most_one_year():
    facts = FACTS[MeasureKind.CONTACT_BAN_OWN_HOME]
    assert (facts.max_months, facts.expiry_required) == (12, True)
    problems = measure_problems(
        granted("kontaktforbud_eget_hjem", expires_on=datetime.date(2026, 3, 29)), arrival=ARRIVAL, today=TODAY
    )
    assert "høyst ett år" in problems["expires_on"]


def test_the_help_no_longer_says_no_measure_needs_a_report(client_for, kari, stay):
    content = client_for(kari).get(reverse("safety:measure-create", args=[stay.pk])).content.decode()

    assert "Ingen av dem krever at forholdet er anmeldt" not in content
    assert "kontaktforbud ilegges etter en straffbar handling, ved dom eller forelegg" in content
    # The sources are shown where staff meet the rules.
    for source in ("straffeprosessloven § 222 a", "straffeprosessloven § 222 g", "folkeregisterloven § 10-4"):
        assert source in content
    assert "2. desember 2026" in content


# --- Omvendt voldsalarm: the prosecuting authority since 8 April 2024, or a court. -------------


def test_reverse_alarm_can_be_imposed_by_the_prosecuting_authority():
    facts = FACTS[MeasureKind.REVERSE_ALARM]
    assert "påtalemyndigheten" in str(facts.decided_by) and "8. april 2024" in str(facts.decided_by)
    assert "retten" in str(facts.decided_by)
    assert "222 g" in facts.source and "57" in facts.source


# --- Adressesperre: a limited period, its end recorded and reminded well ahead. ----------------


def test_address_block_needs_its_end_but_the_reported_three_years_are_not_enforced():
    problems = measure_problems(granted("adressesperre", expires_on=None), arrival=ARRIVAL, today=TODAY)
    assert "begrenset tid" in problems["expires_on"]
    four_years = granted("adressesperre", expires_on=datetime.date(2029, 3, 28))
    assert measure_problems(four_years, arrival=ARRIVAL, today=TODAY) == {}
    facts = FACTS[MeasureKind.ADDRESS_BLOCK]
    assert facts.max_months == 36 and not facts.limit_enforced
    assert "politiet" in str(facts.decided_by) and "barnevern" in str(facts.decided_by)


@pytest.mark.parametrize(("kind", "days_left", "shown"), [("adressesperre", 45, True), ("besoksforbud", 45, False)])
def test_address_block_is_reminded_sixty_days_ahead(make_stay, kari, today, kind, days_left, shown):
    stay = make_stay(days_ago=20)
    values = granted(kind, requested_on=stay.arrival_date, decided_on=stay.arrival_date, valid_from=stay.arrival_date)
    safety.measure_record(
        actor=kari, stay=stay, values=values | {"expires_on": today + days_left * DAY, "note": ""}, today=today
    )

    found = safety_reminders(stays_visible_to(kari).current(), today=today).get(stay.pk, [])

    assert bool(found) is shown
    if shown:
        assert found[0].summary == "Sikkerhetstiltak som går ut innen 60 dager"


# --- Wording. -----------------------------------------------------------------------------------


def test_measure_wording():
    assert MeasureKind.ALARM.label == "Mobil voldsalarm"
    assert MeasureStatus.REQUESTED.label == "Bedt om"


# --- Applications: a partly granted decision can be appealed, and is reminded at once. ---------


def application(stay, kari, *, status, decision_on):
    return housing.application_record(
        actor=kari,
        stay=stay,
        values={
            "kind": "kommunal_bolig",
            "agency": "Tildelingskontoret",
            "sent_on": stay.arrival_date,
            "status": status,
            "decision_on": decision_on,
        },
    )


def test_a_partly_granted_decision_has_an_appeal_deadline(make_stay, kari, today):
    stay = make_stay(days_ago=30)
    partly = application(stay, kari, status=ApplicationStatus.PARTLY_GRANTED, decision_on=today - 2 * DAY)
    granted_fully = application(stay, kari, status=ApplicationStatus.GRANTED, decision_on=today - 2 * DAY)

    assert partly.appeal_deadline == today - 2 * DAY + datetime.timedelta(weeks=3)
    assert granted_fully.appeal_deadline is None
    assert Application.APPEAL_WEEKS == 3


@pytest.mark.parametrize(
    ("status", "decided_days_ago", "shown"),
    [
        ("avslatt", 0, True),  # from the decision date, not only in the last week
        ("delvis_innvilget", 0, True),
        ("delvis_innvilget", 14, True),
        ("avslatt", 21, True),  # the last day to appeal
        ("avslatt", 22, False),  # too late
        ("innvilget", 0, False),
    ],
)
def test_the_appeal_reminder_runs_from_the_decision_date(make_stay, kari, today, status, decided_days_ago, shown):
    stay = make_stay(days_ago=40)
    application(stay, kari, status=status, decision_on=today - decided_days_ago * DAY)

    found = [
        r
        for r in housing_reminders(stays_visible_to(kari).current(), today=today).get(stay.pk, [])
        if r.kind == "application.appeal"
    ]

    assert bool(found) is shown
    if shown:
        assert found[0].due == today - decided_days_ago * DAY + datetime.timedelta(weeks=3)


def test_the_application_form_requires_the_decision_date_for_a_partly_granted_decision(client_for, kari, stay):
    url = reverse("housing:application-create", args=[stay.pk])
    form = {
        "kind": "kommunal_bolig",
        "agency": "Tildelingskontoret",
        "sent_on": stay.arrival_date.isoformat(),
        "status": "delvis_innvilget",
        "decision_on": "",
    }
    response = client_for(kari).post(url, form)
    assert response.status_code == 400
    assert "klagefristen" in response.content.decode()


# --- The housing assessment: "Usikker" is a quiet note to clarify; flags suggest tracks. -------


@pytest.mark.parametrize(("answer", "shown"), [("usikker", True), ("ja", False), ("nei", False)])
def test_uncertain_about_a_new_home_is_a_quiet_reminder(stay, kari, today, answer, shown):
    housing.assessment_save(actor=kari, stay=stay, values={"new_home_needed": answer}, complete=False, today=today)

    found = [
        r
        for r in housing_reminders(stays_visible_to(kari).current(), today=today).get(stay.pk, [])
        if r.kind == "assessment.clarify"
    ]

    assert bool(found) is shown
    if shown:
        assert found[0].danger is False and "Avklar" in found[0].text


@pytest.mark.parametrize(
    ("flag", "key", "track_label"),
    [
        ("honour_related", "aeresrelatert.kompetanseteamet", "Bo- og støttetilbud"),
        ("human_trafficking", "menneskehandel.rosa", "ROSA"),
    ],
)
def test_a_flag_brings_its_task_once_and_suggests_its_track(client_for, stay, kari, today, flag, key, track_label):
    for _ in range(2):  # saved twice: the task comes once
        housing.assessment_save(actor=kari, stay=stay, values={flag: True}, complete=False, today=today)

    (task,) = Task.objects.filter(stay=stay, suggestion_key=key)
    assert task.responsible_party == ResponsibleParty.SHELTER and task.assignee == kari
    content = client_for(kari).get(reverse("housing:tracks-edit", args=[stay.pk])).content.decode()
    assert "Vurder disse sporene:" in content and track_label in content


def test_no_flag_no_suggestion(client_for, stay, kari, today):
    housing.assessment_save(actor=kari, stay=stay, values={"new_home_needed": "ja"}, complete=False, today=today)
    assert not Task.objects.filter(stay=stay).exists()
    content = client_for(kari).get(reverse("housing:tracks-edit", args=[stay.pk])).content.decode()
    assert "Vurder disse sporene:" not in content


# --- Suggested tasks. ---------------------------------------------------------------------------


def test_bostotte_is_suggested_and_shared_by_the_renting_tracks():
    private = {s.key: s for s in suggestions_for(Track.PRIVATE_RENTAL)}
    municipal = {s.key: s for s in suggestions_for(Track.MUNICIPAL)}
    assert "bostotte.soknad" in private and "bostotte.soknad" in municipal
    assert "Husbanken" in private["bostotte.soknad"].title


def test_the_deposit_guarantee_task_is_the_residents_with_the_shelters_help():
    (deposit,) = [s for s in suggestions_for(Track.PRIVATE_RENTAL) if s.key == "privat.depositum"]
    assert deposit.party == ResponsibleParty.RESIDENT
    assert "senteret hjelper" in deposit.title


def test_no_bo_og_stotte_task_key_reads_as_bostotte():
    for suggestion in suggestions_for(Track.HOUSING_AND_SUPPORT):
        assert not suggestion.key.startswith("bostotte"), suggestion.key


def test_a_key_may_repeat_only_for_the_same_task():
    same = '[[privat_leie]]\nkey = "k"\ntitle = "T"\nparty = "beboer"\ndue_days = 1\n'
    table = parse_suggestions(same + same.replace("privat_leie", "kommunal_bolig"))
    assert table["kommunal_bolig"][0].key == "k"
    with pytest.raises(ValueError, match="duplicate"):
        parse_suggestions(same + same.replace("privat_leie", "kommunal_bolig").replace('"T"', '"Annen"'))


def test_the_shipped_table_parses():
    assert suggestion_table()


def test_the_choosing_of_both_renting_tracks_adds_bostotte_once(client_for, kari, stay):
    client_for(kari).post(reverse("housing:tracks-edit", args=[stay.pk]), {"tracks": ["privat_leie", "kommunal_bolig"]})
    assert Task.objects.filter(stay=stay, suggestion_key="bostotte.soknad").count() == 1


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


def test_the_departure_form_refuses_permanent_for_a_temporary_place(client_for, kari, stay, today):
    url = reverse("residents:stay-depart", args=[stay.pk])
    response = client_for(kari).post(url, depart_form(stay, today, permanence="varig"))

    assert response.status_code == 400
    assert "Familie/venner er en midlertidig løsning" in response.content.decode()
    stay.refresh_from_db()
    assert stay.departure_date is None


def test_the_departure_form_asks_why_when_temporary(client_for, kari, stay, today):
    url = reverse("residents:stay-depart", args=[stay.pk])
    response = client_for(kari).post(url, depart_form(stay, today, temporary_reason=""))

    assert response.status_code == 400
    assert "Skriv hvorfor det blir en midlertidig løsning." in response.content.decode()
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
