"""Search for a resident of one's own shelter (names are encrypted, so they are compared after
decryption in the app), over current and earlier stays; the earlier stays page in pages."""

import datetime
import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boligplan.audit.models import AuditEvent
from boligplan.residents import services as resident_services
from boligplan.residents.search import Query, name_matches

SEARCH = reverse("residents:resident-search")
EARLIER = reverse("residents:stays-earlier")


def _depart(actor, stay, today, days_ago=1):
    return resident_services.stay_depart(
        actor=actor,
        stay=stay,
        departure_date=today - datetime.timedelta(days=days_ago),
        destination="familie_venner",
        permanence="midlertidig",
    )


def _results(response) -> str:
    html = response.content.decode()
    assert 'id="h-results"' in html, "no result list"
    return html[html.index('id="h-results"') :]


@pytest.mark.parametrize(
    ("query", "name", "found"),
    [
        ("tone", "Tone Hansen", True),
        ("TON", "Tone Hansen", True),
        ("hans", "Tone Hansen", True),
        ("ansen", "Tone Hansen", False),  # a word must start the search word, not end it
        ("th", "Tone Hansen", True),  # initials
        ("T.H.", "Tone Hansen", True),
        ("T.H.", "T.H.", True),
        ("th", "T.H.", True),
        ("tone hansen", "Tone Hansen", True),
        ("tone berg", "Tone Hansen", False),
        ("øy", "Øystein Ås", True),
        ("as", "Øystein Ås", False),  # å is a letter of its own in Norwegian
        ("ås", "Øystein Ås", True),
        ("rene", "René Dahl", True),
    ],
)
def test_name_matching(query, name, found):
    assert name_matches(Query.parse(query), name) is found


def test_a_birth_year_is_read_as_a_year():
    query = Query.parse("tone 1990")
    assert query.birth_year == 1990 and query.words == ("tone",)


def test_finds_current_and_earlier_stays_by_part_of_a_name(client_for, kari, make_stay, today):
    current = make_stay(display_name="Tone Hansen", birth_year=1990, days_ago=3)
    earlier = _depart(kari, make_stay(display_name="Tone Berg", birth_year=1985, days_ago=30), today)
    make_stay(display_name="Kari Nordmann", birth_year=1990)

    response = client_for(kari).post(SEARCH, {"q": "tone"})

    assert response.status_code == 200
    html = _results(response)
    assert "Tone Hansen" in html and "Tone Berg" in html and "Kari Nordmann" not in html
    assert html.index("Tone Hansen") < html.index("Tone Berg")  # the one who lives here now first
    assert reverse("residents:stay-detail", args=[current.pk]) in html
    assert reverse("residents:stay-detail", args=[earlier.pk]) in html
    # What the overview shows for a current resident: the assessment and the next task.
    assert "Bor her nå" in html and "Frist" in html and "Ingen åpne oppgaver" in html


def test_finds_by_birth_year_and_by_initials(client_for, kari, make_stay):
    make_stay(display_name="Tone Hansen", birth_year=1990)
    make_stay(display_name="A.B.", birth_year=1979)
    client = client_for(kari)

    by_year = _results(client.post(SEARCH, {"q": "1979"}))
    assert "A.B." in by_year and "Tone Hansen" not in by_year

    by_initials = _results(client.post(SEARCH, {"q": "th"}))
    assert "Tone Hansen" in by_initials and "A.B." not in by_initials

    both = _results(client.post(SEARCH, {"q": "tone 1979"}))
    assert "Ingen beboere passer søket." in both


def test_never_finds_another_shelters_resident(client_for, kari, frida, make_stay, other_shelter):
    make_stay(display_name="Tone Fremmed", contact=frida, at_shelter=other_shelter)

    html = _results(client_for(kari).post(SEARCH, {"q": "tone"}))

    assert "Tone Fremmed" not in html and "Ingen beboere passer søket." in html


def test_a_search_is_audited_once_without_the_text(client_for, kari, shelter, make_stay):
    make_stay(display_name="Tone Hansen")
    before = AuditEvent.objects.count()

    client_for(kari).post(SEARCH, {"q": "Tone Hans"})

    rows = list(AuditEvent.objects.order_by("pk"))[before:]
    assert [(row.action, row.object_type, row.object_id) for row in rows] == [
        ("residents.searched", "shelter", shelter.pk)
    ]
    for value in AuditEvent.objects.order_by("pk").values()[before:]:
        assert "Tone" not in str(value) and "Hans" not in str(value)


def test_the_search_text_never_reaches_a_url_or_the_log(client_for, kari, make_stay, caplog):
    make_stay(display_name="Tone Hansen")
    client = client_for(kari)
    page = client.get(SEARCH).content.decode()
    assert 'method="post"' in page  # the form posts; a name never goes into the address

    with caplog.at_level(logging.DEBUG):
        client.post(SEARCH, {"q": "Zebrafinkeøy"})
        client.post(SEARCH, {"q": "Z"})  # rejected input is not logged either
    assert "Zebrafinke" not in caplog.text


def test_a_search_in_the_address_is_not_run(client_for, kari, make_stay):
    make_stay(display_name="Tone Hansen")
    response = client_for(kari).get(SEARCH, {"q": "tone"})
    assert response.status_code == 200
    assert "Tone Hansen" not in response.content.decode()


@pytest.mark.parametrize("text", ["", " ", "a", ".", "x" * 121])
def test_too_short_or_long_a_search_is_refused_next_to_the_field(client_for, kari, make_stay, text):
    make_stay(display_name="Tone Hansen")
    before = AuditEvent.objects.count()

    response = client_for(kari).post(SEARCH, {"q": text})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Skjemaet har feil som må rettes" in html
    assert "Tone Hansen" not in html
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("username", ["berit", "stian"])
def test_roles_that_do_not_see_residents_cannot_search(request, client_for, make_stay, username):
    make_stay(display_name="Tone Hansen")
    client = client_for(request.getfixturevalue(username))
    for url in (SEARCH, EARLIER):
        response = client.post(url, {"q": "tone"})
        assert response.status_code == 403
        assert "Tone Hansen" not in response.content.decode()


def test_the_search_costs_the_same_queries_for_1_and_50_matches(client_for, kari, make_stay, today):
    client = client_for(kari)
    _depart(kari, make_stay(display_name="Tone 0", days_ago=40), today, days_ago=35)
    make_stay(display_name="Tone 1", days_ago=2)
    client.post(SEARCH, {"q": "tone"})

    with CaptureQueriesContext(connection) as one:
        client.post(SEARCH, {"q": "tone"})
    for number in range(2, 50):
        make_stay(display_name=f"Tone {number}", days_ago=2 + number % 5)
    with CaptureQueriesContext(connection) as many:
        html = _results(client.post(SEARCH, {"q": "tone"}))

    assert html.count('<th scope="row">') == 50
    assert len(many) == len(one)


def test_too_many_matches_says_so(client_for, kari, make_stay):
    for number in range(52):
        make_stay(display_name=f"Tone {number}", days_ago=2)
    html = _results(client_for(kari).post(SEARCH, {"q": "tone"}))
    assert "Det er flere treff enn dette" in html
    assert html.count('<th scope="row">') == 50


# --- Earlier stays: in pages, and the same search. -------------------------------------------------


def test_earlier_stays_come_in_pages(client_for, kari, make_stay, today):
    for number in range(51):
        _depart(kari, make_stay(display_name=f"Tidligere {number:02d}", days_ago=100), today, days_ago=1 + number)
    client = client_for(kari)

    first = client.get(EARLIER).content.decode()
    second = client.get(EARLIER, {"side": "2"}).content.decode()

    assert first.count('<th scope="row">') == 50 and "Tidligere 00" in first and "Tidligere 50" not in first
    assert second.count('<th scope="row">') == 1 and "Tidligere 50" in second
    assert "Side 1 av 2" in first
    for bad in ("abc", "0", "-1", "99999"):
        assert client.get(EARLIER, {"side": bad}).status_code == 200


def test_earlier_stays_page_costs_the_same_queries_however_long_the_history(client_for, kari, make_stay, today):
    client = client_for(kari)
    _depart(kari, make_stay(display_name="Tidligere A", days_ago=100), today)
    client.get(EARLIER)
    with CaptureQueriesContext(connection) as one:
        client.get(EARLIER)
    for number in range(60):
        _depart(kari, make_stay(display_name=f"Tidligere {number}", days_ago=100), today, days_ago=2 + number)
    with CaptureQueriesContext(connection) as many:
        client.get(EARLIER, {"side": "2"})
    assert len(many) == len(one)


def test_the_earlier_search_finds_only_ended_stays(client_for, kari, shelter, make_stay, today):
    make_stay(display_name="Tone Nå", days_ago=2)
    _depart(kari, make_stay(display_name="Tone Før", days_ago=50), today)
    before = AuditEvent.objects.count()

    html = _results(client_for(kari).post(EARLIER, {"q": "tone"}))

    assert "Tone Før" in html and "Tone Nå" not in html
    assert [row.action for row in AuditEvent.objects.order_by("pk")[before:]] == ["residents.searched"]
