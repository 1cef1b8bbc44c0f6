"""The shipped municipality reference data: counts, numbers, old numbers, and an honest loader."""

import datetime
import shutil

import pytest
from django.core.management import call_command

from boligplan.agencies import reference
from boligplan.agencies.models import Agency, County, Municipality, MunicipalityNumberHistory
from boligplan.agencies.reference import ReferenceDataError, ensure_loaded, load_current_models
from boligplan.agencies.selectors import lookup_municipality_number, municipality_for_number
from boligplan.core.management.commands.load_demo import DEMO_SHELTER
from boligplan.core.models import Shelter

COUNTIES_2024 = {
    "03": "Oslo",
    "11": "Rogaland",
    "15": "Møre og Romsdal",
    "18": "Nordland",
    "31": "Østfold",
    "32": "Akershus",
    "33": "Buskerud",
    "34": "Innlandet",
    "39": "Vestfold",
    "40": "Telemark",
    "42": "Agder",
    "46": "Vestland",
    "50": "Trøndelag",
    "55": "Troms",
    "56": "Finnmark",
}


@pytest.fixture(autouse=True)
def reference_data(db):
    ensure_loaded()


def current():
    return Municipality.objects.filter(valid_to__isnull=True)


def test_357_municipalities_in_15_counties():
    assert current().count() == 357 == reference.EXPECTED_MUNICIPALITIES
    counties = dict(County.objects.filter(valid_to__isnull=True).values_list("number", "name"))
    assert counties == COUNTIES_2024
    assert set(current().values_list("county__number", flat=True)) == set(COUNTIES_2024)


def test_every_number_is_four_digits_led_by_its_county():
    for number, county in current().values_list("number", "county__number"):
        assert len(number) == 4 and number.isdigit() and number[:2] == county
    assert current().values("number").distinct().count() == 357


def test_some_well_known_numbers():
    expected = {
        "0301": "Oslo",
        "1103": "Stavanger",
        "3301": "Drammen",
        "3201": "Bærum",
        "4601": "Bergen",
        "5001": "Trondheim",
        "5501": "Tromsø",
        "5601": "Alta",
        "1580": "Haram",
        "1508": "Ålesund",
    }
    for number, name in expected.items():
        assert municipality_for_number(number).name == name


def test_old_numbers_resolve_to_todays_municipality():
    assert municipality_for_number("3005").number == "3301"  # Drammen, Viken 2020–2023
    assert municipality_for_number("0602").number == "3301"  # Drammen, Buskerud before 2020
    assert municipality_for_number("3024").name == "Bærum"
    assert municipality_for_number("3811").name == "Færder"
    assert municipality_for_number("5412").number == "5512"  # Tjeldsund
    assert municipality_for_number("5444").name == "Sør-Varanger"
    assert municipality_for_number("5030").name == "Trondheim"  # Klæbu, merged in 2020
    assert municipality_for_number("301").number == "0301"  # a lost leading zero
    assert municipality_for_number("9999") is None
    assert municipality_for_number("abcd") is None
    assert municipality_for_number("") is None


def test_a_split_municipality_names_its_main_successor_and_the_other_part():
    found = lookup_municipality_number("1507")
    assert found.municipality.number == "1508"
    assert [m.number for m in found.also_possible] == ["1580"]
    assert found.earlier.valid_from == datetime.date(2020, 1, 1)
    assert found.earlier.valid_to == datetime.date(2023, 12, 31)


def test_validity_dates():
    assert Municipality.objects.get(number="1580").valid_from == datetime.date(2024, 1, 1)
    assert Municipality.objects.get(number="3301").valid_from == datetime.date(2024, 1, 1)
    assert Municipality.objects.get(number="0301").valid_from is None  # in use before 2020
    assert Municipality.objects.get(number="4601").valid_from == datetime.date(2020, 1, 1)
    viken = County.objects.get(number="30")
    assert (viken.name, viken.valid_to) == ("Viken", datetime.date(2023, 12, 31))


def test_every_number_of_the_split_counties_leads_into_a_successor_county():
    successors = {"30": {"31", "32", "33"}, "38": {"39", "40"}, "54": {"55", "56"}}
    rows = MunicipalityNumberHistory.objects.filter(valid_to=datetime.date(2023, 12, 31)).select_related(
        "municipality__county"
    )
    by_old_county: dict[str, int] = {}
    for row in rows:
        old_county = row.old_number[:2]
        if old_county in successors:
            assert row.municipality.county.number in successors[old_county]
            by_old_county[old_county] = by_old_county.get(old_county, 0) + 1
    # Viken had 51 municipalities, Vestfold og Telemark 23, Troms og Finnmark 39 (2020–2023).
    assert by_old_county == {"30": 51, "38": 23, "54": 39}


def test_no_old_number_is_also_a_number_in_use():
    in_use = set(current().values_list("number", flat=True))
    assert not in_use & set(MunicipalityNumberHistory.objects.values_list("old_number", flat=True))


def test_loading_again_changes_nothing():
    counts = (County.objects.count(), Municipality.objects.count(), MunicipalityNumberHistory.objects.count())
    report = load_current_models()
    assert (report.created, report.updated, report.removed) == (0, 0, 0)
    assert counts == (County.objects.count(), Municipality.objects.count(), MunicipalityNumberHistory.objects.count())
    assert Agency.objects.filter(shelter__isnull=True).count() == report.national_agencies == 3


def test_the_command_reports_and_is_idempotent(capsys):
    call_command("load_municipalities")
    call_command("load_municipalities")
    out = capsys.readouterr().out
    assert "357 municipalities" in out and "0 created, 0 updated, 0 removed" in out


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    for path in reference.DATA_DIR.glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    monkeypatch.setattr(reference, "DATA_DIR", tmp_path)
    return tmp_path


def test_a_file_with_a_missing_municipality_is_refused(data_copy):
    path = data_copy / "municipalities.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="356 municipalities, expected 357"):
        load_current_models()


def test_a_history_row_pointing_nowhere_is_refused(data_copy):
    path = data_copy / "number_history.csv"
    path.write_text(path.read_text(encoding="utf-8") + "3099,Ukjent,,2023-12-31,0000,1\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="bad row"):
        load_current_models()


def test_a_municipality_in_the_wrong_county_is_refused(data_copy):
    path = data_copy / "municipalities.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("3301,Drammen,33", "3301,Drammen,32"), encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="3301"):
        load_current_models()


def test_national_services_carry_public_contact_details():
    rosa = Agency.objects.get(national_key="rosa")
    assert rosa.shelter is None and rosa.kind == "rosa" and rosa.phone == "22 33 11 60"
    team = Agency.objects.get(national_key="kompetanseteamet")
    assert team.email == "kompetanseteamet@bufdir.no"


def test_demo_agencies_are_fictional_and_loaded_once(capsys):
    shelter = Shelter.objects.create(name=DEMO_SHELTER)
    call_command("load_demo_agencies")
    call_command("load_demo_agencies")
    agencies = Agency.objects.filter(shelter=shelter)
    assert agencies.count() == 7
    assert all(a.phone.startswith("999 99 9") for a in agencies)
    assert all(a.email.endswith("@example.invalid") for a in agencies if a.email)
    assert shelter.partner_municipalities.count() == 4


def test_demo_agencies_need_the_demo_shelter():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="load_demo"):
        call_command("load_demo_agencies")
