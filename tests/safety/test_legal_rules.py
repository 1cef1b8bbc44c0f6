"""The safety measures' legal rules corrected against the law texts (docs/rules.md), one test or more per rule.

Each rule is data with its source and the date it was checked; these tests fail if a rule goes
back to what it was before it was corrected. The other apps' rules are in tests/<app>/test_legal_rules.py.
"""

import datetime

import pytest
from django.urls import reverse

from boligplan.residents.access import stays_visible_to
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
