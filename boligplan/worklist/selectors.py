"""The work queue (Oppgaver): every open step of the shelter's current residents on one page.

Nothing here decides what a step is. The steps come from the apps through core/steps.py (the
same source as "Hvem gjør hva" on the resident's page), and the few things the overview flags
itself (an assessment not done, NAV or the housing office not told, a child not told before the
move) come from the overview's own rows (reports/selectors.py). The queue only groups them by
when they are due and filters them. The whole page is a fixed number of queries, however many
residents there are.

The children's contact person sees only the items about the children she follows (ADR 0006).
"""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from boligplan.children import access as children_access
from boligplan.children.selectors import move_is_near, with_status
from boligplan.core.access import membership_for
from boligplan.core.roles import Capability
from boligplan.core.steps import open_steps_for_stays
from boligplan.housing.choices import ResponsibleParty
from boligplan.reports.selectors import APPEAL_REMINDER_DAYS, AssessmentStatus, overview_rows


class Group:
    OVERDUE = "forsinket"
    TODAY = "i-dag"
    WEEK = "denne-uken"
    LATER = "senere"


GROUPS = (
    (Group.OVERDUE, _lazy("Forsinket")),
    (Group.TODAY, _lazy("I dag")),
    (Group.WEEK, _lazy("Denne uken")),
    (Group.LATER, _lazy("Senere og uten frist")),
)


@dataclass(frozen=True)
class Item:
    title: str
    source: str
    party: str  # a ResponsibleParty value
    due: datetime.date | None
    url: str
    kind: str
    holder_id: int | None  # the staff member who holds it: the assignee, else the contact person
    holder_name: str
    stay: object = None  # the resident's stay (None for the children's contact person's items)
    child: object = None
    urgent: bool = False  # overdue whatever the date says (an alarm the overview shows in red)
    task_id: object = None
    version: int | None = None
    stay_url: str = ""  # the resident's page, at this item's row when it has one there
    done_url: str = ""  # where "Utført" posts, for a task

    @property
    def party_label(self) -> str:
        return ResponsibleParty(self.party).label if self.party in ResponsibleParty.values else ""


_SENTINEL = "00000000-0000-0000-0000-000000000000"


class _Links:
    """URLs by id at the cost of one reverse() each: a long queue has hundreds of links."""

    def __init__(self):
        self.stay = reverse("residents:stay-detail", args=[_SENTINEL])
        self.done = reverse("worklist:task-done", args=[_SENTINEL])

    def stay_page(self, stay, anchor: str = "") -> str:
        url = self.stay.replace(_SENTINEL, str(stay.pk))
        return f"{url}#{anchor}" if anchor else url

    def task_done(self, task_id) -> str:
        return self.done.replace(_SENTINEL, str(task_id)) if task_id else ""


def group_of(item: Item, today: datetime.date) -> str:
    if item.urgent or (item.due is not None and item.due < today):
        return Group.OVERDUE
    if item.due == today:
        return Group.TODAY
    end_of_week = today + datetime.timedelta(days=6 - today.weekday())
    if item.due is not None and item.due <= end_of_week:
        return Group.WEEK
    return Group.LATER


# The overview's warning lines the queue can be filtered to: {key: label}. A reminder's key is
# its kind (core/reminders.py); the overview's own flags have keys of their own.
WARNINGS = {
    "agency_alarm": _lazy("Ny bolig trengs, men Nav eller boligkontoret har ikke fått henvendelse"),
    "appeal": _lazy("Klagefrist på avslag innen en uke"),
    "children_uninformed": _lazy("Barn som ikke har fått vite hva som skjer før flyttingen"),
    "assessment_overdue": _lazy("Forsinkede boligkartlegginger"),
    "notification.follow_up": _lazy("Henvendelser uten svar som skal purres"),
    "measure.expiring": _lazy("Sikkerhetstiltak som går snart ut"),
    "measure.lapsed": _lazy("Sikkerhetstiltak som har gått ut"),
    "viewing.soon": _lazy("Visninger i dag eller i morgen"),
    "aftercare.plan_missing": _lazy("Flytter snart uten plan for tiden etter oppholdet"),
}


def matches_warning(key: str, item: Item, reminder_kinds: set, today: datetime.date) -> bool:
    """Whether `item` is one of the items behind the overview's warning line `key`.

    Each test is the overview's own rule for that line, so following a line shows what it counted.
    """
    due = item.due
    if key == "agency_alarm":
        return item.kind == "agency_alarm"
    if key == "appeal":
        return item.kind == "application.appeal" and due is not None and (due - today).days <= APPEAL_REMINDER_DAYS
    if key == "children_uninformed":
        return item.kind == "child.uninformed"
    if key == "assessment_overdue":
        return item.kind == "assessment" and due is not None and due < today
    if key not in reminder_kinds:
        return False
    if key == "notification.follow_up":
        return item.kind == "notification.answer" and due is not None and due <= today
    if key == "measure.expiring":
        return item.kind == "measure.renew" and due is not None and due >= today
    if key == "measure.lapsed":
        return item.kind == "measure.renew" and due is not None and due < today
    if key == "viewing.soon":
        return item.kind == "rental.viewing" and due is not None and 0 <= (due - today).days <= 1
    if key == "aftercare.plan_missing":
        return item.kind == "aftercare.plan_missing"
    # A kind without a rule of its own here: every item of the residents who have that reminder.
    return True


@dataclass(frozen=True)
class Filters:
    mine: bool = False
    staff_id: int | None = None
    party: str = ""
    stay_id: str = ""
    warning: str = ""


@dataclass
class Queue:
    groups: list = field(default_factory=list)  # [(key, label, [Item])]
    total: int = 0
    stays: list = field(default_factory=list)  # the current stays, for the resident filter
    children_only: bool = False


def _staff_name(user) -> str:
    return user.display_name if user else ""


def _case_items(user, *, today: datetime.date, links: _Links) -> tuple[list[Item], dict, list]:
    """Items of every current resident: (items, {stay_id: reminder kinds}, stays)."""
    rows = overview_rows(user, today=today)
    stays = [row.stay for row in rows]
    by_id = {stay.pk: stay for stay in stays}
    items: list[Item] = []
    for stay_id, steps in open_steps_for_stays(user, stays, today=today).items():
        stay = by_id[stay_id]
        for step in steps:
            holder_id = step.person_id or stay.contact_person_id
            holder_name = step.person or _staff_name(stay.contact_person)
            items.append(
                Item(
                    title=step.title,
                    source=step.source,
                    party=step.party,
                    due=step.due,
                    url=step.url,
                    kind=step.kind,
                    holder_id=holder_id,
                    holder_name=holder_name,
                    stay=stay,
                    task_id=step.task_id,
                    version=step.version,
                    stay_url=links.stay_page(stay, f"steg-{step.task_id}" if step.task_id else step.anchor),
                    done_url=links.task_done(step.task_id),
                )
            )
    for row in rows:
        stay = row.stay
        holder = {
            "holder_id": stay.contact_person_id,
            "holder_name": _staff_name(stay.contact_person),
            "stay": stay,
            "stay_url": links.stay_page(stay),
        }
        if row.assessment_status != AssessmentStatus.DONE:
            items.append(
                Item(
                    title=_("Gjør boligkartleggingen"),
                    source=_("Boligkartlegging"),
                    party=ResponsibleParty.SHELTER,
                    due=row.assessment_due_on,
                    url=reverse("housing:assessment-edit", args=[stay.pk]),
                    kind="assessment",
                    **holder,
                )
            )
        if row.agency_alarm:
            agencies = ((row.nav_told, _("Nav")), (row.housing_office_told, _("boligkontoret")))
            missing = [name for told, name in agencies if not told]
            agency = "nav" if not row.nav_told else "boligkontor"
            items.append(
                Item(
                    title=_("Send henvendelse til %s om at ny bolig trengs") % _(" og ").join(missing),
                    source=_("Varsling"),
                    party=ResponsibleParty.SHELTER,
                    due=None,
                    url=reverse("housing:notification-create", args=[stay.pk]) + f"?til={agency}",
                    kind="agency_alarm",
                    urgent=True,
                    **holder,
                )
            )
    reminder_kinds = {row.stay.pk: {reminder.kind for reminder in row.reminders} for row in rows}
    return items, reminder_kinds, stays


def _child_items(user, *, links: _Links, stays=None) -> list[Item]:
    """What the guide asks for each child on a current stay: asked about their wishes, told before the move."""
    children = (
        with_status(children_access.children_visible_to(user))
        .filter(stay__departure_date__isnull=True)
        .select_related("stay", "stay__resident", "stay__contact_person", "contact_person")
    )
    items = []
    for child in children:
        stay = child.stay
        holder = child.contact_person or stay.contact_person
        common = {
            "source": _("Barn"),
            "party": ResponsibleParty.SHELTER,
            "url": reverse("children:child-detail", args=[child.pk]),
            "holder_id": holder.pk,
            "holder_name": _staff_name(holder),
            "stay": stay if stays is not None else None,
            "stay_url": links.stay_page(stay, "s-barn") if stays is not None else "",
            "child": child,
        }
        if not child.has_been_asked:
            items.append(Item(title=_("Spør barnet om egne ønsker"), due=None, kind="child.not_asked", **common))
        if move_is_near(stay) and not child.informed_before_move:
            items.append(
                Item(
                    title=_("Fortell barnet hva som skjer før flyttingen"),
                    due=stay.planned_departure_date,
                    kind="child.uninformed",
                    urgent=stay.planned_departure_date is None,
                    **common,
                )
            )
    return items


def _sort_key(item: Item, today):
    return (item.due is None, item.due or today, item.title)


@dataclass(frozen=True)
class Collected:
    items: list
    reminder_kinds: dict  # {stay_id: {reminder kind, ...}}
    stays: list  # the current stays (for the resident filter); empty for the children's contact person
    children_only: bool


def collect(user, *, today: datetime.date) -> Collected:
    """Every item the caller may see in the queue, before filtering (a fixed number of queries)."""
    membership = membership_for(user)
    links = _Links()
    if not (membership and membership.can(Capability.VIEW_CASES)):
        return Collected(_child_items(user, links=links), {}, [], children_only=True)
    items, reminder_kinds, stays = _case_items(user, today=today, links=links)
    return Collected(items + _child_items(user, links=links, stays=stays), reminder_kinds, stays, children_only=False)


def arrange(collected: Collected, *, user, today: datetime.date, filters: Filters) -> Queue:
    """The items that pass the filters, grouped by when they are due, soonest first."""
    chosen = [item for item in collected.items if _kept(item, filters, user, collected.reminder_kinds, today)]
    buckets: dict[str, list[Item]] = {key: [] for key, _label in GROUPS}
    for item in chosen:
        buckets[group_of(item, today)].append(item)
    groups = [(key, label, sorted(buckets[key], key=lambda i: _sort_key(i, today))) for key, label in GROUPS]
    return Queue(groups=groups, total=len(chosen), stays=collected.stays, children_only=collected.children_only)


def _kept(item: Item, filters: Filters, user, reminder_kinds: dict, today) -> bool:
    if filters.mine and item.holder_id != user.pk:
        return False
    if filters.staff_id is not None and item.holder_id != filters.staff_id:
        return False
    if filters.party and item.party != filters.party:
        return False
    if filters.stay_id and (item.stay is None or str(item.stay.pk) != filters.stay_id):
        return False
    if filters.warning:
        kinds = reminder_kinds.get(item.stay.pk, set()) if item.stay is not None else set()
        if not matches_warning(filters.warning, item, kinds, today):
            return False
    return True
