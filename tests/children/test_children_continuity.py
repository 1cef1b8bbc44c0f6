"""Continuity for the child: every move counted, and every change of school.

Arriving at the shelter is a move; known moves before it are added by hand; the departure adds
the move to the next home by itself (a school change when the child does not keep its school);
moves after the stay can be added once the stay has ended.
"""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from boligplan.children import services as children_services
from boligplan.children.models import ChildMove
from boligplan.residents import services as resident_services


def child_url(name, child):
    return reverse(name, kwargs={"child_id": child.pk})


def counts_on_page(client, child) -> tuple[int, int]:
    """(moves, school changes) as the child's page states them."""
    response = client.get(child_url("children:child-detail", child))
    assert response.status_code == 200
    counts = response.content.decode().split('class="ds-paragraph app-counts"', 1)[1].split("</p>", 1)[0]
    moves = re.search(r"<strong>(\d+) flytting(?:er)?</strong>", counts)
    changes = re.search(r"<strong>(\d+) bytter? av barnehage/skole</strong>", counts)
    assert moves and changes, counts
    return int(moves.group(1)), int(changes.group(1))


def counts_in_list(client, name: str) -> str:
    html = client.get(reverse("children:children-list")).content.decode()
    rows = [row for row in re.findall(r"<tr>.*?</tr>", html, re.S) if f">{name}</a>" in row]
    assert len(rows) == 1, f"{name} has {len(rows)} rows in the children list"
    return re.findall(r"<td>(.*?)</td>", rows[0], re.S)[-1]


def depart(kari, stay, today, *, permanence="varig", destination="ny_kommunal"):
    return resident_services.stay_depart(
        actor=kari, stay=stay, departure_date=today, destination=destination, permanence=permanence
    )


@pytest.fixture
def child(kari, berit, make_stay, today):
    stay = make_stay(days_ago=20)
    return children_services.child_add(
        actor=kari,
        stay=stay,
        first_name="Emma",
        birth_year=today.year - 9,
        contact_person=berit,
        school="Fjordby skole",
    )


def test_arrival_is_the_first_move(client_for, kari, child):
    moves = list(ChildMove.objects.filter(child=child))

    assert [(m.kind, m.moved_on, m.temporary, m.school_changed) for m in moves] == [
        ("til_krisesenter", child.stay.arrival_date, False, False)
    ]
    client = client_for(kari)
    assert counts_on_page(client, child) == (1, 0)
    assert counts_in_list(client, "Emma").strip().startswith("1 ")
    assert "(0 skolebytter)" in counts_in_list(client, "Emma")


def test_known_moves_before_the_shelter_are_counted(client_for, berit, child):
    client = client_for(berit)
    arrival = child.stay.arrival_date
    form = client.get(child_url("children:child-move-add", child)).content.decode()
    # Arrival and departure count themselves: they cannot be added by hand.
    assert 'value="for_krisesenter"' in form and 'value="etter_opphold"' in form
    assert 'value="til_krisesenter"' not in form and 'value="fra_krisesenter"' not in form

    posts = [
        {"kind": "for_krisesenter", "moved_on": (arrival - datetime.timedelta(days=400)).isoformat()},
        # A date nobody remembers is fine; a school change is counted when there was one.
        {"kind": "for_krisesenter", "moved_on": "", "school_changed": "on", "temporary": "on"},
        {"kind": "for_krisesenter", "moved_on": arrival.isoformat()},  # the same day is still before
    ]
    for data in posts:
        response = client.post(child_url("children:child-move-add", child), data)
        assert response.status_code == 302
        assert response["Location"] == child_url("children:child-detail", child)
        assert "Flyttingen er registrert." in client.get(response["Location"]).content.decode()

    assert ChildMove.objects.filter(child=child).count() == 4
    undated = ChildMove.objects.get(child=child, moved_on__isnull=True)
    assert (undated.kind, undated.temporary, undated.school_changed) == ("for_krisesenter", True, True)
    assert counts_on_page(client, child) == (4, 1)
    table = client.get(child_url("children:child-detail", child)).content.decode()
    assert "ukjent" in table.split('id="h-continuity"', 1)[1].split("</section>", 1)[0]


@pytest.mark.parametrize(
    ("keeps_school", "school_changed"),
    [("nei", True), ("ja", False), ("usikker", False), ("", False)],
)
def test_departure_adds_the_move_and_a_school_change_when_the_school_is_not_kept(
    client_for, kari, child, today, keeps_school, school_changed
):
    children_services.child_update(actor=kari, child=child, values={"keeps_school": keeps_school})

    depart(kari, child.stay, today)

    move = ChildMove.objects.get(child=child, kind="fra_krisesenter")
    assert (move.moved_on, move.temporary, move.school_changed) == (today, False, school_changed)
    assert counts_on_page(client_for(kari), child) == (2, int(school_changed))


def test_a_temporary_home_after_the_stay_is_marked_temporary(client_for, kari, child, today):
    depart(kari, child.stay, today, permanence="midlertidig", destination="midlertidig_nav")

    move = ChildMove.objects.get(child=child, kind="fra_krisesenter")
    assert move.temporary is True
    page = client_for(kari).get(child_url("children:child-detail", child)).content.decode()
    row = [r for r in re.findall(r"<tr>.*?</tr>", page, re.S) if "Fra krisesenteret til ny bolig" in r]
    assert len(row) == 1
    assert re.findall(r"<td>(.*?)</td>", row[0])[2:] == ["ja", "nei"]  # temporary, school changed


def test_departure_through_the_page_counts_a_move_for_each_child(client_for, kari, child, today):
    stay = child.stay
    brother = children_services.child_add(actor=kari, stay=stay, first_name="Jonas", birth_year=today.year - 4)
    children_services.child_update(actor=kari, child=brother, values={"keeps_school": "nei"})
    children_services.child_update(actor=kari, child=child, values={"keeps_school": "ja"})
    client = client_for(kari)

    response = client.post(
        reverse("residents:stay-depart", kwargs={"stay_id": stay.pk}),
        {"departure_date": today.isoformat(), "destination": "ny_kommunal", "permanence": "varig"},
    )

    assert response.status_code == 302
    assert counts_on_page(client, child) == (2, 0)
    assert counts_on_page(client, brother) == (2, 1)
    assert "1 bytte av barnehage/skole" in client.get(child_url("children:child-detail", brother)).content.decode()
    # Children of a stay that has ended leave the list of children at the shelter and are listed
    # under "moved out in the last year", where moves after the stay can still be recorded.
    listing = client.get(reverse("children:children-list")).content.decode()
    at_shelter, moved_out = listing.split("Flyttet ut det siste året", 1)
    assert "Emma" not in at_shelter and "Jonas" not in at_shelter
    assert "Emma" in moved_out and "Jonas" in moved_out


def test_a_refused_departure_counts_no_move(kari, child, today):
    with pytest.raises(ValidationError):
        resident_services.stay_depart(
            actor=kari,
            stay=child.stay,
            departure_date=child.stay.arrival_date - datetime.timedelta(days=1),
            destination="ny_kommunal",
            permanence="varig",
        )

    assert list(ChildMove.objects.filter(child=child).values_list("kind", flat=True)) == ["til_krisesenter"]


def test_a_move_after_the_stay_only_after_departure(client_for, berit, kari, child, today):
    client = client_for(berit)
    url = child_url("children:child-move-add", child)

    early = client.post(url, {"kind": "etter_opphold", "moved_on": today.isoformat(), "temporary": "on"})

    assert early.status_code == 400
    assert "Flyttinger etter oppholdet registreres når oppholdet er avsluttet." in early.content.decode()
    assert ChildMove.objects.filter(child=child, kind="etter_opphold").count() == 0

    departed_on = today - datetime.timedelta(days=3)
    resident_services.stay_depart(
        actor=kari, stay=child.stay, departure_date=departed_on, destination="familie_venner", permanence="midlertidig"
    )
    before_departure = client.post(
        url, {"kind": "etter_opphold", "moved_on": (departed_on - datetime.timedelta(days=1)).isoformat()}
    )
    assert before_departure.status_code == 400
    assert "En flytting etter oppholdet må være etter utflyttingen." in before_departure.content.decode()

    response = client.post(url, {"kind": "etter_opphold", "moved_on": today.isoformat(), "temporary": "on"})

    assert response.status_code == 302
    after = ChildMove.objects.get(child=child, kind="etter_opphold")
    assert (after.moved_on, after.temporary) == (today, True)
    # Arrival, the temporary home after the shelter, and the next one: three moves in three weeks.
    assert counts_on_page(client, child) == (3, 0)


def test_counts_on_the_children_list(client_for, kari, child, today):
    arrival = child.stay.arrival_date
    for changed in (True, True, False):
        children_services.child_move_add(
            actor=kari,
            child=child,
            kind="for_krisesenter",
            moved_on=arrival - datetime.timedelta(days=100),
            school_changed=changed,
        )

    cell = counts_in_list(client_for(kari), "Emma")

    assert re.match(r"^4 ", cell.strip())
    assert "(2 skolebytter)" in cell
    assert counts_on_page(client_for(kari), child) == (4, 2)
