"""Who sees which child, beyond the per-view matrix in test_access_matrix.

Contact persons and the leader see every child at their shelter; the children's contact person
only the children she follows; statistics-only sees no child; another shelter sees none of ours.
"""

import datetime

import pytest
from django.urls import reverse

from boligplan.children import services as children_services
from boligplan.residents import services as resident_services

LIST = reverse("children:children-list")


def child_url(name, child):
    return reverse(name, kwargs={"child_id": child.pk})


@pytest.fixture
def children(kari, ola, berit, make_stay, today):
    """Three children at Fjordby: berit follows Emma only."""
    first = make_stay(display_name="A.B.")
    second = make_stay(display_name="C.D.")
    return {
        "Emma": children_services.child_add(
            actor=kari, stay=first, first_name="Emma", birth_year=today.year - 9, contact_person=berit
        ),
        "Jonas": children_services.child_add(
            actor=kari, stay=first, first_name="Jonas", birth_year=today.year - 4, contact_person=ola
        ),
        "Liv": children_services.child_add(actor=kari, stay=second, first_name="Liv", birth_year=today.year - 12),
    }


@pytest.mark.parametrize("username", ["kari", "lene"])
def test_case_workers_see_every_child_of_the_shelter(request, client_for, children, username):
    client = client_for(request.getfixturevalue(username))

    listing = client.get(LIST).content.decode()

    for name, child in children.items():
        assert name in listing
        assert child_url("children:child-detail", child) in listing
        assert client.get(child_url("children:child-detail", child)).status_code == 200


def test_childrens_contact_sees_only_the_children_she_follows(client_for, berit, children):
    client = client_for(berit)

    listing = client.get(LIST).content.decode()

    assert "Emma" in listing
    assert "Jonas" not in listing and "Liv" not in listing
    assert client.get(child_url("children:child-detail", children["Emma"])).status_code == 200
    for name in ["Jonas", "Liv"]:
        assert client.get(child_url("children:child-detail", children[name])).status_code == 404


def test_childrens_contact_loses_a_child_given_to_someone_else(client_for, kari, ola, berit, children):
    emma = children["Emma"]
    children_services.child_update(actor=kari, child=emma, values={"contact_person": ola})
    client = client_for(berit)

    assert client.get(child_url("children:child-detail", emma)).status_code == 404
    assert client.get(child_url("children:child-plan", emma)).status_code == 404
    listing = client.get(LIST)
    assert listing.status_code == 200
    assert "Emma" not in listing.content.decode()
    assert "Ingen barn du følger, bor på senteret nå." in listing.content.decode()


def test_childrens_contact_still_follows_the_child_after_the_move(client_for, kari, berit, children, today):
    """After the stay, moves to temporary homes are still hers to record."""
    emma = children["Emma"]
    resident_services.stay_depart(
        actor=kari,
        stay=emma.stay,
        departure_date=today - datetime.timedelta(days=1),
        destination="familie_venner",
        permanence="midlertidig",
    )
    client = client_for(berit)

    assert client.get(child_url("children:child-detail", emma)).status_code == 200
    response = client.post(
        child_url("children:child-move-add", emma),
        {"kind": "etter_opphold", "moved_on": today.isoformat(), "temporary": "on"},
    )
    assert response.status_code == 302


def test_the_statistics_role_sees_no_child(client_for, stian, children):
    client = client_for(stian)

    response = client.get(LIST)

    assert response.status_code == 403
    for name in children:
        assert name not in response.content.decode()
    # No menu entry leads there.
    overview = client.get(reverse("reports:overview")).content.decode()
    assert f'href="{LIST}"' not in overview


def test_another_shelter_sees_none_of_our_children(client_for, frida, children, foreign_stay, today):
    client = client_for(frida)

    listing = client.get(LIST).content.decode()

    for name, child in children.items():
        assert name not in listing
        assert client.get(child_url("children:child-detail", child)).status_code == 404
        assert client.get(child_url("children:child-plan", child)).status_code == 404


def test_the_childs_page_links_to_the_parent_only_for_case_workers(client_for, kari, berit, children):
    emma = children["Emma"]
    parent = reverse("residents:stay-detail", kwargs={"stay_id": emma.stay.pk})

    assert parent in client_for(kari).get(child_url("children:child-detail", emma)).content.decode()
    content = client_for(berit).get(child_url("children:child-detail", emma)).content.decode()
    assert parent not in content
    assert "Forelderens side" not in content


def test_childrens_contact_may_not_register_a_child(client_for, berit, children):
    stay = children["Emma"].stay
    url = reverse("children:child-add", kwargs={"stay_id": stay.pk})

    assert client_for(berit).get(url).status_code == 403
    assert client_for(berit).post(url, {"first_name": "Ny", "birth_year": "2020"}).status_code == 403
    assert stay.children.count() == 2


def test_the_stay_page_lists_the_familys_children_only(client_for, kari, children):
    emma = children["Emma"]

    content = client_for(kari).get(reverse("residents:stay-detail", kwargs={"stay_id": emma.stay.pk}))

    section = content.content.decode().split('id="h-children"', 1)[1].split("</section>", 1)[0]
    assert "Emma" in section and "Jonas" in section
    assert "Liv" not in section
