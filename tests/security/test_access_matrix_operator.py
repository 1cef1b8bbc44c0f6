"""The access matrix for the national operator (driftsansvarlig): no shelter and never case data —
the same 404 as a missing id on every page with an id, no person on any other page, and nothing
changed through any address."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from boligplan.audit.models import AuditEvent
from boligplan.core.models import Membership
from tests.helpers import CHILD_NAME, data_counts
from tests.security.matrix import GET_VIEWS, RESIDENT_NAME, VIEW_METHODS, assert_same_404
from tests.security.test_urls_require_login import ALL_URLS, ANONYMOUS_ALLOWED

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
