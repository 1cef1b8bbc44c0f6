"""The resident's access report (GDPR art. 15): only the leader prints it, it lists who opened the
case, when and why over all the resident's stays, nothing about anyone else and no free text, and
printing it is itself audited."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boligplan.audit import report
from boligplan.audit.models import AuditEvent
from boligplan.audit.services import audit_record
from boligplan.core.pdf import refuse_fetch
from boligplan.residents import services as resident_services
from tests.conftest import make_user
from tests.helpers import build_case, without_csrf
from tests.pdf import is_tagged

NOTE_TEXT = "HEMMELIG-NOTAT-INNSYN"
OTHER_NAME = "Olga Annenbeboer"


def report_url(resident) -> str:
    return reverse("audit:access-report", kwargs={"resident_id": resident.pk})


@pytest.fixture
def history(make_stay, kari, ola, berit, lene, today):
    """A resident with an ended stay and a current one, looked at by several people, next to
    another resident whose case ola also opened."""
    first = make_stay(display_name="Rita Rapport", days_ago=40)
    resident_services.stay_depart(
        actor=kari,
        stay=first,
        departure_date=today - datetime.timedelta(days=20),
        destination="rosa",
        permanence="varig",
    )
    second = resident_services.stay_open(
        actor=kari, resident=first.resident, arrival_date=today - datetime.timedelta(days=3), contact_person=kari
    )
    build_case(second, kari, today)
    resident_services.journal_note_add(actor=kari, stay=second, text=NOTE_TEXT)
    audit_record(
        actor=ola, action="stay.viewed", obj=second, shelter_id=second.shelter_id, stay_id=second.pk, reason="brev"
    )
    other = make_stay(display_name=OTHER_NAME, contact=ola)
    audit_record(actor=ola, action="stay.viewed", obj=other, shelter_id=other.shelter_id, stay_id=other.pk)
    audit_record(actor=lene, action="overview.viewed", obj=other.shelter, shelter_id=other.shelter_id)
    return {"resident": first.resident, "stays": [first, second], "other": other}


@pytest.fixture
def captured_html(monkeypatch):
    """The HTML each printed PDF was made from (the PDF itself is compressed)."""
    pages: list[str] = []
    original = report.access_report_html

    def capture(**kwargs):
        html = original(**kwargs)
        pages.append(html)
        return html

    monkeypatch.setattr(report, "access_report_html", capture)
    return pages


def test_the_leader_gets_a_pdf_and_the_printing_is_audited(client_for, lene, history, captured_html):
    resident = history["resident"]
    before = AuditEvent.objects.count()

    response = client_for(lene).get(report_url(resident))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"] == 'attachment; filename="innsynsrapport.pdf"'  # no name in it
    assert AuditEvent.objects.count() == before + 1
    row = AuditEvent.objects.order_by("-pk").first()
    assert (row.action, row.actor, row.object_type, row.object_id, row.reason) == (
        "resident.access_report_printed",
        lene,
        "resident",
        resident.pk,
        "innsynsbegjaering",
    )
    # The report lists its own printing.
    assert "Skrev ut innsynsrapport" in captured_html[0]
    assert "Innsynsbegjæring fra beboeren" in captured_html[0]


def test_the_report_lists_who_when_and_why_over_every_stay(client_for, lene, history, captured_html):
    resident, (first, second) = history["resident"], history["stays"]

    client_for(lene).get(report_url(resident))

    html = captured_html[0]
    expected = (
        AuditEvent.objects.filter(stay_id__in=[first.pk, second.pk]).count()
        + AuditEvent.objects.filter(object_type="resident", object_id=resident.pk)
        .exclude(stay_id__in=[first.pk, second.pk])
        .count()
    )
    assert html.count("<tr><td") == expected
    for text in ["Rita Rapport", "Registrerte beboeren", "Registrerte utflytting", "Registrerte ankomst"]:
        assert text in html
    assert "Skrev et journalnotat" in html
    assert "Ola" in html and "Brev eller dokument til beboeren" in html  # who and why
    assert "Kari" in html and "ansatt / kontaktperson" in html
    assert first.arrival_date.strftime("%Y") in html


def test_the_report_holds_nothing_about_others_and_no_free_text(client_for, lene, history, captured_html):
    client_for(lene).get(report_url(history["resident"]))

    html = captured_html[0]
    assert OTHER_NAME not in html
    assert NOTE_TEXT not in html
    assert "Ring boligkontoret" not in html  # a task title written by staff
    assert "Ba om møte" not in html  # what was asked of NAV
    assert "Så oversikten" not in html  # lists of everyone are not about this person
    assert str(history["other"].pk) not in html


def test_the_report_runs_the_same_queries_however_long_the_history(client_for, lene, kari, make_stay):
    stay = make_stay(display_name="Kort Historikk")
    client = client_for(lene)
    client.get(report_url(stay.resident))  # warm up (the session, the membership)
    with CaptureQueriesContext(connection) as short:
        client.get(report_url(stay.resident))
    for _ in range(30):
        audit_record(actor=kari, action="stay.viewed", obj=stay, shelter_id=stay.shelter_id, stay_id=stay.pk)
    with CaptureQueriesContext(connection) as long:
        client.get(report_url(stay.resident))

    assert len(long.captured_queries) == len(short.captured_queries)


@pytest.mark.parametrize("username", ["kari", "ola", "berit", "stian"])
def test_only_the_leader_may_print_it(request, client_for, history, username):
    user = request.getfixturevalue(username)
    before = AuditEvent.objects.count()

    response = client_for(user).get(report_url(history["resident"]))

    assert response.status_code == 403
    assert "Rita Rapport" not in response.content.decode()
    assert AuditEvent.objects.count() == before


def test_another_shelters_leader_gets_the_same_404_as_for_a_missing_resident(client_for, other_shelter, history):
    stranger = make_user("gunn", other_shelter, "leder", "Gunn")
    client = client_for(stranger)
    before = AuditEvent.objects.count()
    ghost = type("Ghost", (), {"pk": "00000000-0000-4000-8000-000000000000"})()

    for_stranger = client.get(report_url(history["resident"]))
    for_missing = client.get(report_url(ghost))

    assert for_stranger.status_code == for_missing.status_code == 404
    stranger_body = without_csrf(for_stranger.content.decode()).replace(report_url(history["resident"]), "URL")
    assert stranger_body == without_csrf(for_missing.content.decode()).replace(report_url(ghost), "URL")
    assert "Rita Rapport" not in stranger_body
    assert AuditEvent.objects.count() == before


def test_anonymous_is_sent_to_login(client, history):
    response = client.get(report_url(history["resident"]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_post_is_not_allowed(client_for, lene, history):
    assert client_for(lene).post(report_url(history["resident"])).status_code == 405


def test_the_link_is_on_the_stay_page_for_the_leader_only(client_for, lene, kari, history):
    stay = history["stays"][1]
    url = reverse("residents:stay-detail", kwargs={"stay_id": stay.pk})

    assert report_url(history["resident"]) in client_for(lene).get(url).content.decode()
    assert report_url(history["resident"]) not in client_for(kari).get(url).content.decode()


def test_the_pdf_is_self_contained(history, lene):
    """Nothing in the report points outside it, and the renderer refuses to fetch anything anyway."""
    with pytest.raises(ValueError, match="loads nothing from outside"):
        refuse_fetch("https://example.org/x.png")
    html = report.access_report_html(
        resident=history["resident"],
        stays=history["stays"],
        events=[],
        generated_by=lene,
        generated_at=datetime.datetime.now(datetime.UTC),
    )
    for reference in ["<img", "<link", "src=", "href=", "url("]:
        assert reference not in html


def test_the_pdf_is_tagged_for_assistive_technology(history, lene):
    pdf = report.access_report_pdf(
        resident=history["resident"],
        stays=history["stays"],
        events=[],
        generated_by=lene,
        generated_at=datetime.datetime.now(datetime.UTC),
    )
    assert is_tagged(pdf)
