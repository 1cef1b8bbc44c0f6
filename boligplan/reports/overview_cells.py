"""What each cell of an overview row says, and how it is marked, worked out when the rows are built.

The overview's rows are built once per change of the shelter's data and cached (selectors.py),
but the template used to decide every label again for every row on every render: five
`{% translate %}` tags, three date filters and a chain of `{% if %}` per resident. At 200
residents that was half of the page's cost. Here the labels are translated once per build, each
date is formatted once, and the template only prints text and a CSS class.

Labels carry the language of the build; the rows' cache key holds the language (core/dataversion).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from boligplan.housing.choices import Direction, ResponsibleParty

# The CSS class for each tone a cell can have (static/css: app-status, app-muted).
OK = "app-status app-status--ok"
DANGER = "app-status app-status--danger"
PLAIN = "app-status"
MUTED = "app-muted"


@dataclass(frozen=True)
class Mark:
    """A piece of text and the class it is shown with. Danger text starts with "!" so the warning
    does not rest on colour alone."""

    text: str
    css: str


@dataclass(frozen=True)
class RowCells:
    contact_line: str  # "Kontaktperson: Kari"
    assessment: Mark  # done, overdue or due
    assessment_note: str  # the missed due date, when overdue
    direction: str
    agency: Mark  # what Nav and the housing office have been told
    task: Mark  # the next task's due date and party, or "no open tasks"
    notes: tuple[Mark, ...]  # the appeal deadline, the other apps' reminders, children not told


class CellMaker:
    """Builds every row's cells for one build of the overview, in the language active now."""

    def __init__(self) -> None:
        self._dates: dict[datetime.date, str] = {}
        self._contact = _("Kontaktperson")
        self._due = _("Frist")
        self._done = Mark("✓ " + _("Utført"), OK)
        self._late = Mark("! " + _("Forsinket"), DANGER)
        self._late_note = _("frist")
        self._directions = {value: str(label) for value, label in Direction.choices}
        self._missing = _("Mangler henvendelse")
        self._housing_office = _("boligkontor")
        self._both_told = Mark("✓ " + _("Begge har fått henvendelse"), OK)
        self._no_need = Mark("–", MUTED)
        self._no_task = Mark(_("Ingen åpne oppgaver"), MUTED)
        self._parties = {value: str(label) for value, label in ResponsibleParty.choices}
        self._appeal = _("Klagefrist på avslag")
        self._children = Mark("! " + _("Barn ikke informert før flytting"), DANGER)

    def party_label(self, party: str | None) -> str:
        return self._parties.get(party, "") if party else ""

    def _date(self, day: datetime.date) -> str:
        # Many rows share a date (arrivals in the same week); format each one once.
        text = self._dates.get(day)
        if text is None:
            text = self._dates[day] = date_format(day, "SHORT_MONTH_DAY_FORMAT")
        return text

    def cells(self, row) -> RowCells:
        """`row` is a reports.selectors.OverviewRow without cells."""
        from .selectors import AssessmentStatus

        if row.assessment_status == AssessmentStatus.DONE:
            assessment, note = self._done, ""
        elif row.assessment_status == AssessmentStatus.OVERDUE:
            assessment, note = self._late, f"({self._late_note} {self._date(row.assessment_due_on)})"
        else:
            assessment, note = Mark(f"{self._due} {self._date(row.assessment_due_on)}", PLAIN), ""
        return RowCells(
            contact_line=f"{self._contact}: {row.contact_name}",
            assessment=assessment,
            assessment_note=note,
            direction=self._directions.get(row.direction, self._directions[Direction.UNDECIDED]),
            agency=self._agency(row),
            task=self._task(row),
            notes=self._notes(row),
        )

    def _agency(self, row) -> Mark:
        if row.agency_alarm:
            agencies = ((row.nav_told, "Nav"), (row.housing_office_told, self._housing_office))
            missing = [name for told, name in agencies if not told]
            return Mark(f"! {self._missing}: {', '.join(missing)}", DANGER)
        return self._both_told if row.needs_new_home else self._no_need

    def _task(self, row) -> Mark:
        if not row.next_task_title:
            return self._no_task
        party = self.party_label(row.next_task_party)
        if row.next_task_due is None:
            return Mark(party, MUTED)
        overdue = row.next_task_overdue
        text = f"{'! ' if overdue else ''}{self._due} {self._date(row.next_task_due)} · {party}"
        return Mark(text, DANGER if overdue else MUTED)

    def _notes(self, row) -> tuple[Mark, ...]:
        notes = []
        if row.appeal_reminder:
            notes.append(Mark(f"! {self._appeal} {self._date(row.appeal_deadline)}", DANGER))
        for reminder in row.reminders:
            if reminder.danger:
                notes.append(Mark(f"! {reminder.text}", DANGER))
            else:
                notes.append(Mark(reminder.text, MUTED))
        if row.children_uninformed:
            notes.append(self._children)
        return tuple(notes)
