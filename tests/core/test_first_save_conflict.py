"""Two tabs opened on a stay's record before it existed: the second first save is a conflict.

Each of the stay's one records (housing assessment, safe-return assessment, follow-up plan, the
household income for the rental search) is written by core/concurrency.save_stay_record. A form
loaded when there was no row carries version 0; when a row has appeared by the time it is saved,
the user gets the conflict page (409) with their text kept, and the first text stays stored.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from boligplan.aftercare.models import FollowUpPlan
from boligplan.housing.models import HousingAssessment
from boligplan.rental.models import RentalSearch
from boligplan.safety.models import SafeReturnAssessment
from tests.conftest import verified_login
from tests.helpers import as_posted

# page name → (URL name, model, the field typed into, first tab's text, second tab's text)
RECORDS = {
    "assessment": (
        "housing:assessment-edit",
        HousingAssessment,
        "resident_wishes",
        "Vil bo nær skolen til barna",
        "Ønsker seg langt bort fra byen",
    ),
    "safe-return": (
        "safety:safe-return-edit",
        SafeReturnAssessment,
        "reason",
        "Politiet mener det er trygt med alarm",
        "Usikkert, venter på svar fra politiet",
    ),
    "follow-up-plan": (
        "aftercare:plan-edit",
        FollowUpPlan,
        "other_services",
        "Familievernkontoret følger opp",
        "Psykisk helse i kommunen følger opp",
    ),
    "rental-income": ("rental:search-edit", RentalSearch, "household_monthly_income", "31000", "27500"),
}


def _open(client, url):
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert re.search(r'name="version" value="0"', html), "a form loaded with no row carries version 0"
    return as_posted(page.context["form"])


@pytest.mark.parametrize("name", list(RECORDS))
def test_a_form_opened_before_the_row_existed_conflicts_when_one_appeared(client_for, kari, ola, stay, name):
    url_name, model, field, first_text, second_text = RECORDS[name]
    url = reverse(url_name, args=[stay.pk])
    kari_client = client_for(kari)
    kari_form = _open(kari_client, url)  # kari's tab, opened first
    ola_client = verified_login(Client(), ola)
    ola_form = _open(ola_client, url)  # ola's tab, also before any row existed

    assert ola_client.post(url, ola_form | {field: first_text}).status_code == 302
    assert model.objects.filter(stay=stay).count() == 1

    second = kari_client.post(url, kari_form | {field: second_text})
    assert second.status_code == 409
    html = second.content.decode()
    assert "Noen andre har lagret endringer mens du skrev" in html
    assert second_text in html  # kari's text is kept in the form
    stored = model.objects.get(stay=stay)
    assert str(getattr(stored, field)) == first_text  # the first save is not lost
    assert stored.version == 1
    # The conflict page's form now carries the stored version: saving again is a deliberate choice.
    assert f'name="version" value="{stored.version}"' in html
    again = kari_client.post(url, kari_form | {field: second_text, "version": str(stored.version)})
    assert again.status_code == 302
    assert str(getattr(model.objects.get(stay=stay), field)) == second_text


@pytest.mark.parametrize("name", list(RECORDS))
def test_a_single_first_save_still_creates_the_row(client_for, kari, stay, name):
    url_name, model, field, first_text, _second = RECORDS[name]
    url = reverse(url_name, args=[stay.pk])
    client = client_for(kari)
    assert client.post(url, _open(client, url) | {field: first_text}).status_code == 302
    assert str(getattr(model.objects.get(stay=stay), field)) == first_text


def test_the_service_refuses_a_new_record_save_over_an_existing_row(stay, kari, today):
    from boligplan.core.concurrency import NEW_RECORD_VERSION, EditConflict
    from boligplan.housing import services

    services.assessment_save(
        actor=kari, stay=stay, values={"resident_wishes": "Først"}, complete=False, today=today, expected_version=0
    )
    with pytest.raises(EditConflict) as raised:
        services.assessment_save(
            actor=kari,
            stay=stay,
            values={"resident_wishes": "Sist"},
            complete=False,
            today=today,
            expected_version=NEW_RECORD_VERSION,
        )
    assert raised.value.current.resident_wishes == "Først"
    assert HousingAssessment.objects.get(stay=stay).resident_wishes == "Først"
