"""Faster forms: one notification form for NAV and the housing office together (consent recorded
once, one notification and one letter each), the assessment as radio groups under short headings,
and a completed assessment that is edited with "Lagre endringer" and stays completed."""

import datetime
import re

import pytest
from django.urls import reverse

from boligplan.audit.models import AuditEvent
from boligplan.housing import services as housing
from boligplan.housing.forms import AssessmentForm
from boligplan.housing.models import HousingAssessment, Notification
from tests.pdf import pdf_text


def create_url(stay, **query):
    url = reverse("housing:notification-create", kwargs={"stay_id": stay.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def both_form(today, **changes):
    return {
        "agency": "begge",
        "letter_to": "Nav Fjordby",
        "letter_to_housing_office": "Tildelingskontoret i Fjordby",
        "municipality": "Fjordby",
        "sent_on": today.isoformat(),
        "channel": "brev",
        "request": "Ber om hjelp til å finne en trygg bolig.",
        "consent_given": "on",
        "consent_on": today.isoformat(),
        "follow_up_on": (today + datetime.timedelta(days=7)).isoformat(),
    } | changes


# --- NAV and the housing office in one form. ------------------------------------------------------------


def test_both_agencies_from_one_form_give_one_notification_each(client_for, kari, stay, today):
    before = AuditEvent.objects.filter(action="notification.recorded").count()

    response = client_for(kari).post(create_url(stay), both_form(today))

    assert response.status_code == 302
    saved = {n.agency: n for n in Notification.objects.filter(stay=stay)}
    assert set(saved) == {"nav", "boligkontor"}
    assert (saved["nav"].letter_to, saved["boligkontor"].letter_to) == ("Nav Fjordby", "Tildelingskontoret i Fjordby")
    for notification in saved.values():  # consent typed once, recorded on both
        assert notification.letter_allowed and notification.consent_on == today
        assert notification.request == "Ber om hjelp til å finne en trygg bolig."
        assert notification.follow_up_on == today + datetime.timedelta(days=7)
    recorded = AuditEvent.objects.filter(action="notification.recorded").order_by("seq")
    assert recorded.count() == before + 2
    assert {row.object_id for row in recorded[before:]} == {n.pk for n in saved.values()}


def test_each_of_the_two_has_its_own_letter(client_for, kari, stay, today):
    client = client_for(kari)
    client.post(create_url(stay), both_form(today))

    texts = {
        n.agency: pdf_text(
            b"".join(client.get(reverse("housing:notification-letter", kwargs={"notification_id": n.pk})))
        )
        for n in Notification.objects.filter(stay=stay)
    }

    assert "Nav Fjordby" in texts["nav"] and "Tildelingskontoret i Fjordby" not in texts["nav"]
    assert "Tildelingskontoret i Fjordby" in texts["boligkontor"]


def test_the_message_says_two_were_registered(client_for, kari, stay, today):
    response = client_for(kari).post(create_url(stay), both_form(today), follow=True)

    assert "To henvendelser er registrert: én til Nav og én til boligkontoret." in response.content.decode()


def test_a_bad_field_saves_neither(client_for, kari, stay, today):
    form = both_form(today, follow_up_on=(today - datetime.timedelta(days=1)).isoformat())

    response = client_for(kari).post(create_url(stay), form)

    assert response.status_code == 400
    assert "Ber om hjelp til å finne en trygg bolig." in response.content.decode()
    assert not Notification.objects.filter(stay=stay).exists()


def test_if_the_second_cannot_be_saved_the_first_is_not_saved_either(kari, stay, today, monkeypatch):
    real = housing.notification_record
    calls = []

    def fails_the_second_time(**kwargs):
        calls.append(kwargs["values"]["agency"])
        if len(calls) == 2:
            raise RuntimeError("database went away")
        return real(**kwargs)

    monkeypatch.setattr(housing, "notification_record", fails_the_second_time)
    values = {"sent_on": today, "channel": "brev", "request": "Bolig", "consent_given": True, "consent_on": today}

    with pytest.raises(RuntimeError):
        housing.notification_record_both(actor=kari, stay=stay, values=values)

    assert calls == ["nav", "boligkontor"]
    assert not Notification.objects.filter(stay=stay).exists()
    assert not AuditEvent.objects.filter(action="notification.recorded", stay_id=stay.pk).exists()


def test_the_housing_office_recipient_only_with_both(client_for, kari, stay, today):
    form = both_form(today, agency="nav")

    response = client_for(kari).post(create_url(stay), form)

    assert response.status_code == 400
    assert 'id="id_letter_to_housing_office_error"' in response.content.decode()
    assert not Notification.objects.filter(stay=stay).exists()


def test_an_answer_is_not_recorded_on_both_at_once(client_for, kari, stay, today):
    form = both_form(today, answer="Nav ringer tilbake.", answered_on=today.isoformat())

    response = client_for(kari).post(create_url(stay), form)

    assert response.status_code == 400
    assert 'id="id_answer_error"' in response.content.decode() and "Nav ringer tilbake." in response.content.decode()
    assert not Notification.objects.filter(stay=stay).exists()


@pytest.mark.parametrize("agency", ["nav", "boligkontor"])
def test_one_agency_is_still_one_notification(client_for, kari, stay, today, agency):
    form = both_form(today, agency=agency, letter_to_housing_office="")

    response = client_for(kari).post(create_url(stay), form, follow=True)

    assert [n.agency for n in Notification.objects.filter(stay=stay)] == [agency]
    assert "Henvendelsen er registrert." in response.content.decode()


@pytest.mark.parametrize(("query", "selected"), [("nav", "nav"), ("boligkontor", "boligkontor"), ("begge", "begge")])
def test_links_choose_the_agency(client_for, kari, stay, query, selected):
    content = client_for(kari).get(create_url(stay, til=query)).content.decode()

    assert f'<option value="{selected}" selected>' in content


def test_an_unknown_agency_in_the_link_chooses_nothing(client_for, kari, stay):
    content = client_for(kari).get(create_url(stay, til="politiet")).content.decode()

    assert '<option value="" selected>' in content.split('name="agency"', 1)[1].split("</select>", 1)[0]


def test_both_is_refused_for_an_unknown_agency_value(client_for, kari, stay, today):
    response = client_for(kari).post(create_url(stay), both_form(today, agency="alle"))

    assert response.status_code == 400
    assert not Notification.objects.filter(stay=stay).exists()


def test_editing_offers_no_both(client_for, kari, stay, today):
    client = client_for(kari)
    client.post(create_url(stay), both_form(today, agency="nav", letter_to_housing_office=""))
    notification = Notification.objects.get(stay=stay)

    content = client.get(reverse("housing:notification-edit", kwargs={"notification_id": notification.pk})).content
    assert b'value="begge"' not in content and b"letter_to_housing_office" not in content


# --- The assessment as radio groups. ----------------------------------------------------------------------


def assessment_url(stay):
    return reverse("housing:assessment-edit", kwargs={"stay_id": stay.pk})


def test_every_short_answer_is_a_radio_group_with_the_same_values(client_for, kari, stay):
    content = client_for(kari).get(assessment_url(stay)).content.decode()

    form = AssessmentForm()
    for name in AssessmentForm.radio_fields:
        values = set(re.findall(rf'type="radio" name="{name}" value="([^"]*)"', content))
        assert values == {value for value, _ in form.fields[name].choices}, name
    assert "<select" not in content
    for heading in ("Tidligere bolig", "Tilbake eller ny bolig", "Økonomi", "Behov", "Særlige forhold"):
        assert f'<legend class="ds-heading" data-size="xs">{heading}</legend>' in content


def test_a_radio_answer_is_saved_as_the_select_saved_it(client_for, kari, stay):
    response = client_for(kari).post(
        assessment_url(stay), {"new_home_needed": "ja", "debt_problems": "vet_ikke", "direction": "ny_bolig"}
    )

    assert response.status_code == 302
    saved = HousingAssessment.objects.get(stay=stay)
    assert (saved.new_home_needed, saved.debt_problems, saved.completed_on) == ("ja", "vet_ikke", None)


# --- A completed assessment. ---------------------------------------------------------------------------------


@pytest.fixture
def completed(stay, kari, today):
    return housing.assessment_save(
        actor=kari,
        stay=stay,
        values={"new_home_needed": "ja", "direction": "ny_bolig"},
        complete=True,
        today=today - datetime.timedelta(days=1),
    )


def test_a_completed_assessment_offers_save_changes_not_a_draft(client_for, ola, completed, stay):
    content = client_for(ola).get(assessment_url(stay)).content.decode()

    assert "Lagre endringer" in content
    assert "Lagre utkast" not in content and "Fullfør kartleggingen" not in content


def test_a_draft_offers_draft_and_complete(client_for, kari, stay):
    content = client_for(kari).get(assessment_url(stay)).content.decode()

    assert "Lagre utkast" in content and "Fullfør kartleggingen" in content and "Lagre endringer" not in content


def test_saving_changes_keeps_it_completed_with_its_date_and_author(client_for, ola, kari, completed, stay, today):
    response = client_for(ola).post(
        assessment_url(stay),
        {"new_home_needed": "ja", "direction": "ny_bolig", "debt_problems": "ja", "save": "1", "version": "1"},
        follow=True,
    )

    assert "Endringene er lagret. Kartleggingen er fortsatt fullført." in response.content.decode()
    saved = HousingAssessment.objects.get(stay=stay)
    assert saved.debt_problems == "ja"
    assert (saved.completed_on, saved.completed_by) == (today - datetime.timedelta(days=1), kari)


def test_a_completed_assessment_cannot_lose_its_answer_on_new_home(client_for, ola, completed, stay):
    response = client_for(ola).post(
        assessment_url(stay), {"new_home_needed": "", "direction": "ikke_avklart", "save": "1", "version": "1"}
    )

    assert response.status_code == 400
    assert "Svar på om ny bolig trengs før kartleggingen fullføres." in response.content.decode()
    assert HousingAssessment.objects.get(stay=stay).new_home_needed == "ja"
