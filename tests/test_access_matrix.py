"""Role × object × shelter: who gets what from every view that takes an object id.

- another shelter's object and an id that does not exist give the same 404 (and no name);
- contact persons and the leader get the page;
- the children's contact person reads but cannot write, and never sees the journal;
- the statistics-only role sees counts, never a person.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from boligplan.audit.models import AuditEvent
from boligplan.housing import services as housing_services

from .helpers import ID_VIEWS, build_case, data_counts, ghost_case, without_csrf

RESIDENT_NAME = "Tone Testbeboer"
FOREIGN_NAME = "Åse Fremmedbeboer"

GET_VIEWS = [view for view in ID_VIEWS if "GET" in view.methods]
# (view, method) for every method each view answers; other methods get a 405 that says nothing.
VIEW_METHODS = [(view, method) for view in ID_VIEWS for method in sorted(view.methods)]
WRITE_VIEW_METHODS = [(view, method) for view, method in VIEW_METHODS if view.writes]
POST_ONLY_VIEWS = [view for view in ID_VIEWS if view.methods == {"POST"}]


@pytest.fixture
def case(make_stay, kari, today):
    return build_case(make_stay(display_name=RESIDENT_NAME), kari, today)


def _uuid_url_names(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _uuid_url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and re.search(r"<uuid:", str(entry.pattern)):
            yield f"{namespace}{entry.name}"


def test_matrix_covers_every_view_with_an_id():
    assert set(_uuid_url_names(get_resolver().url_patterns)) == {view.name for view in ID_VIEWS}


# (a) Another shelter: the same 404 as a missing id.


@pytest.mark.parametrize(("view", "method"), VIEW_METHODS, ids=str)
def test_other_shelter_gets_the_same_404_as_a_missing_id(client_for, frida, case, foreign_stay, view, method):
    client = client_for(frida)
    before = data_counts()
    send = client.get if method == "GET" else client.post

    stranger_url, missing_url = view.url(case), view.url(ghost_case())
    for_stranger = send(stranger_url)
    for_missing = send(missing_url)

    assert for_stranger.status_code == 404
    assert for_missing.status_code == 404
    stranger_body = without_csrf(for_stranger.content.decode())
    missing_body = without_csrf(for_missing.content.decode())
    assert RESIDENT_NAME not in stranger_body
    # Byte for byte the same page, once the ids in it (if any) are aligned.
    assert stranger_body.replace(stranger_url, "URL") == missing_body.replace(missing_url, "URL")
    assert data_counts() == before


def test_other_shelter_does_not_see_our_residents_in_lists(client_for, frida, case, foreign_stay):
    client = client_for(frida)
    for name in ["reports:overview", "residents:stays-earlier"]:
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert RESIDENT_NAME not in response.content.decode()
    # ...while frida's own resident is there, so the page is not simply empty.
    assert "X.Y." in client.get(reverse("reports:overview")).content.decode()


# (b) The roles that work on cases get the page.


@pytest.mark.parametrize("view", GET_VIEWS, ids=str)
@pytest.mark.parametrize("username", ["kari", "lene"])
def test_case_workers_get_every_page(request, client_for, case, view, username):
    user = request.getfixturevalue(username)
    response = client_for(user).get(view.url(case))

    assert response.status_code == 200
    assert RESIDENT_NAME in response.content.decode()


@pytest.mark.parametrize("view", POST_ONLY_VIEWS, ids=str)
@pytest.mark.parametrize("username", ["kari", "lene"])
def test_case_workers_may_use_every_action(request, client_for, case, today, view, username):
    user = request.getfixturevalue(username)
    housing_services.tracks_set(actor=user, stay=case.stay, tracks=["privat_leie"], today=today)
    before = AuditEvent.objects.count()

    response = client_for(user).post(view.url(case), view.valid_post(case, today))

    assert response.status_code == 302
    assert response["Location"] == reverse("residents:stay-detail", kwargs={"stay_id": case.stay.pk})
    assert AuditEvent.objects.count() > before
    assert AuditEvent.objects.order_by("-pk").first().actor == user


# (c) Read-only roles.


@pytest.mark.parametrize(("view", "method"), WRITE_VIEW_METHODS, ids=str)
def test_childrens_contact_may_not_write(client_for, berit, case, today, view, method):
    client = client_for(berit)
    before, audit_before = data_counts(), AuditEvent.objects.count()
    payload = view.valid_post(case, today) if view.valid_post else {}

    response = client.get(view.url(case)) if method == "GET" else client.post(view.url(case), payload)

    assert response.status_code == 403
    assert RESIDENT_NAME not in response.content.decode()
    assert data_counts() == before
    assert AuditEvent.objects.count() == audit_before


def test_childrens_contact_may_not_register_a_resident(client_for, berit, kari, today):
    before = data_counts()
    url = reverse("residents:resident-register")
    payload = {"display_name": "Ny", "birth_year": 1990, "arrival_date": today.isoformat(), "contact_person": kari.pk}

    assert client_for(berit).get(url).status_code == 403
    assert client_for(berit).post(url, payload).status_code == 403
    assert data_counts() == before


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


# (d) The children's contact person reads the plan, not the journal.


def test_childrens_contact_sees_the_stay_but_not_the_journal(client_for, kari, berit, case):
    client_for(kari).post(
        reverse("residents:note-add", kwargs={"stay_id": case.stay.pk}), {"text": "Journaltekst-XYZ-42"}
    )

    response = client_for(berit).get(reverse("residents:stay-detail", kwargs={"stay_id": case.stay.pk}))

    content = response.content.decode()
    assert response.status_code == 200
    assert RESIDENT_NAME in content
    assert "Ring boligkontoret" in content  # the housing plan is visible
    assert "Journaltekst-XYZ-42" not in content
    assert "Journalnotater" not in content
    assert reverse("residents:note-add", kwargs={"stay_id": case.stay.pk}) not in content


def test_contact_person_sees_the_journal(client_for, kari, case):
    client = client_for(kari)
    client.post(reverse("residents:note-add", kwargs={"stay_id": case.stay.pk}), {"text": "Journaltekst-XYZ-42"})

    content = client.get(reverse("residents:stay-detail", kwargs={"stay_id": case.stay.pk})).content.decode()

    assert "Journaltekst-XYZ-42" in content
