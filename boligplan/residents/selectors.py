"""Read models for resident pages. Each builds its page with a fixed number of queries."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Window
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from boligplan.aftercare import selectors as aftercare_selectors
from boligplan.children import access as children_access
from boligplan.children.selectors import move_is_near, with_status
from boligplan.core.access import require_capability
from boligplan.core.roles import Capability
from boligplan.core.steps import open_steps_for
from boligplan.housing import access as housing_access
from boligplan.housing.choices import Agency, Direction
from boligplan.rental import selectors as rental_selectors
from boligplan.reports.time_to_home import time_to_home_hint
from boligplan.safety import selectors as safety_selectors

from . import access
from .addresses import address_view
from .models import Stay


def stay_page_context(user, stay: Stay, *, note_form, today: datetime.date, came_from: str = "") -> dict:
    """Everything the resident's page shows about one stay."""
    assessment = housing_access.assessment_for_stay(user, stay)
    open_tasks = list(housing_access.tasks_for_stay(user, stay).filter(done_on__isnull=True))
    # The latest done tasks and how many there are in all, in one query; "vis flere" leads to
    # their own page, in pages, so a long stay's page costs what a short one's does.
    done_tasks = list(
        housing_access.tasks_for_stay(user, stay)
        .filter(done_on__isnull=False)
        .annotate(done_total=Window(Count("pk")))
        .order_by("-done_on", "-created_at")[:RECENT_DONE_TASKS]
    )
    notifications = list(housing_access.notifications_for_stay(user, stay))
    told = {n.agency for n in notifications}
    needs_new_home = bool(assessment and assessment.needs_new_home)
    can_read_journal = access.can_read_journal(user)
    other_stays = list(resident_stays(user, stay.resident).exclude(pk=stay.pk))
    notes = list(access.notes_visible_to(user, stay)[: RECENT_NOTES + 1]) if can_read_journal else None
    children = list(with_status(children_access.children_visible_to(user).filter(stay=stay)))
    applications = [
        (application, application.appeal_deadline, _days_until(application.appeal_deadline, today))
        for application in housing_access.applications_for_stay(user, stay)
    ]
    context = {
        "stay": stay,
        "resident": stay.resident,
        "assessment": assessment,
        "direction": assessment.get_direction_display() if assessment else Direction.UNDECIDED.label,
        "tracks": list(housing_access.tracks_for_stay(user, stay)),
        "open_tasks": open_tasks,
        "done_tasks": done_tasks,
        "done_task_count": done_tasks[0].done_total if done_tasks else 0,
        "notifications": notifications,
        "open_notifications": [n for n in notifications if not n.answered_on],
        "answered_notifications": [n for n in notifications if n.answered_on],
        "notifications_without_consent": any(not n.letter_allowed for n in notifications),
        "applications": applications,
        "open_applications": [row for row in applications if not row[0].decision_on],
        "decided_applications": [row for row in applications if row[0].decision_on],
        "agency_alarm": needs_new_home and not {Agency.NAV, Agency.HOUSING_OFFICE} <= told,
        "nav_told": Agency.NAV in told,
        "housing_office_told": Agency.HOUSING_OFFICE in told,
        "children": children,
        "move_is_near": move_is_near(stay),
        "other_stays": other_stays,
        "has_open_stay": stay.is_current or any(other.is_current for other in other_stays),
        "days_here": ((stay.departure_date or today) - stay.arrival_date).days,
        "assessment_due_on": stay.arrival_date + datetime.timedelta(days=stay.shelter.assessment_due_days),
        "assessment_overdue": not (assessment and assessment.is_complete)
        and today > stay.arrival_date + datetime.timedelta(days=stay.shelter.assessment_due_days),
        # The latest notes; "vis alle" leads to the journal's own page, in pages.
        "notes": notes[:RECENT_NOTES] if notes is not None else None,
        "more_notes": notes is not None and len(notes) > RECENT_NOTES,
        "note_form": note_form,
        "address_view": address_view(stay),
        "time_to_home_hint": time_to_home_hint(user, stay, assessment=assessment, today=today),
        # Each pathway app fills its own part of the page (its _stay_section.html).
        "safety_section": safety_selectors.stay_section(user, stay, today=today),
        "rental_section": rental_selectors.stay_section(user, stay, today=today),
        "aftercare_section": aftercare_selectors.stay_section(user, stay, today=today),
        "today": today,
    }
    steps = open_steps_for(user, stay, today=today)
    context["now"] = now_panel(context, steps, today=today)
    context["sections"] = section_menu(context, now=context["now"])
    # Folded parts that open: those with something late, and the one the user just worked in.
    context["open_parts"] = {entry.anchor for entry in context["sections"] if entry.attention} | {came_from}
    return context


# The resident's page shows this many journal notes; the journal's own page shows them all, in pages.
RECENT_NOTES = 5
NOTES_PER_PAGE = 25
# The resident's page shows this many done tasks, latest first; their own page shows them all.
RECENT_DONE_TASKS = 10
DONE_TASKS_PER_PAGE = 25
# The "Nå" panel looks this far ahead.
NOW_DAYS = 7

# The page's sections, in the order of the work: (anchor, title). The menu and the page follow it.
SECTIONS = (
    ("s-kartlegging", _lazy("Kartlegging og spor")),
    ("s-oppgaver", _lazy("Oppgaver og instanser")),
    ("s-sikkerhet", _lazy("Sikkerhet")),
    ("s-boligsok", _lazy("Boligsøk")),
    ("s-barn", _lazy("Barn")),
    ("s-flytting", _lazy("Flytting og etter")),
    ("s-journal", _lazy("Journal")),
)

# Which section of the page holds a step of each kind (core/steps.py); a kind's prefix is enough.
SECTION_OF_KIND = {
    "task": "s-oppgaver",
    "notification": "s-oppgaver",
    "application": "s-oppgaver",
    "agency_alarm": "s-oppgaver",
    "measure": "s-sikkerhet",
    "checklist": "s-sikkerhet",
    "rental": "s-boligsok",
    "child": "s-barn",
    "aftercare": "s-flytting",
    "assessment": "s-kartlegging",
}


# Coming back from a page of one of these apps (a save redirects to the resident's page), the part
# of the page that app fills is opened, so the user sees what they just saved.
PART_OF_APP = {"safety": "s-sikkerhet", "rental": "s-boligsok", "aftercare": "s-flytting"}


def part_from_referer(referer: str) -> str:
    """Which folded part to open for a visit coming from `referer` ("" for none).

    Only the path is read, and only to open a fold; a forged header can do no more than that.
    """
    from urllib.parse import urlsplit

    from django.urls import Resolver404, resolve

    try:
        match = resolve(urlsplit(referer or "").path or "/")
    except Resolver404:
        return ""
    if match.namespace == "housing" and match.url_name.startswith("notification"):
        return "notifications"
    if match.namespace == "housing" and match.url_name.startswith("application"):
        return "applications"
    if match.namespace == "housing" and match.url_name.startswith("task"):
        return "tasks"
    return PART_OF_APP.get(match.namespace, "")


def section_of(kind: str) -> str:
    return SECTION_OF_KIND.get(kind.split(".")[0], "s-oppgaver")


@dataclass(frozen=True)
class NowItem:
    title: str
    source: str
    due: datetime.date | None
    anchor: str  # where on the page its row is
    section: str


def now_panel(context: dict, steps, *, today: datetime.date) -> dict:
    """What is overdue, and what is due in the next NOW_DAYS days, soonest first.

    From the stay's open steps (the same source as "Hvem gjør hva" and the work queue) and what
    the page itself flags: the assessment, NAV and the housing office not told, children not told
    before the move. Undated steps wait on their own section.
    """
    items: list[tuple[NowItem, bool]] = []  # (item, urgent)
    for step in steps:
        if step.due is None:
            continue
        anchor = f"steg-{step.task_id}" if step.task_id else (step.anchor or section_of(step.kind))
        item = NowItem(step.title, step.source, step.due, anchor, section_of(step.kind))
        items.append((item, False))
    if context["assessment_overdue"] and context["stay"].is_current:
        due = context["assessment_due_on"]
        items.append(
            (NowItem(_("Gjør boligkartleggingen"), _("Boligkartlegging"), due, "s-kartlegging", "s-kartlegging"), False)
        )
    if context["agency_alarm"] and context["stay"].is_current:
        title = _("Send henvendelse til Nav og boligkontoret om at ny bolig trengs")
        items.append((NowItem(title, _("Varsling"), None, "s-oppgaver", "s-oppgaver"), True))
    if context["move_is_near"]:
        for child in context["children"]:
            if not child.informed_before_move:
                title = _("Fortell %s hva som skjer før flyttingen") % child.first_name
                due = context["stay"].planned_departure_date
                items.append((NowItem(title, _("Barn"), due, "s-barn", "s-barn"), due is None))
    horizon = today + datetime.timedelta(days=NOW_DAYS)
    overdue = [item for item, urgent in items if urgent or (item.due is not None and item.due < today)]
    soon = [item for item, urgent in items if not urgent and item.due is not None and today <= item.due <= horizon]

    def order(item):
        return (item.due or datetime.date.min, item.title)

    return {"overdue": sorted(overdue, key=order), "soon": sorted(soon, key=order), "days": NOW_DAYS}


@dataclass(frozen=True)
class SectionEntry:
    anchor: str
    title: str
    count: int | None  # what the section holds that is still open (None: nothing to count)
    attention: bool  # something in it is overdue: a red mark in the menu, and the section opens


def section_menu(context: dict, *, now: dict) -> list[SectionEntry]:
    late = {item.section for item in now["overdue"]}
    children_flagged = any(
        not child.has_been_asked or (context["move_is_near"] and not child.informed_before_move)
        for child in context["children"]
    )
    aftercare = context["aftercare_section"]
    counts = {
        "s-kartlegging": None,
        "s-oppgaver": len(context["open_tasks"]) + sum(1 for n in context["notifications"] if not n.answered_on),
        "s-sikkerhet": len(context["safety_section"]["measures"]),
        "s-boligsok": len(context["rental_section"]["rows"]),
        "s-barn": len(context["children"]),
        "s-flytting": None,
        "s-journal": None,
    }
    attention = {
        "s-kartlegging": context["assessment_overdue"] and context["stay"].is_current,
        "s-oppgaver": "s-oppgaver" in late or (context["agency_alarm"] and context["stay"].is_current),
        "s-barn": children_flagged,
        "s-flytting": "s-flytting" in late
        or aftercare.get("plan_missing_warning", False)
        or aftercare.get("next_overdue", False),
    }
    entries = []
    for anchor, title in SECTIONS:
        if anchor == "s-journal" and context["notes"] is None:
            continue
        entries.append(SectionEntry(anchor, str(title), counts[anchor], bool(attention.get(anchor) or anchor in late)))
    return entries


def notes_page(user, stay, *, page: int):
    """One page of the stay's journal, newest first (two queries: the count and the page)."""
    from django.core.paginator import Paginator

    paginator = Paginator(access.notes_visible_to(user, stay), NOTES_PER_PAGE)
    return paginator.get_page(page)


def done_tasks_page(user, stay, *, page: int):
    """One page of the stay's done tasks, latest first (two queries: the count and the page)."""
    from django.core.paginator import Paginator

    done = housing_access.tasks_for_stay(user, stay).filter(done_on__isnull=False).order_by("-done_on", "-created_at")
    return Paginator(done, DONE_TASKS_PER_PAGE).get_page(page)


def _days_until(deadline, today):
    return (deadline - today).days if deadline else None


def resident_stays(user, resident):
    return access.stays_visible_to(user).filter(resident=resident).order_by("-arrival_date")


def search_stays(user, text: str, *, ended_only: bool = False) -> tuple[list, bool]:
    """Stays of the caller's shelter whose resident fits `text` (residents/search.py), newest
    first: (stays, too_many). Current and earlier stays alike, unless `ended_only`.

    Two queries, however many residents the shelter has had: the shelter's names (decrypted
    here, since the database cannot compare them) and the matching stays.
    """
    from .models import Resident
    from .search import MAX_MATCHES, Query, matching_resident_ids

    query = Query.parse(text)
    visible = access.stays_visible_to(user)
    if query.empty:
        return [], False
    shelter_id = require_capability(user, Capability.VIEW_CASES).shelter_id
    residents = Resident.objects.filter(shelter_id=shelter_id).values_list("id", "display_name", "birth_year")
    ids = matching_resident_ids(residents.iterator(chunk_size=2000), query)
    too_many = len(ids) > MAX_MATCHES
    stays = visible.filter(resident_id__in=ids[:MAX_MATCHES])
    if ended_only:
        stays = stays.ended()
    stays = stays.select_related("resident", "contact_person")

    # Current stays first (no departure), then the most recently ended.
    def newest_first(stay):
        return (stay.departure_date is not None, -(stay.departure_date or stay.arrival_date).toordinal())

    return sorted(stays, key=newest_first), too_many


def earlier_stays(user):
    return (
        access.stays_visible_to(user)
        .ended()
        .select_related("resident", "contact_person")
        .order_by("-departure_date", "-arrival_date")
    )
