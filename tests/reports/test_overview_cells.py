"""The overview's cells (reports/overview_cells.py): the labels the template used to work out per row,
now built once per build of the rows. The overview pages themselves are tested in test_overview.py."""

import datetime

import pytest
from django.core.cache import caches
from django.utils import translation
from django.utils.translation import gettext

from boligplan.core import crypto
from boligplan.core.dataversion import CACHE_ALIAS
from boligplan.core.reminders import Reminder
from boligplan.housing.choices import Direction, ResponsibleParty
from boligplan.reports.overview_cells import DANGER, MUTED, OK, PLAIN, CellMaker
from boligplan.reports.selectors import AssessmentStatus, OverviewRow
from boligplan.residents import addresses

from .test_overview import overview_html

TODAY = datetime.date(2026, 12, 3)


def row(**changes) -> OverviewRow:
    """A row as the selector makes it, before its cells; `changes` set what a test is about."""
    values = {
        "stay": None,
        "days_since_arrival": 5,
        "assessment_status": AssessmentStatus.DUE,
        "assessment_due_on": TODAY + datetime.timedelta(days=2),
        "direction": Direction.UNDECIDED.value,
        "needs_new_home": False,
        "nav_told": False,
        "housing_office_told": False,
        "next_task_title": None,
        "next_task_due": None,
        "next_task_party": None,
        "children_uninformed": False,
        "appeal_deadline": None,
        "today": TODAY,
        "contact_name": "Kari Kontakt",
    }
    return OverviewRow(**{**values, **changes})


@pytest.fixture(autouse=True)
def bokmaal():
    with translation.override("nb"):
        yield


def test_assessment_cell_by_status():
    maker = CellMaker()
    done = maker.cells(row(assessment_status=AssessmentStatus.DONE))
    late = maker.cells(row(assessment_status=AssessmentStatus.OVERDUE, assessment_due_on=datetime.date(2026, 12, 1)))
    due = maker.cells(row())

    assert (done.assessment.text, done.assessment.css, done.assessment_note) == ("✓ Utført", OK, "")
    assert (late.assessment.text, late.assessment.css) == ("! Forsinket", DANGER)
    assert late.assessment_note == "(frist 1. des.)"
    assert (due.assessment.text, due.assessment.css, due.assessment_note) == ("Frist 5. des.", PLAIN, "")


@pytest.mark.parametrize(
    ("nav_told", "office_told", "expected"),
    [
        (False, False, "! Mangler henvendelse: Nav, boligkontor"),
        (True, False, "! Mangler henvendelse: boligkontor"),
        (False, True, "! Mangler henvendelse: Nav"),
    ],
)
def test_agency_alarm_names_who_has_not_been_told(nav_told, office_told, expected):
    cells = CellMaker().cells(row(needs_new_home=True, nav_told=nav_told, housing_office_told=office_told))
    assert (cells.agency.text, cells.agency.css) == (expected, DANGER)


def test_agency_cell_without_an_alarm():
    maker = CellMaker()
    both = maker.cells(row(needs_new_home=True, nav_told=True, housing_office_told=True))
    no_need = maker.cells(row())
    assert (both.agency.text, both.agency.css) == ("✓ Begge har fått henvendelse", OK)
    assert (no_need.agency.text, no_need.agency.css) == ("–", MUTED)


def test_next_task_cell():
    maker = CellMaker()
    police, police_value = str(ResponsibleParty.POLICE.label), ResponsibleParty.POLICE.value
    late = maker.cells(
        row(next_task_title="Søk", next_task_due=TODAY - datetime.timedelta(days=1), next_task_party=police_value)
    )
    later = maker.cells(row(next_task_title="Søk", next_task_due=TODAY, next_task_party=police_value))
    undated = maker.cells(row(next_task_title="Søk", next_task_party=police_value))
    none = maker.cells(row())

    assert (late.task.text, late.task.css) == (f"! Frist 2. des. · {police}", DANGER)
    assert (later.task.text, later.task.css) == (f"Frist 3. des. · {police}", MUTED)  # due today is not late
    assert (undated.task.text, undated.task.css) == (police, MUTED)
    assert (none.task.text, none.task.css) == ("Ingen åpne oppgaver", MUTED)


def test_notes_in_order_and_danger_marked_with_a_sign_not_colour_alone():
    reminders = (Reminder(kind="a", text="Purr Nav"), Reminder(kind="b", text="Visning i morgen", danger=False))
    cells = CellMaker().cells(
        row(appeal_deadline=TODAY + datetime.timedelta(days=3), reminders=reminders, children_uninformed=True)
    )
    assert [(note.text, note.css) for note in cells.notes] == [
        ("! Klagefrist på avslag 6. des.", DANGER),
        ("! Purr Nav", DANGER),
        ("Visning i morgen", MUTED),
        ("! Barn ikke informert før flytting", DANGER),
    ]


def test_every_danger_text_starts_with_the_warning_sign():
    maker = CellMaker()
    cells = maker.cells(
        row(
            assessment_status=AssessmentStatus.OVERDUE,
            needs_new_home=True,
            next_task_title="Søk",
            next_task_due=TODAY - datetime.timedelta(days=9),
            next_task_party=ResponsibleParty.POLICE.value,
            appeal_deadline=TODAY,
            reminders=(Reminder(kind="a", text="Tiltak gikk ut"),),
            children_uninformed=True,
        )
    )
    marks = [cells.assessment, cells.agency, cells.task, *cells.notes]
    assert all(mark.text.startswith("! ") for mark in marks if mark.css == DANGER)
    assert len([mark for mark in marks if mark.css == DANGER]) == 6


def test_labels_are_in_the_language_the_rows_are_built_in():
    with translation.override("nn"):
        cells = CellMaker().cells(row(assessment_status=AssessmentStatus.OVERDUE, direction=Direction.NEW_HOME.value))
        expected_late, expected_home = gettext("Forsinket"), str(Direction.NEW_HOME.label)
    assert expected_late != "Forsinket"  # the catalogue has a Nynorsk word here, or this test proves nothing
    assert cells.assessment.text == f"! {expected_late}"
    assert cells.direction == expected_home


def test_the_overview_never_decrypts_a_new_homes_address(client_for, kari, make_stay, monkeypatch):
    """Only what is shown is decrypted: a future address stays ciphertext while the overview is built."""
    secret = "Løvstien 4, 9990 Fjernvik"
    stay = make_stay(display_name="Ada Adresse")
    addresses.stay_set_new_home_address(actor=kari, stay=stay, address=secret)
    decrypted = []
    real_decrypt = crypto.decrypt
    monkeypatch.setattr(crypto, "decrypt", lambda value: decrypted.append(real_decrypt(value)) or decrypted[-1])
    caches[CACHE_ALIAS].clear()  # the rows are built now, not taken from an earlier page

    html = overview_html(client_for(kari))

    assert "Ada Adresse" in decrypted and "Ada Adresse" in html  # the name is decrypted and shown...
    assert secret not in decrypted  # ...the address is never decrypted
