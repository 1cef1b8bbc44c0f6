"""Constant query counts on the children's pages: the same for 1 child (or entry) as for 20."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boligplan.children import services as children_services

CHILD_LINK = re.compile(r'href="/barn/[0-9a-f-]{36}/"')


def count_queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def add_child(kari, berit, ola, stay, today, number):
    child = children_services.child_add(
        actor=kari,
        stay=stay,
        first_name=f"Barn {number:02d}",
        birth_year=today.year - number % 18,
        contact_person=[None, berit, ola][number % 3],
        school="Skole",
    )
    children_services.child_wish_add(actor=kari, child=child, asked_on=today, words="Ønske")
    children_services.child_information_add(actor=kari, child=child, told_on=today, phase="for", what_told="x")
    children_services.child_move_add(
        actor=kari,
        child=child,
        kind="for_krisesenter",
        moved_on=stay.arrival_date - datetime.timedelta(days=30),
        school_changed=bool(number % 2),
    )
    return child


def test_children_list_runs_the_same_number_of_queries_for_1_and_20_children(
    client_for, kari, berit, ola, make_stay, today
):
    stays = [make_stay(display_name=f"Forelder {n}", days_ago=n) for n in range(1, 5)]
    client = client_for(kari)
    add_child(kari, berit, ola, stays[0], today, 1)
    client.get(reverse("children:children-list"))

    with_one, html = count_queries(client, reverse("children:children-list"))
    assert len(CHILD_LINK.findall(html)) == 1

    for number in range(2, 21):
        add_child(kari, berit, ola, stays[number % 4], today, number)
    with_twenty, html = count_queries(client, reverse("children:children-list"))
    assert len(CHILD_LINK.findall(html)) == 20

    print(f"\nchildren list queries: {with_one} with 1 child, {with_twenty} with 20 children")
    assert with_one == with_twenty


def test_childrens_contacts_list_runs_the_same_number_of_queries(client_for, kari, berit, ola, make_stay, today):
    stay = make_stay()
    client = client_for(berit)
    add_child(kari, berit, ola, stay, today, 1)  # berit follows children 1, 4, 7, ...
    client.get(reverse("children:children-list"))

    with_one, html = count_queries(client, reverse("children:children-list"))
    assert len(CHILD_LINK.findall(html)) == 1

    for number in range(2, 21):
        add_child(kari, berit, ola, stay, today, number)
    with_many, html = count_queries(client, reverse("children:children-list"))
    assert len(CHILD_LINK.findall(html)) == len(range(1, 21, 3))

    assert with_one == with_many


def test_childs_page_runs_the_same_number_of_queries_for_1_and_20_entries(client_for, kari, berit, make_stay, today):
    stay = make_stay(days_ago=30)
    child = children_services.child_add(
        actor=kari, stay=stay, first_name="Emma", birth_year=today.year - 9, contact_person=berit
    )
    url = reverse("children:child-detail", kwargs={"child_id": child.pk})
    client = client_for(berit)

    def add_entries(number):
        author = [kari, berit][number % 2]
        children_services.child_wish_add(actor=author, child=child, asked_on=today, words=f"Ønske {number}")
        children_services.child_information_add(
            actor=author, child=child, told_on=today, phase=["for", "under", "etter"][number % 3], what_told="x"
        )
        children_services.child_move_add(
            actor=author,
            child=child,
            kind="for_krisesenter",
            moved_on=stay.arrival_date - datetime.timedelta(days=number),
        )

    add_entries(1)
    client.get(url)
    with_one, _ = count_queries(client, url)

    for number in range(2, 21):
        add_entries(number)
    with_twenty, html = count_queries(client, url)
    assert html.count("Ønske ") == 20

    print(f"\nchild page queries: {with_one} with 1 entry of each kind, {with_twenty} with 20")
    assert with_one == with_twenty


def test_stay_page_runs_the_same_number_of_queries_for_1_and_20_children(client_for, kari, berit, ola, stay, today):
    url = reverse("residents:stay-detail", kwargs={"stay_id": stay.pk})
    client = client_for(kari)
    add_child(kari, berit, ola, stay, today, 1)
    client.get(url)

    with_one, _ = count_queries(client, url)
    for number in range(2, 21):
        add_child(kari, berit, ola, stay, today, number)
    with_twenty, html = count_queries(client, url)
    assert len(CHILD_LINK.findall(html)) == 20

    print(f"\nstay page queries: {with_one} with 1 child, {with_twenty} with 20 children")
    assert with_one == with_twenty
