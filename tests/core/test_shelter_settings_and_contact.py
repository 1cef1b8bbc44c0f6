"""The leader's shelter settings and changing a stay's contact person."""

import datetime

from django.urls import reverse

from boligplan.audit.models import AuditEvent


def test_leader_changes_assessment_due_days_and_overview_follows(client_for, lene, shelter, make_stay):
    make_stay(days_ago=4)  # due after 3 days by default: overdue
    client = client_for(lene)
    assert "Forsinket" in client.get(reverse("reports:overview")).content.decode()

    response = client.post(reverse("shelter-settings"), {"assessment_due_days": "5"})
    assert response.status_code == 302
    shelter.refresh_from_db()
    assert shelter.assessment_due_days == 5
    assert AuditEvent.objects.filter(action="shelter.settings_changed", actor=lene).count() == 1
    assert "Forsinket" not in client.get(reverse("reports:overview")).content.decode()


def test_bad_due_days_keeps_input_and_saves_nothing(client_for, lene, shelter):
    response = client_for(lene).post(reverse("shelter-settings"), {"assessment_due_days": "99"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "ds-error-summary" in html and 'value="99"' in html
    shelter.refresh_from_db()
    assert shelter.assessment_due_days == 3


def test_only_the_leader_may_change_settings(client_for, kari, berit, stian):
    for user in (kari, berit, stian):
        client = client_for(user)
        assert client.get(reverse("shelter-settings")).status_code == 403
        assert client.post(reverse("shelter-settings"), {"assessment_due_days": "1"}).status_code == 403


def test_contact_person_can_be_changed_within_the_shelter(client_for, kari, ola, frida, stay):
    client = client_for(kari)
    url = reverse("residents:stay-contact-edit", args=[stay.pk])

    refused = client.post(url, {"contact_person": frida.pk})  # another shelter's staff is not a choice
    assert refused.status_code == 400
    stay.refresh_from_db()
    assert stay.contact_person == kari

    assert client.post(url, {"contact_person": ola.pk}).status_code == 302
    stay.refresh_from_db()
    assert stay.contact_person == ola
    assert AuditEvent.objects.filter(action="stay.contact_changed", stay_id=stay.pk).count() == 1


def test_contact_change_is_not_for_other_shelters_or_read_only_roles(client_for, frida, berit, ola, stay):
    url = reverse("residents:stay-contact-edit", args=[stay.pk])
    assert client_for(frida).get(url).status_code == 404
    assert client_for(berit).post(url, {"contact_person": ola.pk}).status_code == 403


def test_due_days_boundary(client_for, lene, shelter, make_stay, today):
    stay = make_stay(days_ago=3)
    html = client_for(lene).get(reverse("reports:overview")).content.decode()
    due = stay.arrival_date + datetime.timedelta(days=3)
    assert due == today
    assert "Forsinket" not in html  # due today is not late yet
