"""Exports: figure CSVs, the national per-stay rows and the aggregated report (CSV and PDF).

Checked here: small cells suppressed (worked out by hand), no formula injection, no names or
ids in the per-stay rows, who may download what, and one audit row per download.
"""

import csv
import io

import pytest
from django.urls import reverse

from boligplan.audit.models import AuditEvent
from boligplan.residents.choices import Destination, Permanence, WaitCause
from boligplan.statistics import exports
from boligplan.statistics import national_mapping as mapping
from boligplan.statistics.exports import Cell, safe_cell
from boligplan.statistics.queries.scope import Scope
from tests.pdf import pdf_text
from tests.statistics.history import TODAY, YEAR, History, day, plus
from tests.statistics.test_dashboard import YEAR_2025, fill_year


@pytest.fixture
def history(shelter, kari):
    return History(shelter, kari)


def rows_of(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")  # so Excel reads æøå
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


# --- Suppression ----------------------------------------------------------------------------------


def test_suppressed_cells_are_shown_with_a_mark():
    assert str(Cell(None)) == ":"
    assert str(Cell(12)) == "12"
    assert str(Cell(28.25, 1)) == "28,3"


def test_national_report_rounds_and_hides_small_cells(history, shelter):
    # Twelve stays ended in 2025: 10 to the municipality, 2 back to the perpetrator; 10–21 days.
    for number in range(12):
        arrival = plus(day(2, 1), number)
        destination = "ny_kommunal" if number < 10 else "tilbake_voldsutover"
        history.stay(arrival, departure=plus(arrival, 10 + number), destination=destination, birth_year=1990)

    report = exports.national_report(Scope(period=YEAR, today=TODAY, shelter_id=shelter.pk))

    # 12 is published as 10 (the nearest multiple of 5).
    assert report.stays.value == 10
    tables = {table.title: {row[0]: row[1] for row in table.rows} for table in report.tables}
    destinations = tables["Hvor beboeren flyttet"]
    # 10 and 2 → 10 and ":" (2 goes down to 0, so the table adds up to the published 10); the
    # empty categories look exactly like the 2: no one can tell which of them holds anybody.
    assert destinations[str(mapping.MUNICIPAL.label)].value == 10
    assert destinations[str(mapping.BACK_TO_PERPETRATOR.label)].value is None
    assert destinations[str(mapping.FAMILY.label)].value is None
    assert destinations["I alt"].value == 10
    # 8–14 days: 5 stays (10..14), 15–30: 7 (15..21) → 5 and 5, adding up to 10.
    lengths = tables["Botid i dager"]
    assert (lengths["8–14"].value, lengths["15–30"].value, lengths["I alt"].value) == (5, 5, 10)
    assert lengths["0–7"].value is None
    # Mean and median: (10 + … + 21) / 12 = 15.5; middle values 15 and 16.
    averages = tables["Botid, gjennomsnitt og median"]
    assert averages["Gjennomsnitt"].value == pytest.approx(15.5)
    assert averages["Median"].value == 15.5
    # Age 35 at arrival: all twelve in one group → 10.
    ages = tables["Alder ved ankomst"]
    assert ages["35–44"].value == 10
    assert ages["25–34"].value is None


def test_national_report_with_too_few_stays_shows_nothing(history, shelter):
    for number in range(7):
        history.stay(day(3, 1), departure=day(3, 10 + number))

    report = exports.national_report(Scope(period=YEAR, today=TODAY, shelter_id=shelter.pk))

    assert report.too_few
    assert report.stays.value is None
    assert report.tables == []
    text = exports.national_report_csv(report).decode("utf-8")
    assert "For få opphold i perioden til å vise tall." in text
    assert "7" not in text.split("\r\n", 3)[-1]  # no count anywhere after the heading rows


# --- The mapping table -----------------------------------------------------------------------------


def test_every_value_of_ours_has_a_national_category():
    assert set(mapping.DESTINATION) == set(Destination.values)
    assert set(mapping.PERMANENCE) == set(Permanence.values)
    assert set(mapping.WAIT_CAUSE) == {*WaitCause.values, ""}
    assert set(mapping.DESTINATION.values()) <= set(mapping.DESTINATION_ORDER)


def test_age_groups_cover_every_age():
    assert mapping.age_group(17) == "under 18"
    assert mapping.age_group(18) == "18–24"
    assert mapping.age_group(66) == "55–66"
    assert mapping.age_group(90) == "67+"


# --- Formula injection -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["=SUM(A1:A9)", "+47 22 00 00 00", "-2+3", "@cmd", "\t=1", "\r=1"])
def test_formula_like_text_is_defused(text):
    assert safe_cell(text) == "'" + text


def test_plain_values_are_left_alone():
    assert safe_cell("Oslo") == "Oslo"
    assert safe_cell(-3) == "-3"
    assert safe_cell(2.5) == "2,5"
    assert safe_cell(None) == ""
    assert safe_cell(True) == "ja"


def test_municipality_typed_as_a_formula_is_defused_in_the_csv(client_for, lene, history, settings):
    settings.KM_MIN_N = 1
    stay = history.stay(day(3, 1), departure=day(3, 20), destination="ny_kommunal")
    history.assess(stay, on=day(3, 2), municipality='=HYPERLINK("http://x","klikk")')
    history.track(stay, "kommunal_bolig", day(3, 2))

    url = reverse("reports:figure-csv", kwargs={"figure": "tid-til-bolig-kommune"})
    response = client_for(lene).get(url, YEAR_2025)

    assert response.status_code == 200
    cells = [cell for row in rows_of(response.content) for cell in row]
    assert not any(cell.startswith("=") for cell in cells)
    assert """'=HYPERLINK("http://x","klikk")""" in cells


# --- Figure CSVs ---------------------------------------------------------------------------------------


def test_figure_csv_has_the_tables_numbers(client_for, lene, history):
    for arrival, length in [(day(1, 10), 2), (day(3, 1), 5), (day(4, 1), 10), (day(5, 1), 30)]:
        history.stay(arrival, departure=plus(arrival, length))

    response = client_for(lene).get(reverse("reports:figure-csv", kwargs={"figure": "botid"}), YEAR_2025)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="boligplan-botid-20250101-20251231.csv"'
    rows = rows_of(response.content)
    assert ["Median, dager", "7,5"] in rows
    assert ["Gjennomsnitt, dager", "11,8"] in rows
    assert ["0–7", "2", "50,0 %"] in rows


def test_unknown_figure_is_404(client_for, lene):
    assert client_for(lene).get(reverse("reports:figure-csv", kwargs={"figure": "finnes-ikke"})).status_code == 404


def test_bad_period_on_a_download_shows_the_form(client_for, lene):
    url = reverse("reports:figure-csv", kwargs={"figure": "botid"})
    response = client_for(lene).get(url, {"fra": "2025-12-01", "til": "2025-01-01"})
    assert response.status_code == 400
    assert "Til-datoen må være samme dag som eller etter fra-datoen." in response.content.decode()


# --- National per-stay rows -------------------------------------------------------------------------


def test_national_rows_have_no_names_and_no_ids(client_for, lene, history):
    stays = fill_year(history, 12)

    response = client_for(lene).get(reverse("reports:national-rows"), YEAR_2025)

    assert response.status_code == 200
    content = response.content.decode("utf-8")
    rows = rows_of(response.content)
    assert rows[0] == exports.NATIONAL_ROW_COLUMNS
    assert any(s.departure_date is None for s in stays)  # those still here are not in the rows
    for stay in stays:
        assert stay.resident.display_name not in content
        assert str(stay.pk) not in content
        assert str(stay.resident.pk) not in content
        assert str(stay.resident.birth_year) not in content
    body = rows[1:]
    ended = [s for s in stays if s.departure_date is not None]
    assert len(body) == len(ended)
    references = {row[0] for row in body}
    assert references == {exports.stay_reference(s.pk) for s in ended}
    assert all(len(ref) == 20 for ref in references)


def test_national_row_content(client_for, lene, history):
    history.stay(day(2, 1), ready=day(2, 5), cause="kommunen", departure=day(2, 21), destination="ny_kommunal")

    rows = rows_of(client_for(lene).get(reverse("reports:national-rows"), YEAR_2025).content)

    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["ankomst_aar"] == "2025"
    assert row["botid_dager"] == "20"
    assert row["botid_gruppe"] == "15–30"
    assert row["aldersgruppe_ved_ankomst"] == "35–44"
    assert row["flyttet_til_kode"] == "KOMMUNAL_BOLIG"
    assert row["varig_midlertidig"] == "VARIG"
    assert row["tilbake_til_voldsutover"] == "nei"
    assert row["dager_fra_klar_til_utflytting"] == "16"
    assert row["venteaarsak"] == "KOMMUNEN"


def test_statistics_role_may_not_download_rows_about_stays(client_for, stian, history):
    fill_year(history, 3)
    before = AuditEvent.objects.count()

    response = client_for(stian).get(reverse("reports:national-rows"), YEAR_2025)

    assert response.status_code == 403
    assert AuditEvent.objects.count() == before
    # ...and is not offered the link.
    assert reverse("reports:national-rows") not in client_for(stian).get(reverse("reports:dashboard")).content.decode()


@pytest.mark.parametrize("username", ["kari", "berit"])
@pytest.mark.parametrize(
    "name", ["reports:national-rows", "reports:national-report-csv", "reports:national-report-pdf"]
)
def test_case_roles_without_statistics_get_403(request, client_for, username, name):
    user = request.getfixturevalue(username)
    assert client_for(user).get(reverse(name), YEAR_2025).status_code == 403


# --- The aggregated report --------------------------------------------------------------------------


def test_report_csv_marks_suppressed_cells(client_for, stian, history):
    fill_year(history, 12)

    response = client_for(stian).get(reverse("reports:national-report-csv"), YEAR_2025)

    assert response.status_code == 200
    rows = rows_of(response.content)
    flat = [cell for row in rows for cell in row]
    assert ":" in flat
    for row in rows:
        for cell in row[1:]:
            if cell.isdigit():
                assert int(cell) >= 5, row


def test_report_pdf(client_for, stian, history):
    fill_year(history, 12)

    response = client_for(stian).get(reverse("reports:national-report-pdf"), YEAR_2025)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Nasjonal krisesenterstatistikk" in text
    assert "Person 0" not in text


# --- Audit ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kwargs", "action"),
    [
        ("reports:figure-csv", {"figure": "botid"}, "export.figure_csv"),
        ("reports:national-rows", {}, "export.national_rows"),
        ("reports:national-report-csv", {}, "export.national_report_csv"),
        ("reports:national-report-pdf", {}, "export.national_report_pdf"),
    ],
)
def test_every_export_writes_one_audit_row(client_for, lene, shelter, history, name, kwargs, action):
    fill_year(history, 2)
    before = AuditEvent.objects.count()

    response = client_for(lene).get(reverse(name, kwargs=kwargs), YEAR_2025)

    assert response.status_code == 200
    assert AuditEvent.objects.count() == before + 1
    row = AuditEvent.objects.order_by("-pk").first()
    assert (row.action, row.actor, row.shelter_id) == (action, lene, shelter.pk)


def test_report_pdf_says_when_it_was_made_not_the_years_last_day(client_for, stian, history, today):
    fill_year(history, 12)

    response = client_for(stian).get(reverse("reports:national-report-pdf"), YEAR_2025)

    text = pdf_text(response.content)
    assert f"{today.day}." in text and str(today.year) in text
    assert "Laget 31. desember 2025" not in text
