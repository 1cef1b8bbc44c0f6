"""The access matrix for the children's contact person: no page of the parent's case (403), the
pages of the children she follows, the same 404 as a missing id for any other child, the child's
part of the parent's plan and never the journal."""

import datetime

import pytest
from django.urls import reverse
from django.utils import dateformat, translation

from boligplan.audit.models import AuditEvent
from boligplan.children import services as children_services
from boligplan.housing import services as housing_services
from boligplan.residents import services as resident_services
from tests.helpers import CHILD_NAME, data_counts
from tests.security.matrix import (
    CASE_VIEW_METHODS,
    CHILD_GET_VIEWS,
    CHILD_VIEW_METHODS,
    RESIDENT_NAME,
    assert_same_404,
)

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
