"""The safety pages: measures, the safe return and the checklist through the pages, lost races,
ended stays, and who may open them."""

import re

import pytest
from django.urls import reverse

from boligplan.audit.models import AuditEvent
from boligplan.children import services as children_services
from boligplan.residents import services as resident_services
from boligplan.safety import services
from boligplan.safety.checklist import checklist_items
from boligplan.safety.models import ChecklistAnswer, SafeReturnAssessment, SafetyMeasure
from boligplan.safety.services import ItemInput
from tests.safety.helpers import (
    DAY,
    measure_values,
    post_data,
    section_of,
    stay_page,
)

# --- Happy paths through the pages -------------------------------------------------------------


def test_a_measure_is_recorded_and_edited_through_the_pages(client_for, kari, stay, today):
    client = client_for(kari)
    response = client.post(
        reverse("safety:measure-create", kwargs={"stay_id": stay.pk}), post_data(measure_values(today, note="Ok"))
    )
    assert response.status_code == 302
    measure = SafetyMeasure.objects.get()
    edit = reverse("safety:measure-edit", kwargs={"measure_id": measure.pk})
    assert "Besøksforbud" in client.get(edit).content.decode()

    response = client.post(edit, post_data(measure_values(today, status="utlopt", expires_on=today)) | {"version": "1"})

    assert response.status_code == 302
    assert SafetyMeasure.objects.get().status == "utlopt"


def test_the_safe_return_page_saves_and_completes(client_for, kari, stay, today):
    client = client_for(kari)
    url = reverse("safety:safe-return-edit", kwargs={"stay_id": stay.pk})
    client.post(url, {"reason": "Utkast", "draft": "1"})
    assessment = SafeReturnAssessment.objects.get()
    assert assessment.assessed_on is None

    response = client.post(url, {"reason": "Ferdig", "conclusion": "nei", "complete": "1", "version": "1"})

    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.reason, assessment.assessed_on, assessment.assessed_by) == ("Ferdig", today, kari)


def test_the_safe_return_page_shows_what_each_child_keeps(client_for, kari, stay, today):
    child = children_services.child_add(actor=kari, stay=stay, first_name="Oda", birth_year=today.year - 7)
    children_services.child_update(actor=kari, child=child, values={"keeps_school": "ja", "keeps_friends": "nei"})

    content = client_for(kari).get(reverse("safety:safe-return-edit", kwargs={"stay_id": stay.pk})).content.decode()

    row = re.search(r"<tr><th scope=\"row\">Oda</th>.*?</tr>", content, re.S).group(0)
    assert "Ja, beholder" in row and "Nei, må bytte" in row


def test_the_checklist_page_saves_only_what_changed(client_for, kari, ola, stay, today):
    items = checklist_items()
    services.checklist_save(
        actor=kari, stay=stay, items={items[0].key: ItemInput("ok", "Fint", 0)}, today=today - 3 * DAY
    )
    data = {f"answer_{items[0].key}": "ok", f"note_{items[0].key}": "Fint", f"version_{items[0].key}": "1"}
    data |= {f"answer_{items[1].key}": "folges_opp", f"note_{items[1].key}": "Spør utleier"}

    response = client_for(ola).post(reverse("safety:checklist-edit", kwargs={"stay_id": stay.pk}), data)

    assert response.status_code == 302
    answers = {a.item_key: a for a in ChecklistAnswer.objects.all()}
    assert (answers[items[0].key].answered_on, answers[items[0].key].answered_by) == (today - 3 * DAY, kari)
    assert (answers[items[1].key].answered_on, answers[items[1].key].answered_by) == (today, ola)


def test_the_checklist_page_answers_a_lost_race_with_409_keeping_the_input(client_for, kari, ola, stay, today):
    key = checklist_items()[0].key
    url = reverse("safety:checklist-edit", kwargs={"stay_id": stay.pk})
    loaded = {f"answer_{key}": "folges_opp", f"note_{key}": "Olas notat", f"version_{key}": "0"}
    services.checklist_save(actor=kari, stay=stay, items={key: ItemInput("ok", "Karis", 0)}, today=today)

    response = client_for(ola).post(url, loaded)

    assert response.status_code == 409
    content = response.content.decode()
    assert "Olas notat" in content
    assert f'name="version_{key}" value="1"' in content
    assert "Opplevd trygghet" in content.split('data-color="warning"', 1)[1].split("</div>", 1)[0]
    assert ChecklistAnswer.objects.get().note == "Karis"
    # Saving again, now knowing, goes through.
    assert client_for(ola).post(url, loaded | {f"version_{key}": "1"}).status_code == 302
    assert ChecklistAnswer.objects.get().note == "Olas notat"


@pytest.mark.parametrize("page", ["measure", "safe-return"])
def test_the_versioned_pages_answer_a_lost_race_with_a_conflict(client_for, kari, ola, stay, today, page):
    if page == "measure":
        measure = services.measure_record(actor=kari, stay=stay, values=measure_values(today), today=today)
        url = reverse("safety:measure-edit", kwargs={"measure_id": measure.pk})
        form = post_data(measure_values(today, note="Ny"))
    else:
        services.safe_return_save(actor=kari, stay=stay, values={"reason": "Først"}, complete=False, today=today)
        url = reverse("safety:safe-return-edit", kwargs={"stay_id": stay.pk})
        form = {"reason": "Ny"}
    assert client_for(ola).post(url, form | {"version": "1"}).status_code == 302
    second = client_for(kari).post(url, form | {"version": "1", "note": "Min tekst", "reason": "Min tekst"})
    assert second.status_code == 409
    assert 'name="version" value="2"' in second.content.decode()
    assert "Min tekst" in second.content.decode()


# --- Ended stays ---------------------------------------------------------------------------------


def test_an_ended_stay_is_readable_but_takes_no_new_measure(client_for, kari, stay, today):
    measure = services.measure_record(actor=kari, stay=stay, values=measure_values(today), today=today)
    resident_services.stay_depart(
        actor=kari, stay=stay, departure_date=today, destination="tidligere_bolig", permanence="varig"
    )
    client = client_for(kari)
    create = reverse("safety:measure-create", kwargs={"stay_id": stay.pk})

    for response in (client.get(create), client.post(create, post_data(measure_values(today)))):
        assert response.status_code == 302
        assert response["Location"] == reverse("residents:stay-detail", kwargs={"stay_id": stay.pk}) + "#s-sikkerhet"
    assert SafetyMeasure.objects.count() == 1
    content = stay_page(client, stay)
    assert "Nye sikkerhetstiltak kan ikke registreres" in content
    assert create not in section_of(content)
    assert "Besøksforbud" in section_of(content)

    # An existing measure can still be put right.
    edit = reverse("safety:measure-edit", kwargs={"measure_id": measure.pk})
    data = post_data(measure_values(today, status="utlopt", expires_on=today)) | {"version": "1"}
    assert client.post(edit, data).status_code == 302


# --- Access, seen from the safety pages --------------------------------------------------------


def test_who_may_open_the_safety_pages(client_for, kari, lene, berit, stian, frida, stay, today):
    measure = services.measure_record(actor=kari, stay=stay, values=measure_values(today), today=today)
    urls = [
        reverse("safety:safe-return-edit", kwargs={"stay_id": stay.pk}),
        reverse("safety:measure-create", kwargs={"stay_id": stay.pk}),
        reverse("safety:measure-edit", kwargs={"measure_id": measure.pk}),
        reverse("safety:checklist-edit", kwargs={"stay_id": stay.pk}),
    ]
    audit_before = AuditEvent.objects.count()
    for user, status in ((berit, 403), (stian, 403), (frida, 404)):
        client = client_for(user)
        for url in urls:
            assert client.get(url).status_code == status, (user, url)
            assert client.post(url, post_data(measure_values(today))).status_code == status
    assert AuditEvent.objects.count() == audit_before
    assert SafetyMeasure.objects.count() == 1
    for user in (kari, lene):
        for url in urls:
            assert client_for(user).get(url).status_code == 200
