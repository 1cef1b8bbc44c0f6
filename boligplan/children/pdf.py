"""The child's plan as a PDF: what happens before, during and after the move, written to the child.

The wording lives in the template children/child_plan_pdf.html and is chosen by the child's age.
Only first names, dates and the staff who help are used: never an address, a school address or
the parent's case.
"""

import datetime

from django.template.loader import render_to_string

from boligplan.core.pdf import render_pdf
from boligplan.housing.choices import Direction

from .choices import Keeps


def age_band(age: int) -> str:
    if age < 6:
        return "small"
    if age < 13:
        return "middle"
    return "teen"


def plan_context(child, *, today: datetime.date) -> dict:
    stay = child.stay
    age = today.year - child.birth_year
    assessment = getattr(stay, "assessment", None)
    direction = assessment.direction if assessment else Direction.UNDECIDED
    helpers = []  # (name, what they do for the child)
    if child.contact_person:
        helpers.append((child.contact_person.display_name, "child"))
    parent_contact = stay.contact_person.display_name
    if parent_contact not in [name for name, _ in helpers]:
        helpers.append((parent_contact, "family"))
    return {
        "child": child,
        "band": age_band(age),
        # "i barnehagen", but "på skolen".
        "school_the": "i barnehagen" if age < 6 else "på skolen",
        "school_a": "i en ny barnehage" if age < 6 else "på en ny skole",
        "school_goes": "går i" if age < 6 else "går på",
        "keeps_school": child.keeps_school,
        "Keeps": Keeps,
        "going_home": direction == Direction.RETURN_HOME,
        "new_home": direction == Direction.NEW_HOME,
        # Once the family has moved, the plan no longer announces a date.
        "planned_date": stay.planned_departure_date if stay.departure_date is None else None,
        "moved": stay.departure_date is not None,
        "helpers": helpers,
        "today": today,
    }


def child_plan_html(child, *, today: datetime.date) -> str:
    return render_to_string("children/child_plan_pdf.html", plan_context(child, today=today))


def child_plan_pdf(child, *, today: datetime.date) -> bytes:
    return render_pdf(child_plan_html(child, today=today))
