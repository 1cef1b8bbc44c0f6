"""Role × object × shelter: who gets what from every view that takes an object id.

- another shelter's object and an id that does not exist give the same 404 (and no name);
- contact persons and the leader get the page, for every child of the shelter too;
- the children's contact person gets no page of the parent's case (403), gets the pages of the
  children she follows, the same 404 as a missing id for any other child, and never the journal;
- the statistics-only role sees counts, never a person;
- the national operator (driftsansvarlig) has no shelter and never sees case data: the same 404
  as a missing id on every page with an id, and no person on any other page.
"""

import dataclasses
import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import dateformat, translation

from boligplan.audit.models import AuditEvent
from boligplan.children import services as children_services
from boligplan.core.models import Membership
from boligplan.housing import services as housing_services
from boligplan.residents import services as resident_services
from tests.helpers import CHILD_NAME, ID_VIEWS, build_case, data_counts, ghost_case, without_csrf
from tests.security.test_urls_require_login import ALL_URLS, ANONYMOUS_ALLOWED

RESIDENT_NAME = "Tone Testbeboer"
FOREIGN_NAME = "Åse Fremmedbeboer"

GET_VIEWS = [view for view in ID_VIEWS if "GET" in view.methods]
# (view, method) for every method each view answers; other methods get a 405 that says nothing.
VIEW_METHODS = [(view, method) for view in ID_VIEWS for method in sorted(view.methods)]
POST_ONLY_VIEWS = [view for view in ID_VIEWS if view.methods == {"POST"}]
# The parent's case (every method) and the child's pages, as the children's contact person meets them.
CASE_VIEW_METHODS = [(view, method) for view, method in VIEW_METHODS if not view.child_view]
CHILD_VIEW_METHODS = [(view, method) for view, method in VIEW_METHODS if view.child_view]
CHILD_GET_VIEWS = [view for view in GET_VIEWS if view.child_view]
CHILD_WRITE_VIEWS = [view for view in ID_VIEWS if view.child_view and view.writes]


@pytest.fixture
def case(make_stay, kari, berit, today):
    """Tone's stay, with her child Tiril, whom berit follows."""
    return build_case(make_stay(display_name=RESIDENT_NAME), kari, today, child_contact=berit)


@pytest.fixture
def sibling_case(case, kari, ola, today):
    """The same case seen through Tiril's brother, whom ola follows (not berit)."""
    brother = children_services.child_add(
        actor=kari, stay=case.stay, first_name="Sindre", birth_year=today.year - 5, contact_person=ola
    )
    return dataclasses.replace(case, child=brother)


def assert_same_404(client, method, view, case):
    """The object's URL and a missing id's URL give byte for byte the same 404."""
    send = client.get if method == "GET" else client.post
    real_url, missing_url = view.url(case), view.url(ghost_case())
    for_real, for_missing = send(real_url), send(missing_url)
    assert for_real.status_code == 404
    assert for_missing.status_code == 404
    real_body = without_csrf(for_real.content.decode())
    missing_body = without_csrf(for_missing.content.decode())
    assert real_body.replace(real_url, "URL") == missing_body.replace(missing_url, "URL")
    return real_body


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


# (c) The children's contact person: the children she follows, never the parent's case.


@pytest.mark.parametrize(("view", "method"), CASE_VIEW_METHODS, ids=str)
def test_childrens_contact_gets_403_on_every_page_of_the_parents_case(client_for, berit, case, today, view, method):
    client = client_for(berit)
    before, audit_before = data_counts(), AuditEvent.objects.count()
    payload = view.valid_post(case, today) if view.valid_post else {}

    response = client.get(view.url(case)) if method == "GET" else client.post(view.url(case), payload)

    assert response.status_code == 403
    assert RESIDENT_NAME not in response.content.decode()
    assert data_counts() == before
    assert AuditEvent.objects.count() == audit_before


@pytest.mark.parametrize("view", CHILD_GET_VIEWS, ids=str)
def test_childrens_contact_gets_the_pages_of_a_child_she_follows(client_for, berit, case, view):
    response = client_for(berit).get(view.url(case))

    assert response.status_code == 200
    if view.pdf:
        assert response.content.startswith(b"%PDF")
    else:
        assert CHILD_NAME in response.content.decode()


@pytest.mark.parametrize(("view", "method"), CHILD_VIEW_METHODS, ids=str)
def test_childrens_contact_gets_the_same_404_for_a_child_she_does_not_follow(
    client_for, berit, sibling_case, today, view, method
):
    """Tiril's brother lives at the same shelter, in the same family; berit does not follow him."""
    before, audit_before = data_counts(), AuditEvent.objects.count()

    body = assert_same_404(client_for(berit), method, view, sibling_case)

    assert "Sindre" not in body
    assert RESIDENT_NAME not in body
    assert data_counts() == before
    assert AuditEvent.objects.count() == audit_before


def test_childrens_contact_may_not_register_a_resident(client_for, berit, kari, today):
    before = data_counts()
    url = reverse("residents:resident-register")
    payload = {"display_name": "Ny", "birth_year": 1990, "arrival_date": today.isoformat(), "contact_person": kari.pk}

    assert client_for(berit).get(url).status_code == 403
    assert client_for(berit).post(url, payload).status_code == 403
    assert data_counts() == before


def test_childrens_contact_starts_from_her_children_not_the_overview(client_for, berit, case, sibling_case):
    client = client_for(berit)

    response = client.get(reverse("reports:overview"))

    assert response.status_code == 302
    assert response["Location"] == reverse("children:children-list")
    assert client.get(reverse("residents:stays-earlier")).status_code == 403
    listing = client.get(reverse("children:children-list")).content.decode()
    assert CHILD_NAME in listing
    assert "Sindre" not in listing
    # Her menu offers the children only: no link into the parents' cases.
    menu = listing.split('aria-label="Hovedmeny"', 1)[1].split("</nav>", 1)[0]
    assert f'href="{reverse("children:children-list")}"' in menu
    for name in ["reports:overview", "residents:stays-earlier", "residents:resident-register"]:
        assert f'href="{reverse(name)}"' not in menu


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


# (d) The children's contact person reads the minimum of the parent's plan, never the journal.

JOURNAL = "Journaltekst-XYZ-42"
# Parts of the parent's case that are not for the children's contact person.
NOT_FOR_BERIT = [
    JOURNAL,
    "Journalnotater",
    "Ring boligkontoret",  # a task
    "Ba om møte",  # what NAV was asked
    "Ønsket-ABC",  # the resident's own wishes, from the assessment
    "Kanarigata 7",  # the previous home's municipality
    "Grunn-DEF",  # why return is not safe
]


def test_childrens_contact_sees_the_childs_part_of_the_plan_but_not_the_journal(
    client_for, kari, berit, case, sibling_case, today
):
    stay = case.stay
    client_for(kari).post(reverse("residents:note-add", kwargs={"stay_id": stay.pk}), {"text": JOURNAL})
    housing_services.assessment_save(
        actor=kari,
        stay=stay,
        values={
            "direction": "ny_bolig",
            "new_home_needed": "ja",
            "resident_wishes": "Ønsket-ABC",
            "previous_municipality": "Kanarigata 7",
            "return_safe": "nei",
            "return_safe_reason": "Grunn-DEF",
        },
        complete=True,
        today=today,
    )
    planned = today + datetime.timedelta(days=9)
    resident_services.stay_set_ready_to_move(
        actor=kari, stay=stay, ready_to_move_date=today, wait_cause="kommunen", planned_departure_date=planned
    )
    children_services.child_update(actor=kari, child=case.child, values={"keeps_school": "nei"})
    client = client_for(berit)

    # The parent's page is not hers.
    stay_page = client.get(reverse("residents:stay-detail", kwargs={"stay_id": stay.pk}))
    assert stay_page.status_code == 403
    for text in [RESIDENT_NAME, *NOT_FOR_BERIT]:
        assert text not in stay_page.content.decode()

    # The child's page has what she needs: dates, the kind of home, whether the school is kept.
    response = client.get(reverse("children:child-detail", kwargs={"child_id": case.child.pk}))
    assert response.status_code == 200
    content = response.content.decode()
    plan = content.split('id="h-plan"', 1)[1].split("</section>", 1)[0]
    with translation.override("nb"):
        assert dateformat.format(stay.arrival_date, "j. F Y") in plan
        assert dateformat.format(planned, "j. F Y") in plan
    assert "Ny bolig" in plan
    assert "Nei, må bytte" in content
    for text in NOT_FOR_BERIT:
        assert text not in content, text
    # ...and no way into the parent's case.
    assert reverse("residents:stay-detail", kwargs={"stay_id": stay.pk}) not in content
    assert reverse("residents:note-add", kwargs={"stay_id": stay.pk}) not in content

    # No page she can reach shows the journal or the rest of the parent's case.
    child_kwargs = {"child_id": case.child.pk}
    urls = [reverse("children:children-list"), reverse("reports:overview")]
    urls += [reverse(name, kwargs=child_kwargs) for name in CHILD_PAGE_NAMES]
    for url in urls:
        page = client.get(url, follow=True)
        assert page.status_code == 200, url
        for text in NOT_FOR_BERIT:
            assert text not in page.content.decode(), (url, text)


CHILD_PAGE_NAMES = [view.name for view in CHILD_GET_VIEWS if not view.pdf]


def test_contact_person_sees_the_journal(client_for, kari, case):
    client = client_for(kari)
    client.post(reverse("residents:note-add", kwargs={"stay_id": case.stay.pk}), {"text": "Journaltekst-XYZ-42"})

    content = client.get(reverse("residents:stay-detail", kwargs={"stay_id": case.stay.pk})).content.decode()

    assert "Journaltekst-XYZ-42" in content


# (e) The national operator (driftsansvarlig): runs the instance, never sees a case.

# Pages without an id that an operator may open: the start page says they have no shelter, and her
# own pages (boligplan/staff: shelters, creating one, the staff changes; ADR 0021). Every
# other page answers 403/404 (or 405 to a GET on a form's POST address, or the second-factor pages
# sending an already verified user on).
OPERATOR_MAY_OPEN = {
    "reports:overview",
    "staff:operator-shelters",
    "staff:operator-shelter-create",
    "staff:operator-changes",
    # her own interface language (an account preference, no case data)
    "accounts:language",
}
OPERATOR_PASSES_THROUGH = {"accounts:twofactor-verify", "accounts:twofactor-enrol"}


@pytest.mark.parametrize(("view", "method"), VIEW_METHODS, ids=str)
def test_operator_gets_the_same_404_as_a_missing_id_on_every_case_page(client_for, operator, case, today, view, method):
    before, audit_before = data_counts(), AuditEvent.objects.count()

    body = assert_same_404(client_for(operator), method, view, case)

    assert RESIDENT_NAME not in body
    assert CHILD_NAME not in body
    assert data_counts() == before
    assert AuditEvent.objects.count() == audit_before


@pytest.mark.parametrize(("name", "path"), [(n, p) for n, p in ALL_URLS if n not in ANONYMOUS_ALLOWED], ids=str)
def test_operator_sees_no_person_on_any_page(client_for, operator, case, foreign_stay, name, path):
    audit_before = AuditEvent.objects.count()

    response = client_for(operator).get(path)

    content = response.content.decode(errors="replace")
    for secret in [RESIDENT_NAME, CHILD_NAME, "X.Y.", str(case.stay.pk), str(case.child.pk)]:
        assert secret not in content, (name, secret)
    if name in OPERATOR_MAY_OPEN:
        assert response.status_code == 200
    elif name in OPERATOR_PASSES_THROUGH:
        assert response.status_code == 302
    else:
        assert response.status_code in {403, 404, 405}, (name, response.status_code)
    assert AuditEvent.objects.count() == audit_before


# A POST that is not about any case: keeping the session alive answers "204 No Content".
# Her own forms (boligplan/staff) refuse an empty one with the form again (400), saving nothing.
OPERATOR_MAY_POST = {
    "accounts:session-keepalive": 204,
    "staff:operator-shelter-create": 400,
    # Her own interface language; the empty form of this walk is refused and changes nothing.
    "accounts:language": 400,
}


@pytest.mark.parametrize(
    ("name", "path"), [(n, p) for n, p in ALL_URLS if n not in ANONYMOUS_ALLOWED | {"logout"}], ids=str
)
def test_operator_can_change_nothing_through_any_address(client_for, operator, case, today, name, path):
    before, audit_before = data_counts(), AuditEvent.objects.count()

    response = client_for(operator).post(path, {})

    if name in OPERATOR_MAY_POST:
        assert response.status_code == OPERATOR_MAY_POST[name]
    elif name in OPERATOR_PASSES_THROUGH:
        assert response.status_code == 302
    else:
        assert response.status_code in {403, 404, 405}, (name, response.status_code)
    assert RESIDENT_NAME not in response.content.decode(errors="replace")
    assert data_counts() == before
    assert AuditEvent.objects.count() == audit_before


def test_operator_lands_on_a_plain_page_that_says_so(client_for, operator, case):
    response = client_for(operator).get(reverse("reports:overview"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Du er driftsansvarlig" in content
    assert "Dina Drift" in content  # the name in the header, from User.display_name
    menu = content.split('aria-label="Hovedmeny"', 1)[1].split("</nav>", 1)[0] if "Hovedmeny" in content else ""
    for name in ["worklist:queue", "residents:stays-earlier", "children:children-list", "reports:dashboard"]:
        assert f'href="{reverse(name)}"' not in menu


def test_a_membership_added_to_the_operator_by_mistake_opens_no_case(client_for, operator, shelter, case):
    """The access layer ignores an operator's membership: the wall does not rest on the data alone."""
    Membership.objects.create(user=operator, shelter=shelter, role="leder")
    client = client_for(operator)

    for url in [view.url(case) for view in GET_VIEWS] + [reverse("worklist:queue")]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert RESIDENT_NAME not in response.content.decode()


def test_an_account_without_a_shelter_is_told_so_on_the_start_page(client_for, case):
    """Not an operator, just not (or no longer) tied to a shelter: a page that says so, no case."""
    loose = get_user_model().objects.create_user(username="uten-senter", full_name="Una Utensenter")

    response = client_for(loose).get(reverse("reports:overview"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Kontoen er ikke knyttet til et krisesenter" in content
    assert RESIDENT_NAME not in content
    assert client_for(loose).get(reverse("residents:stay-detail", kwargs={"stay_id": case.stay.pk})).status_code == 404
