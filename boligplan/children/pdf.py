"""The child's plan as a PDF: what happens before, during and after the move, written to the child.

The wording lives in the template children/child_plan_pdf.html and is chosen by the child's age.
Only first names, dates and the staff who help are used: never an address, a school address or
the parent's case.

The plan is in bokmål or nynorsk, one of them throughout (ADR 0024): the language asked for on the
link, else the staff member's own if it is one of the two, else bokmål. The whole page, its dates
and its school words are rendered under that language, never the user's English by accident.
"""

import datetime

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from boligplan.core.languages import document_language
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
        "school_the": _("i barnehagen") if age < 6 else _("på skolen"),
        "school_a": _("i en ny barnehage") if age < 6 else _("på en ny skole"),
        "school_goes": _("går i") if age < 6 else _("går på"),
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


LANGUAGES = ("nb", "nn")


def plan_language(asked: str | None) -> str:
    return document_language(asked, LANGUAGES)


def child_plan_html(child, *, today: datetime.date, lang: str = "nb") -> str:
    with translation.override(lang):
        context = plan_context(child, today=today) | {"lang": lang}
        return render_to_string("children/child_plan_pdf.html", context)


def child_plan_pdf(child, *, today: datetime.date, lang: str = "nb") -> bytes:
    return render_pdf(child_plan_html(child, today=today, lang=lang))
