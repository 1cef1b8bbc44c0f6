"""Letters carry the exemption line and are written in the receiving municipality's written standard."""

import csv

import pytest

from boligplan.agencies.reference import DATA_DIR
from boligplan.housing import services as housing
from boligplan.housing.letters import (
    BOKMAL,
    EXEMPTION,
    NYNORSK,
    build_letter,
    letter_html,
    letter_pdf,
    written_standard_for,
)
from tests.pdf import pdf_text


def notify(stay, actor, today, **values):
    defaults = {
        "agency": "nav",
        "sent_on": today,
        "channel": "brev",
        "request": "Hjelp til å finne en kommunal bolig.",
        "consent_given": True,
        "consent_on": today,
        "municipality": "Drammen",
        "letter_to": "",
    }
    return housing.notification_record(actor=actor, stay=stay, values=defaults | values)


def letter_for(notification):
    return build_letter(notification, children_birth_years=[], assessment=None)


def test_every_letter_is_marked_exempt_from_public_access(stay, kari, today):
    text = pdf_text(letter_pdf(letter_for(notify(stay, kari, today))))

    assert "Unntatt offentlighet, jf. offentleglova § 13 og krisesenterlova § 5" in text


def test_a_municipality_without_a_nynorsk_decision_gets_bokmal_and_nav_is_written_nav(stay, kari, today):
    letter = letter_for(notify(stay, kari, today, municipality="Drammen"))
    html = letter_html(letter)

    assert letter.written_standard == BOKMAL
    assert letter.recipient == "Nav Drammen"
    assert 'lang="nb"' in html and "Gjelder: behov for bolig" in html


@pytest.mark.parametrize("municipality", ["Volda", "volda ", "Voss"])
def test_a_nynorsk_municipality_gets_a_nynorsk_letter(stay, kari, today, municipality):
    letter = letter_for(notify(stay, kari, today, municipality=municipality, agency="boligkontor"))
    text = pdf_text(letter_pdf(letter))

    assert letter.written_standard == NYNORSK
    assert EXEMPTION[NYNORSK] in text
    assert "Gjeld: behov for bustad" in text
    assert f"Til: Bustadkontoret i {municipality.strip()} kommune" in text
    assert "1 vaksen, ingen barn" in text
    assert "Med venleg helsing" in text
    assert "Gjelder: behov for bolig" not in text


def test_the_nynorsk_letter_keeps_the_privacy_rules(stay, kari, today):
    stay.resident.address_protection = "STRENGT_FORTROLIG"
    stay.resident.save()
    letter = letter_for(notify(stay, kari, today, municipality="Volda"))
    text = pdf_text(letter_pdf(letter))

    assert "strengt fortruleg adresse" in text and "SOT6, Postboks 2094 Vika, 0125 Oslo" in text


def test_unknown_and_empty_municipalities_default_to_bokmal():
    assert written_standard_for("Finnesikkje") == BOKMAL
    assert written_standard_for("") == BOKMAL


def test_the_written_standard_file_names_real_municipalities():
    with (DATA_DIR / "municipalities.csv").open(encoding="utf-8") as fh:
        names = {row["number"]: row["name"] for row in csv.DictReader(fh)}
    with (DATA_DIR / "written_standard.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    for row in rows:
        assert names.get(row["number"]) == row["name"], row
        assert row["written_standard"] in (BOKMAL, NYNORSK)
        assert row["confirmed"] in ("0", "1") and row["source"].strip()
