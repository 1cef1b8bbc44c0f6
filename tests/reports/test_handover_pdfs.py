"""The case summary for staff handovers and "Min boligplan" for the resident: what each says,
that neither carries an address or more of a child than first name and birth year, that each is
tagged, one page, and leaves one audit row."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from boligplan.audit.models import AuditEvent
from boligplan.children import services as children_services
from boligplan.housing import services as housing
from boligplan.housing.models import StayTrack
from boligplan.residents import addresses
from boligplan.residents.choices import FORWARDING_ADDRESS
from tests.housing.test_letters import PLANTED
from tests.pdf import is_tagged, pdf_text

GRADINGS = ["UGRADERT", "FORTROLIG", "STRENGT_FORTROLIG"]


def summary_url(stay):
    return reverse("reports:case-summary-pdf", kwargs={"stay_id": stay.pk})


def plan_url(stay, lang=""):
    url = reverse("reports:resident-plan-pdf", kwargs={"stay_id": stay.pk})
    return f"{url}?lang={lang}" if lang else url


def language(pdf: bytes) -> str:
    """The document language declared in the catalogue (a screen reader picks its voice by it)."""
    return str(PdfReader(io.BytesIO(pdf)).trailer["/Root"].get("/Lang"))


def pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def case(make_stay, kari, ola, today):
    """A normal case: assessment started, a track, two tasks, an application awaiting a decision,
    two children."""
    stay = make_stay(display_name="Åse Ørnæs", birth_year=1988, days_ago=12)
    housing.assessment_save(
        actor=kari, stay=stay, values={"new_home_needed": "ja", "household_size": 3}, complete=False, today=today
    )
    StayTrack.objects.create(shelter_id=stay.shelter_id, stay=stay, track="kommunal_bolig", chosen_on=today)
    housing.task_create(
        actor=kari,
        stay=stay,
        title="Skaffe lønnsslipper",
        responsible_party="beboer",
        assignee=None,
        due_date=today + datetime.timedelta(days=3),
    )
    housing.task_create(
        actor=kari,
        stay=stay,
        title="Ringe Nav om depositum",
        responsible_party="krisesenter",
        assignee=ola,
        due_date=today + datetime.timedelta(days=5),
    )
    housing.application_record(
        actor=kari,
        stay=stay,
        values={"kind": "kommunal_bolig", "agency": "Tildelingskontoret", "sent_on": today, "status": "sendt"},
    )
    children_services.child_add(actor=kari, stay=stay, first_name="Sølvi", birth_year=today.year - 5)
    children_services.child_add(actor=kari, stay=stay, first_name="Åsmund", birth_year=today.year - 11)
    return stay


def test_the_case_summary_says_what_a_colleague_needs(client_for, kari, case, today):
    response = client_for(kari).get(summary_url(case))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Ørnæs" not in response["Content-Disposition"]
    text = pdf_text(response.content)
    for expected in [
        "Åse Ørnæs",
        "1988",
        (today - datetime.timedelta(days=12)).strftime("%Y"),
        "Dager på senteret 12",
        "Kontaktperson",
        "Ikke fullført",
        "Kommunal bolig",
        "Skaffe lønnsslipper",
        "Ringe Nav om depositum",
        "Ola",  # who holds the step
        "Behandle søknaden: Kommunal bolig",  # the application from "Hvem gjør hva"
        "Søknader som venter på svar",
        f"Sølvi ({today.year - 5})",
        f"Åsmund ({today.year - 11})",
    ]:
        assert expected in text, expected
    assert is_tagged(response.content)
    assert pages(response.content) == 1


def test_min_boligplan_speaks_to_the_resident(client_for, kari, case, today):
    response = client_for(kari).get(plan_url(case))

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Min boligplan" in text
    assert "Hei Åse" in text
    assert language(response.content) == "nb"
    assert "Skaffe lønnsslipper Du" in text  # her own step is hers, in plain words
    assert "Ringe Nav om depositum Krisesenteret" in text
    assert "Behandle søknaden: Kommunal bolig Boligkontoret" in text
    assert "Kontaktpersonen din på Fjordby krisesenter heter Kari" in text
    # Staff names beyond the contact's first name, the birth year and the children stay out.
    assert "Ørnæs" not in text and "Sølvi" not in text and "1988" not in text
    assert is_tagged(response.content)
    assert pages(response.content) == 1


def test_min_boligplan_in_english(client_for, kari, case):
    response = client_for(kari).get(plan_url(case, "en"))

    text = pdf_text(response.content)
    assert "My housing plan" in text
    assert "Skaffe lønnsslipper You" in text
    assert "The shelter" in text and "The housing office" in text
    assert "Your contact person at Fjordby krisesenter is Kari" in text
    assert "Min boligplan" not in text and "Krisesenteret" not in text
    assert language(response.content) == "en"
    assert is_tagged(response.content)
    assert pages(response.content) == 1


@pytest.mark.parametrize("grading", GRADINGS)
def test_no_address_in_either_pdf_at_any_grading(client_for, kari, case, today, grading):
    addresses.stay_set_new_home_address(actor=kari, stay=case, address=PLANTED)
    # A staff member wrote the address into a task title: it must not ride along.
    housing.task_create(
        actor=kari,
        stay=case,
        title=f"Hente nøkler i {PLANTED}",
        responsible_party="beboer",
        assignee=None,
        due_date=today + datetime.timedelta(days=1),
    )
    addresses.resident_set_protection(actor=kari, resident=case.resident, grading=grading)
    client = client_for(kari)
    # The placeholder is in the document's own language (ADR 0024): one voice throughout.
    omitted = {
        summary_url(case): "(adresse utelatt)",
        plan_url(case): "(adresse utelatt)",
        plan_url(case, "nn"): "(adresse utelaten)",
        plan_url(case, "en"): "(address left out)",
    }
    for url in omitted:
        response = client.get(url)
        assert response.status_code == 200
        text = pdf_text(response.content)
        assert "Hemmeligstien" not in text and "Gjemselvik" not in text, url
        assert FORWARDING_ADDRESS not in text
        assert "Hente nøkler i" in text  # the task itself is still there
        if grading != "STRENGT_FORTROLIG":  # strictly confidential: the address was never kept
            assert omitted[url] in text


def test_each_print_leaves_one_audit_row(client_for, kari, case):
    client = client_for(kari)
    for url, action in [
        (summary_url(case), "stay.summary_printed"),
        (plan_url(case), "stay.resident_plan_printed"),
        (plan_url(case, "en"), "stay.resident_plan_printed"),
    ]:
        before = AuditEvent.objects.filter(action=action, stay_id=case.pk, actor=kari).count()
        assert client.get(url).status_code == 200
        assert AuditEvent.objects.filter(action=action, stay_id=case.pk, actor=kari).count() == before + 1


def test_the_pages_link_to_both(client_for, kari, case):
    client = client_for(kari)
    for page in [
        reverse("residents:stay-detail", kwargs={"stay_id": case.pk}),
        reverse("reports:stay-responsibilities", args=[case.pk]),
    ]:
        html = client.get(page).content.decode()
        assert summary_url(case) in html
        assert plan_url(case) in html
        assert plan_url(case, "en") in html


@pytest.mark.parametrize("who", ["berit", "stian"])
def test_roles_that_see_no_cases_get_neither(client_for, case, who, request):
    client = client_for(request.getfixturevalue(who))
    assert client.get(summary_url(case)).status_code == 403
    assert client.get(plan_url(case)).status_code == 403


def test_another_shelter_gets_not_found(client_for, frida, case):
    client = client_for(frida)
    assert client.get(summary_url(case)).status_code == 404
    assert client.get(plan_url(case, "en")).status_code == 404


def test_an_address_typed_into_a_title_is_taken_out_even_when_none_is_stored():
    from boligplan.reports.handover import _scrubbed

    assert _scrubbed("Hente nøkler i Storgata 3 B, 0368 Oslo", "") == "Hente nøkler i (adresse utelatt)"
    assert _scrubbed("Møte i Kirkeveien 12 kl 10", "") == "Møte i (adresse utelatt) kl 10"
    # Text with numbers that is no address is left as written.
    assert _scrubbed("Søke innen 2026 og ta med 2 vitner", "") == "Søke innen 2026 og ta med 2 vitner"


def test_a_long_list_of_steps_still_fits_one_page_and_says_how_many_are_left(client_for, kari, case, today):
    for n in range(25):
        housing.task_create(
            actor=kari,
            stay=case,
            title=f"Oppgave nummer {n} med en ganske lang beskrivelse av hva som skal gjøres",
            responsible_party="krisesenter",
            assignee=kari,
            due_date=today + datetime.timedelta(days=n),
        )
    client = client_for(kari)
    expected = [(summary_url(case), "steg til"), (plan_url(case), "steg til"), (plan_url(case, "en"), "more steps")]
    for url, more in expected:
        response = client.get(url)
        assert pages(response.content) == 1, url
        assert more in pdf_text(response.content), url
