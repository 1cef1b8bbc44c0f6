"""Role × object × shelter: who gets what from every view that takes an object id.

- another shelter's object and an id that does not exist give the same 404 (and no name);
- contact persons and the leader get the page, for every child of the shelter too;
- the statistics-only role sees counts, never a person.

The children's contact person is test_access_matrix_children.py, the national operator
test_access_matrix_operator.py; the views and the case are tests/security/matrix.py.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from boligplan.audit.models import AuditEvent
from boligplan.children import services as children_services
from boligplan.housing import services as housing_services
from tests.helpers import CHILD_NAME, ID_VIEWS, data_counts
from tests.security.matrix import (
    CHILD_WRITE_VIEWS,
    FOREIGN_NAME,
    GET_VIEWS,
    POST_ONLY_VIEWS,
    RESIDENT_NAME,
    VIEW_METHODS,
    assert_same_404,
)


def _uuid_url_names(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _uuid_url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and re.search(r"<uuid:", str(entry.pattern)):
            yield f"{namespace}{entry.name}"


# Views with an id that are not about a resident or a child have their own matrix elsewhere.
COVERED_ELSEWHERE = {
    "agencies:agency-edit": "test_agencies.py",
    "agencies:agency-delete": "test_agencies.py",
    "audit:access-report": "test_access_report.py",  # leader only
    "staff:operator-shelter": "test_staff.py",  # the national operator only
}


def test_matrix_covers_every_view_with_an_id():
    names = set(_uuid_url_names(get_resolver().url_patterns)) - set(COVERED_ELSEWHERE)
    assert names == {view.name for view in ID_VIEWS}


# (a) Another shelter: the same 404 as a missing id.


@pytest.mark.parametrize(("view", "method"), VIEW_METHODS, ids=str)
def test_other_shelter_gets_the_same_404_as_a_missing_id(client_for, frida, case, foreign_stay, view, method):
    before = data_counts()

    body = assert_same_404(client_for(frida), method, view, case)

    assert RESIDENT_NAME not in body
    assert CHILD_NAME not in body
    assert data_counts() == before


def test_other_shelter_does_not_see_our_residents_in_lists(client_for, frida, case, foreign_stay, today):
    children_services.child_add(actor=frida, stay=foreign_stay, first_name="Åsbybarn", birth_year=today.year - 6)
    client = client_for(frida)
    for name in ["reports:overview", "residents:stays-earlier", "children:children-list", "worklist:queue"]:
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert RESIDENT_NAME not in response.content.decode()
        assert CHILD_NAME not in response.content.decode()
    # ...while frida's own resident and child are there, so the pages are not simply empty.
    assert "X.Y." in client.get(reverse("reports:overview")).content.decode()
    assert "Åsbybarn" in client.get(reverse("children:children-list")).content.decode()


# (b) The roles that work on cases get the page.


@pytest.mark.parametrize("view", GET_VIEWS, ids=str)
@pytest.mark.parametrize("username", ["kari", "lene"])
def test_case_workers_get_every_page(request, client_for, case, view, username):
    """Also the pages of a child whom neither of them follows (Tiril is berit's)."""
    user = request.getfixturevalue(username)
    response = client_for(user).get(view.url(case))

    assert response.status_code == 200
    if view.pdf:
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    elif view.ics:
        assert response["Content-Type"].startswith("text/calendar")
        assert b"BEGIN:VCALENDAR" in response.content
        assert view.subject(case).encode() not in response.content  # a calendar file names no resident
    else:
        assert view.subject(case) in response.content.decode()


@pytest.mark.parametrize("view", POST_ONLY_VIEWS, ids=str)
@pytest.mark.parametrize("username", ["kari", "lene"])
def test_case_workers_may_use_every_action(request, client_for, case, today, view, username):
    user = request.getfixturevalue(username)
    housing_services.tracks_set(actor=user, stay=case.stay, tracks=["privat_leie"], today=today)
    before = AuditEvent.objects.count()

    response = client_for(user).post(view.url(case), view.valid_post(case, today))

    assert response.status_code == 302
    stay_page = reverse("residents:stay-detail", kwargs={"stay_id": case.stay.pk})
    expected = view.redirect(case) if view.redirect else stay_page
    assert response["Location"] == expected
    assert AuditEvent.objects.count() > before
    assert AuditEvent.objects.order_by("-pk").first().actor == user


@pytest.mark.parametrize("view", CHILD_WRITE_VIEWS, ids=str)
@pytest.mark.parametrize("username", ["kari", "lene", "berit"])
def test_case_workers_and_the_childs_contact_may_write_on_the_child(request, client_for, case, today, view, username):
    user = request.getfixturevalue(username)
    before = AuditEvent.objects.count()

    response = client_for(user).post(view.url(case), view.valid_post(case, today))

    assert response.status_code == 302
    assert response["Location"] == reverse("children:child-detail", kwargs={"child_id": case.child.pk})
    new_rows = list(AuditEvent.objects.order_by("pk"))[before:]
    assert len(new_rows) == 1
    assert new_rows[0].actor == user
    assert new_rows[0].action.startswith("child.")


@pytest.mark.parametrize("view", ID_VIEWS, ids=str)
def test_statistics_role_gets_403_on_person_pages(client_for, stian, case, today, view):
    client = client_for(stian)
    if "GET" in view.methods:
        response = client.get(view.url(case))
        assert response.status_code == 403
        assert RESIDENT_NAME not in response.content.decode()
    if "POST" in view.methods:
        before = data_counts()
        payload = view.valid_post(case, today) if view.valid_post else {}
        assert client.post(view.url(case), payload).status_code == 403
        assert data_counts() == before


def test_statistics_role_gets_403_on_lists_of_people(client_for, stian, case):
    client = client_for(stian)
    for name in ["residents:stays-earlier", "residents:resident-register"]:
        response = client.get(reverse(name))
        assert response.status_code == 403, name
        assert RESIDENT_NAME not in response.content.decode()


def test_statistics_role_sees_only_counts_on_the_overview(client_for, stian, case, make_stay, foreign_stay):
    make_stay(display_name="Siri Sekundbeboer", days_ago=10)
    before = AuditEvent.objects.count()

    response = client_for(stian).get(reverse("reports:overview"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Tall for senteret" in content
    for name in [RESIDENT_NAME, "Siri Sekundbeboer", FOREIGN_NAME, "X.Y."]:
        assert name not in content
    assert str(case.stay.pk) not in content
    assert reverse("residents:stay-detail", kwargs={"stay_id": case.stay.pk}) not in content
    # The count of current residents of stian's own shelter (2, not Åsby's) is on the page.
    assert re.search(r"Beboere nå</th><td>2</td>", content)
    # Counts name nobody: at most the one row for looking at the page, never one per person.
    assert AuditEvent.objects.count() - before <= 1
