"""The overview (Oversikt): every current resident of the caller's shelter on one page.

A fixed number of SQL queries for the whole list, whatever its length: the assessment and the
agency notifications are joined or computed as subqueries in the database, the next open task
is found once per row (its id) and read for all rows in one more query, and the shelter is read
once, not joined to every row. Labels and links are made here, not in the template.

The rows are cached per shelter under the shelter's data version (core/dataversion.py): the
overview and the work queue, which both start from them, build them once per change.
"""

import datetime
from dataclasses import dataclass, replace

from django.contrib.auth import get_user_model
from django.db.models import Exists, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from boligplan.children.choices import MovePhase
from boligplan.children.models import Child, ChildInformation
from boligplan.children.selectors import move_is_near
from boligplan.core.access import membership_for
from boligplan.core.dataversion import cached
from boligplan.core.models import Shelter
from boligplan.core.reminders import Reminder, reminders_for
from boligplan.housing import rules as housing_rules
from boligplan.housing.choices import Agency, ApplicationStatus, Direction
from boligplan.housing.models import Application, Notification, Task, needs_new_home_q
from boligplan.residents.access import stays_for_statistics, stays_visible_to
from boligplan.residents.models import Stay

from .overview_cells import CellMaker, RowCells

# Remind about an appeal deadline this many days before it passes.
APPEAL_REMINDER_DAYS = 7


class AssessmentStatus:
    DONE = "done"
    DUE = "due"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class OverviewRow:
    stay: object
    days_since_arrival: int
    assessment_status: str
    assessment_due_on: datetime.date
    direction: str
    needs_new_home: bool
    nav_told: bool
    housing_office_told: bool
    next_task_title: str | None
    next_task_due: datetime.date | None
    next_task_party: str | None
    children_uninformed: bool
    appeal_deadline: datetime.date | None  # the nearest appeal deadline not yet passed
    today: datetime.date
    reminders: tuple[Reminder, ...] = ()  # from the other apps (core/reminders.py)
    url: str = ""  # the resident's page
    resident_name: str = ""  # a plain field: the template's three-step lookup through the stay cost 30 µs a row
    contact_name: str = ""
    next_task_party_label: str = ""
    cells: RowCells | None = None  # the row's labels, translated (overview_cells.py)

    @property
    def appeal_reminder(self) -> bool:
        """A refusal's appeal deadline is within a week."""
        return self.appeal_deadline is not None and (self.appeal_deadline - self.today).days <= APPEAL_REMINDER_DAYS

    @property
    def agency_alarm(self) -> bool:
        told = {
            agency
            for agency, yes in ((Agency.NAV, self.nav_told), (Agency.HOUSING_OFFICE, self.housing_office_told))
            if yes
        }
        return housing_rules.agency_alarm(needs_new_home=self.needs_new_home, told=told)

    @property
    def next_task_overdue(self) -> bool:
        return self.next_task_due is not None and self.next_task_due < self.today


def _told(agency: str):
    return Exists(Notification.objects.filter(stay=OuterRef("pk"), agency=agency))


def overview_rows(user, *, today: datetime.date) -> list[OverviewRow]:
    """Every current stay of the caller's shelter (cached until the shelter's data moves)."""
    stays = stays_visible_to(user)  # checks the capability before anything is read or cached
    shelter_id = membership_for(user).shelter_id
    return cached(shelter_id, "overview-rows", lambda: _rows_from(stays.current(), today=today), vary=[today])


def overview_rows_for(stays, *, today: datetime.date) -> list[OverviewRow]:
    """The overview's rows for some of the current stays (a search's matches), in the same queries."""
    return _rows_from(stays, today=today)


def _rows_from(stays, *, today: datetime.date) -> list[OverviewRow]:
    next_open = Task.objects.filter(stay=OuterRef("pk"), done_on__isnull=True).order_by(
        F("due_date").asc(nulls_last=True), "created_at"
    )
    queryset = (
        stays.select_related("resident")
        .annotate(
            assessed_on=F("assessment__completed_on"),
            chosen_direction=Coalesce(F("assessment__direction"), Value(Direction.UNDECIDED.value)),
            needs_new_home=needs_new_home_q("assessment__"),
            nav_told=_told(Agency.NAV),
            housing_office_told=_told(Agency.HOUSING_OFFICE),
            next_task_id=Subquery(next_open.values("pk")[:1]),
            refusal_decided_on=Subquery(
                Application.objects.filter(
                    stay=OuterRef("pk"),
                    status=ApplicationStatus.REFUSED,
                    decision_on__gte=today - datetime.timedelta(weeks=Application.APPEAL_WEEKS),
                )
                .order_by("decision_on")
                .values("decision_on")[:1]
            ),
            child_without_before_information=Exists(
                Child.objects.filter(stay=OuterRef("pk")).exclude(
                    Exists(ChildInformation.objects.filter(child=OuterRef("pk"), phase=MovePhase.BEFORE))
                )
            ),
        )
        .order_by("arrival_date", "created_at")
    )
    # The new home's address is never decrypted for the overview: it is not shown here.
    stays_found = list(queryset.defer("new_home_address"))
    reminders = reminders_for(stays, today=today) if stays_found else {}
    # The next task's shown fields only (its notes stay encrypted), one query for every row.
    next_tasks = {
        pk: (title, due, party)
        for pk, title, due, party in Task.objects.filter(
            pk__in=[stay.next_task_id for stay in stays_found if stay.next_task_id is not None]
        ).values_list("pk", "title", "due_date", "responsible_party")
    }
    # A shelter has a handful of staff: each contact person and the shelter are read once and
    # shared by their rows, instead of one joined copy per row.
    contacts = get_user_model().objects.in_bulk({stay.contact_person_id for stay in stays_found} - {None})
    shelters = Shelter.objects.in_bulk({stay.shelter_id for stay in stays_found})
    stay_url = _stay_url_maker()
    cell_maker = CellMaker()
    rows = []
    for stay in stays_found:
        Stay.shelter.field.set_cached_value(stay, shelters[stay.shelter_id])
        contact = contacts.get(stay.contact_person_id)
        Stay.contact_person.field.set_cached_value(stay, contact)
        title, task_due, party = next_tasks.get(stay.next_task_id, (None, None, None))
        if stay.assessed_on is not None:
            status = AssessmentStatus.DONE
        elif stay.assessment_overdue(completed=False, today=today):
            status = AssessmentStatus.OVERDUE
        else:
            status = AssessmentStatus.DUE
        row = OverviewRow(
            stay=stay,
            days_since_arrival=(today - stay.arrival_date).days,
            assessment_status=status,
            assessment_due_on=stay.assessment_due_on,
            direction=stay.chosen_direction,
            needs_new_home=bool(stay.needs_new_home),
            nav_told=stay.nav_told,
            housing_office_told=stay.housing_office_told,
            next_task_title=title,
            next_task_due=task_due,
            next_task_party=party,
            next_task_party_label=cell_maker.party_label(party),
            # The move is planned or near, and a child has not been told what happens before it.
            children_uninformed=move_is_near(stay) and stay.child_without_before_information,
            appeal_deadline=(
                stay.refusal_decided_on + datetime.timedelta(weeks=Application.APPEAL_WEEKS)
                if stay.refusal_decided_on
                else None
            ),
            today=today,
            reminders=tuple(reminders.get(stay.pk, ())),
            url=stay_url(stay.pk),
            resident_name=stay.resident.display_name,
            contact_name=contact.display_name if contact else "",
        )
        rows.append(replace(row, cells=cell_maker.cells(row)))
    return rows


def _stay_url_maker():
    """stay id -> the resident page's URL, resolved once rather than once per row."""
    marker = "00000000-0000-0000-0000-000000000000"
    pattern = reverse("residents:stay-detail", kwargs={"stay_id": marker})
    before, after = pattern.split(marker)
    return lambda stay_id: f"{before}{stay_id}{after}"


def overview_counts(user, *, today: datetime.date) -> dict[str, int]:
    """Counts for roles that see aggregates only. Built from the same rows, never shown per person."""
    stays = stays_for_statistics(user)
    shelter_id = membership_for(user).shelter_id
    rows = cached(shelter_id, "overview-rows", lambda: _rows_from(stays.current(), today=today), vary=[today])
    return {
        "current": len(rows),
        "overdue": sum(1 for row in rows if row.assessment_status == AssessmentStatus.OVERDUE),
        "alarms": sum(1 for row in rows if row.agency_alarm),
        "children_uninformed": sum(1 for row in rows if row.children_uninformed),
        "ended_this_year": stays.filter(departure_date__year=today.year).count(),
    }
