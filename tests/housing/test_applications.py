"""Applications and decisions: a refusal shows its three-week appeal deadline, and the overview
reminds about it in the last week before it passes."""

import datetime

from django.urls import reverse

from boligplan.audit.models import AuditEvent
from boligplan.housing import services as housing
from boligplan.housing.models import Application

OVERVIEW = "/"


def record(stay, actor, **values):
    base = {"kind": "kommunal_bolig", "agency": "Tildelingskontoret", "sent_on": stay.arrival_date, "status": "sendt"}
    return housing.application_record(actor=actor, stay=stay, values=base | values)


def test_a_refusal_has_a_three_week_appeal_deadline(stay, kari):
    decided = stay.arrival_date + datetime.timedelta(days=1)
    refused = record(stay, kari, status="avslatt", decision_on=decided)
    assert refused.appeal_deadline == decided + datetime.timedelta(days=21)
    assert record(stay, kari, status="innvilget", decision_on=decided).appeal_deadline is None


def test_the_resident_page_and_the_overview_show_the_deadline_in_its_last_week(client_for, kari, make_stay, today):
    stay = make_stay(days_ago=30)
    client = client_for(kari)
    # Decided 16 days ago: 5 days left.
    record(stay, kari, status="avslatt", decision_on=today - datetime.timedelta(days=16))
    page = client.get(reverse("residents:stay-detail", args=[stay.pk])).content.decode()
    assert "Klagefrist" in page and "5 dager igjen" in page
    overview = client.get(OVERVIEW).content.decode()
    assert "Klagefrist på avslag" in overview
    assert "1 avslag har klagefrist innen en uke." in overview


def test_no_reminder_too_early_or_after_the_deadline(client_for, kari, make_stay, today):
    early, late = make_stay(days_ago=30), make_stay(display_name="E.F.", days_ago=40)
    record(early, kari, status="avslatt", decision_on=today - datetime.timedelta(days=3))  # 18 days left
    record(late, kari, status="avslatt", decision_on=today - datetime.timedelta(days=25))  # passed
    overview = client_for(kari).get(OVERVIEW).content.decode()
    assert "Klagefrist på avslag" not in overview
    late_page = client_for(kari).get(reverse("residents:stay-detail", args=[late.pk])).content.decode()
    assert "Klagefristen gikk ut" in late_page


def test_bad_input_keeps_what_was_typed_and_saves_nothing(client_for, kari, stay, today):
    url = reverse("housing:application-create", args=[stay.pk])
    cases = [
        ({"status": "avslatt", "decision_on": ""}, "Skriv når vedtaket kom"),
        ({"decision_on": (stay.arrival_date - datetime.timedelta(days=5)).isoformat()}, "før søknaden ble sendt"),
        ({"sent_on": (stay.arrival_date - datetime.timedelta(days=1)).isoformat()}, "før ankomstdatoen"),
        ({"kind": "finnes_ikke"}, "gyldig"),
        ({"agency": "x" * 121}, "121"),
    ]
    for change, message in cases:
        form = {
            "kind": "startlan",
            "agency": "Husbanken-kontoret",
            "sent_on": stay.arrival_date.isoformat(),
            "status": "sendt",
            "decision_on": "",
        } | change
        response = client_for(kari).post(url, form)
        html = response.content.decode()
        assert response.status_code == 400, change
        assert message in html, (change, message)
        assert "ds-error-summary" in html
        assert (change.get("agency") or "Husbanken-kontoret") in html
    assert not Application.objects.filter(stay=stay).exists()


def test_writes_are_audited_without_free_text(client_for, kari, stay):
    url = reverse("housing:application-create", args=[stay.pk])
    form = {
        "kind": "depositum",
        "agency": "NAV HEMMELIG-KONTOR",
        "sent_on": stay.arrival_date.isoformat(),
        "status": "sendt",
        "decision_on": "",
    }
    assert client_for(kari).post(url, form).status_code == 302
    event = AuditEvent.objects.get(action="application.recorded")
    assert event.stay_id == stay.pk
    assert "HEMMELIG" not in str(event.__dict__)


def test_a_link_can_preselect_the_kind_of_application_and_ignores_unknown_kinds(client_for, kari, stay):
    from django.urls import reverse

    url = reverse("housing:application-create", args=[stay.pk])
    client = client_for(kari)

    chosen = client.get(url + "?soknad=depositum").content.decode()
    unknown = client.get(url + "?soknad=<script>").content.decode()

    assert '<option value="depositum" selected>' in chosen
    assert '<option value="" selected>' in unknown.split('name="kind"', 1)[1].split("</select>", 1)[0]
    assert "<script>" not in unknown
