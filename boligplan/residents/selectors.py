"""Read models for resident pages. Each builds its page with a fixed number of queries."""

import datetime

from boligplan.aftercare import selectors as aftercare_selectors
from boligplan.children import access as children_access
from boligplan.children.selectors import move_is_near, with_status
from boligplan.housing import access as housing_access
from boligplan.housing.choices import Agency, Direction
from boligplan.rental import selectors as rental_selectors
from boligplan.reports.time_to_home import time_to_home_hint
from boligplan.safety import selectors as safety_selectors

from . import access
from .addresses import address_view
from .models import Stay


def stay_page_context(user, stay: Stay, *, note_form, today: datetime.date) -> dict:
    """Everything the resident's page shows about one stay."""
    assessment = housing_access.assessment_for_stay(user, stay)
    tasks = list(housing_access.tasks_for_stay(user, stay))
    notifications = list(housing_access.notifications_for_stay(user, stay))
    told = {n.agency for n in notifications}
    needs_new_home = bool(assessment and assessment.needs_new_home)
    can_read_journal = access.can_read_journal(user)
    other_stays = list(resident_stays(user, stay.resident).exclude(pk=stay.pk))
    return {
        "stay": stay,
        "resident": stay.resident,
        "assessment": assessment,
        "direction": assessment.get_direction_display() if assessment else Direction.UNDECIDED.label,
        "tracks": list(housing_access.tracks_for_stay(user, stay)),
        "open_tasks": [t for t in tasks if not t.is_done],
        "done_tasks": [t for t in tasks if t.is_done],
        "notifications": notifications,
        "applications": [
            (application, application.appeal_deadline, _days_until(application.appeal_deadline, today))
            for application in housing_access.applications_for_stay(user, stay)
        ],
        "agency_alarm": needs_new_home and not {Agency.NAV, Agency.HOUSING_OFFICE} <= told,
        "nav_told": Agency.NAV in told,
        "housing_office_told": Agency.HOUSING_OFFICE in told,
        "children": list(with_status(children_access.children_visible_to(user).filter(stay=stay))),
        "move_is_near": move_is_near(stay),
        "other_stays": other_stays,
        "has_open_stay": stay.is_current or any(other.is_current for other in other_stays),
        "days_here": ((stay.departure_date or today) - stay.arrival_date).days,
        "assessment_due_on": stay.arrival_date + datetime.timedelta(days=stay.shelter.assessment_due_days),
        "assessment_overdue": not (assessment and assessment.is_complete)
        and today > stay.arrival_date + datetime.timedelta(days=stay.shelter.assessment_due_days),
        "notes": list(access.notes_visible_to(user, stay)) if can_read_journal else None,
        "note_form": note_form,
        "address_view": address_view(stay),
        "time_to_home_hint": time_to_home_hint(user, stay, assessment=assessment, today=today),
        # Each pathway app fills its own part of the page (its _stay_section.html).
        "safety_section": safety_selectors.stay_section(user, stay, today=today),
        "rental_section": rental_selectors.stay_section(user, stay, today=today),
        "aftercare_section": aftercare_selectors.stay_section(user, stay, today=today),
    }


def _days_until(deadline, today):
    return (deadline - today).days if deadline else None


def resident_stays(user, resident):
    return access.stays_visible_to(user).filter(resident=resident).order_by("-arrival_date")


def earlier_stays(user):
    return (
        access.stays_visible_to(user)
        .ended()
        .select_related("resident", "contact_person")
        .order_by("-departure_date", "-arrival_date")
    )
