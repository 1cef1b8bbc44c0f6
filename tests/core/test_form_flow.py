"""The one form flow (core/formflow.py), step by step, through real pages.

A child's record (children:child-edit) is the example of a page about a resident: it used to be
written out by hand because the shared flow dropped the page's audit action on a lost race.
The shelter's settings are the example of a page about no resident (no read is audited).
"""

import ast
import json
import pathlib
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from boligplan.accounts.models import PendingForm
from boligplan.audit.models import AuditEvent
from boligplan.children import services as children_services
from boligplan.children.models import Child
from boligplan.core import formflow, pending
from boligplan.core.models import Shelter
from boligplan.core.pages import back_to_stay
from boligplan.housing import services as housing_services
from boligplan.housing.models import Task
from tests.helpers import as_posted


@pytest.fixture
def child(kari, stay, today):
    return children_services.child_add(actor=kari, stay=stay, first_name="Mia", birth_year=today.year - 6)


def _opened(client, url) -> dict:
    page = client.get(url)
    assert page.status_code == 200
    return as_posted(page.context["form"])


def _last_read():
    return AuditEvent.objects.filter(action__endswith=".viewed").order_by("-seq").first()


def test_a_valid_post_is_saved_by_the_service_then_told_then_sent_on(client_for, kari, child):
    client = client_for(kari)
    url = reverse("children:child-edit", kwargs={"child_id": child.pk})
    data = _opened(client, url) | {"school": "Fjordby skole"}

    response = client.post(url, data)

    assert response.status_code == 302
    assert response["Location"] == reverse("children:child-detail", kwargs={"child_id": child.pk})
    child.refresh_from_db()
    assert (child.school, child.version) == ("Fjordby skole", 2)
    assert AuditEvent.objects.filter(action="child.updated", object_id=child.pk).count() == 1
    assert "Opplysningene om barnet er lagret." in client.get(response["Location"]).content.decode()


def test_a_service_error_is_shown_on_the_form_with_the_input_kept_and_nothing_saved(
    client_for, kari, child, monkeypatch
):
    def refuse(**kwargs):
        raise ValidationError({"school": "Skolen finnes ikke i kommunen."})

    monkeypatch.setattr(children_services, "child_update", refuse)
    client = client_for(kari)
    url = reverse("children:child-edit", kwargs={"child_id": child.pk})
    data = _opened(client, url) | {"school": "Påfunnet skole"}

    response = client.post(url, data)

    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert "Skolen finnes ikke i kommunen." in html
    assert 'value="Påfunnet skole"' in html  # the user's input is kept
    assert response.context["form"].errors["school"] == ["Skolen finnes ikke i kommunen."]
    child.refresh_from_db()
    assert (child.school, child.version) == ("", 1)
    # The page shown again is audited as the page is: a read of the child's record.
    read = _last_read()
    assert (read.action, read.object_id) == ("child.viewed", child.pk)


def test_a_lost_race_on_a_childs_record_goes_through_the_flow_and_is_audited_as_its_page(
    client_for, kari, ola, child, monkeypatch
):
    shown = []
    real_conflict_page = formflow.FormFlow.conflict_page

    def spy(self, request, conflict):
        shown.append(type(self).__name__)
        return real_conflict_page(self, request, conflict)

    monkeypatch.setattr(formflow.FormFlow, "conflict_page", spy)
    client = client_for(kari)
    url = reverse("children:child-edit", kwargs={"child_id": child.pk})
    data = _opened(client, url)  # version 1
    children_services.child_update(actor=ola, child=child, values={"school": "Ola sin skole"}, expected_version=1)

    response = client.post(url, data | {"school": "Karis skole"})

    assert response.status_code == 409
    assert shown == ["FormFlow"]
    html = unescape(response.content.decode())
    assert "Ola sin skole" in html and "Karis skole" in html  # both versions, the user's text kept
    assert 'name="version" value="2"' in html  # the form now carries the stored version
    assert Child.objects.get(pk=child.pk).school == "Ola sin skole"
    read = _last_read()
    assert (read.action, read.object_id, read.stay_id) == ("child.viewed", child.pk, child.stay_id)


def test_a_lost_race_is_audited_with_the_action_of_its_page_not_as_a_look_at_the_stay(
    client_for, kari, ola, stay, today
):
    """The shared flow used to audit every conflict page as stay.viewed, whatever page it was."""
    task = housing_services.task_create(
        actor=kari, stay=stay, title="Ringe Nav", responsible_party="krisesenter", assignee=None, due_date=None
    )
    client = client_for(kari)
    url = reverse("housing:task-edit", kwargs={"task_id": task.pk})
    data = _opened(client, url)
    housing_services.task_update(actor=ola, task=task, values={"title": "Ringe Nav i dag"}, expected_version=1)

    response = client.post(url, data | {"title": "Ringe Nav i morgen"})

    assert response.status_code == 409
    assert Task.objects.get(pk=task.pk).title == "Ringe Nav i dag"
    read = _last_read()
    assert (read.action, read.object_id) == ("task.viewed", task.pk)


def _keep_for(client, user, path: str, fields: dict) -> None:
    """What an idle timeout leaves behind: the typed fields kept for this browser's session."""
    record = PendingForm.objects.create(
        user=user,
        path=path,
        data=json.dumps({name: [value] for name, value in fields.items()}),
        expires_at=pending.timezone.now() + pending.datetime.timedelta(minutes=5),
    )
    session = client.session
    session[pending.SESSION_KEY] = record.pk
    session.save()


def test_get_gives_back_the_text_kept_when_the_session_ended(client_for, kari, child):
    client = client_for(kari)
    url = reverse("children:child-edit", kwargs={"child_id": child.pk})
    _keep_for(client, kari, url, {"first_name": "Mia", "activities": "Korps og svømming"})

    html = unescape(client.get(url).content.decode())

    assert "Korps og svømming" in html
    assert "Teksten du skrev er hentet tilbake" in html
    assert Child.objects.get(pk=child.pk).activities == ""  # given back, never saved on its own
    assert not PendingForm.objects.exists()


def test_a_page_about_no_resident_runs_the_same_steps_without_a_read_audit(client_for, lene, shelter):
    client = client_for(lene)
    url = reverse("shelter-settings")
    before = AuditEvent.objects.count()

    data = _opened(client, url)
    assert AuditEvent.objects.count() == before  # showing the settings reads no case

    # Someone else saves first: the conflict page (409), still with no read audited.
    Shelter.objects.filter(pk=shelter.pk).update(version=shelter.version + 1)
    response = client.post(url, data | {"assessment_due_days": "5"})
    assert response.status_code == 409
    assert AuditEvent.objects.count() == before


# Views that check a form without the flow, and why: none of them saves what a form says.
NOT_EDIT_FORMS = {
    ("accounts", "twofactor_verify"): "a one-time code is checked, nothing is saved from a form",
    ("accounts", "twofactor_enrol"): "the same, and success shows the recovery codes",
    ("agencies", "agency_list"): "a lookup of a municipality number (GET)",
    ("audit", "review_list"): "the review's filter (GET)",
    ("residents", "_search"): "the resident search (a POST only so a name never lands in a URL)",
    ("statistics", "_statistics_page"): "the statistics' filter (GET)",
    ("statistics", "_period_or_page"): "the statistics' period (GET)",
    ("statistics", "dashboard"): "the dashboard's filter (GET)",
    ("worklist", "_queue_context"): "the work queue's filter (GET)",
}


def test_every_view_that_saves_a_forms_input_goes_through_the_flow():
    """A view checking a form by hand is either in NOT_EDIT_FORMS or uses FormFlow (or is one)."""
    root = pathlib.Path(__file__).resolve().parents[2] / "boligplan"
    by_hand = set()
    for path in sorted(root.glob("*/views.py")):
        source = path.read_text()
        for node in ast.parse(source).body:
            if not isinstance(node, ast.FunctionDef | ast.ClassDef):
                continue
            text = ast.get_source_segment(source, node) or ""
            if ".is_valid()" in text and "FormFlow" not in text:
                by_hand.add((path.parent.name, node.name))
    assert by_hand == set(NOT_EDIT_FORMS)


def test_back_to_stay_is_the_residents_page_at_a_section_or_its_top(stay):
    url = reverse("residents:stay-detail", kwargs={"stay_id": stay.pk})
    assert back_to_stay(stay)["Location"] == url
    assert back_to_stay(stay, "s-boligsok")["Location"] == f"{url}#s-boligsok"
