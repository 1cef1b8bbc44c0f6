"""Two one-page PDFs made from the same open steps as "Hvem gjør hva" (core/steps.py).

The case summary is for staff handing a case over; "Min boligplan" is handed to the resident, in
bokmål, nynorsk or English: the language chosen for her, never the staff member's interface language
by accident (the whole page is rendered in that one language, ADR 0024). Neither carries an
address: no field with one is read, and the staff-written step titles have the stay's new address
taken out the same way the letters do. Children appear by first name and birth year only (a child
has no other name stored). Each print is one audit row.
"""

import datetime
import re
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from boligplan.audit.services import audit_record
from boligplan.children import access as children_access
from boligplan.core.languages import document_language
from boligplan.core.pdf import render_pdf
from boligplan.core.steps import Step, open_steps_for
from boligplan.housing import access as housing_access
from boligplan.housing.choices import ResponsibleParty, Track
from boligplan.housing.letters import without_address
from boligplan.housing.selectors import WAITING

# The resident's plan names each party the way she would say it; "Beboeren" becomes "Du".
PARTY_WORDS = {
    "nb": {
        ResponsibleParty.SHELTER: "Krisesenteret",
        ResponsibleParty.NAV: "Nav",
        ResponsibleParty.HOUSING_OFFICE: "Boligkontoret",
        ResponsibleParty.RESIDENT: "Du",
        ResponsibleParty.POLICE: "Politiet",
        ResponsibleParty.CHILD_WELFARE: "Barnevernet",
        ResponsibleParty.OTHER: "Andre",
    },
    "nn": {
        ResponsibleParty.SHELTER: "Krisesenteret",
        ResponsibleParty.NAV: "Nav",
        ResponsibleParty.HOUSING_OFFICE: "Bustadkontoret",
        ResponsibleParty.RESIDENT: "Du",
        ResponsibleParty.POLICE: "Politiet",
        ResponsibleParty.CHILD_WELFARE: "Barnevernet",
        ResponsibleParty.OTHER: "Andre",
    },
    "en": {
        ResponsibleParty.SHELTER: "The shelter",
        ResponsibleParty.NAV: "Nav (welfare office)",
        ResponsibleParty.HOUSING_OFFICE: "The housing office",
        ResponsibleParty.RESIDENT: "You",
        ResponsibleParty.POLICE: "The police",
        ResponsibleParty.CHILD_WELFARE: "Child welfare services",
        ResponsibleParty.OTHER: "Others",
    },
}
LANGUAGES = ("nb", "nn", "en")
RESIDENT_PLAN_TEMPLATES = {
    "nb": "reports/resident_plan_pdf.html",
    "nn": "reports/resident_plan_pdf_nn.html",
    "en": "reports/resident_plan_pdf_en.html",
}


def resident_plan_language(asked: str | None) -> str:
    """The language asked for on the link, else the user's own if it is Norwegian, else bokmål."""
    return document_language(asked, LANGUAGES)


# Enough lines to fit one A4 page with the header; the rest is counted, not printed.
MAX_RESIDENT_STEPS = 12
MAX_SUMMARY_STEPS = 12


# A strictly confidential address is never stored, so there is nothing to match a typed-in copy
# against; a street name with a house number (and a postcode and place after it) is taken out
# instead. Norwegian street names end in one of these words or suffixes.
STREET_ADDRESS = re.compile(
    r"\b[\wÆØÅæøå.-]*(?:vei|veien|veg|vegen|gate|gata|gaten|sti|stien|allé|alle|plass|plassen|bakken|"
    r"lia|tunet|ringen|svingen|stredet|kroken|haugen|brygga|torget)\s+\d+(?:\s?[A-Za-z]\b)?"
    r"(?:,?\s*\d{4}\s+[A-ZÆØÅ][\wÆØÅæøå-]*)?",
    re.IGNORECASE,
)


def _scrubbed(text: str, secret: str) -> str:
    """`text` without the stay's address (as the letters do it) or anything shaped like one."""
    return STREET_ADDRESS.sub(str(_("(adresse utelatt)")), without_address(text, secret))


@dataclass(frozen=True)
class Line:
    who: str
    title: str
    due: datetime.date | None
    person: str = ""


def _first_name(user) -> str:
    return user.get_short_name() if user else ""


def _sorted(steps: list[Step]) -> list[Step]:
    return sorted(steps, key=lambda s: (s.due is None, s.due or datetime.date.max, s.title))


def _lines(steps, secret: str, words) -> list[Line]:
    return [Line(who=words(s.party), title=_scrubbed(s.title, secret), due=s.due, person=s.person) for s in steps]


def case_summary_context(user, stay, *, today: datetime.date) -> dict:
    secret = stay.new_home_address or ""
    assessment = housing_access.assessment_for_stay(user, stay)
    steps = _sorted(open_steps_for(user, stay, today=today))
    labels = dict(ResponsibleParty.choices)
    contact = stay.contact_person
    return {
        "stay": stay,
        "resident": stay.resident,
        "days_here": ((stay.departure_date or today) - stay.arrival_date).days,
        "contact": contact.display_name if contact else "",
        "assessment_complete": bool(assessment and assessment.is_complete),
        "assessment_due_on": stay.assessment_due_on,
        "assessment_overdue": stay.assessment_overdue(
            completed=bool(assessment and assessment.is_complete), today=today
        ),
        "tracks": [Track(t.track).label for t in housing_access.tracks_for_stay(user, stay) if t.is_active],
        "steps": _lines(steps[:MAX_SUMMARY_STEPS], secret, lambda p: labels.get(p, p)),
        "more_steps": max(0, len(steps) - MAX_SUMMARY_STEPS),
        "waiting": [a for a in housing_access.applications_for_stay(user, stay) if a.status in WAITING],
        # First name and birth year: nothing else about a child is printed.
        "children": [
            (child.first_name, child.birth_year)
            for child in children_access.children_visible_to(user).filter(stay=stay).order_by("birth_year")
        ],
        "today": today,
    }


def resident_plan_context(user, stay, *, today: datetime.date, lang: str) -> dict:
    secret = stay.new_home_address or ""
    words = PARTY_WORDS[lang]
    steps = _sorted(open_steps_for(user, stay, today=today))
    return {
        "resident_first_name": stay.resident.display_name.split()[0] if stay.resident.display_name else "",
        "contact_first_name": _first_name(stay.contact_person),
        "shelter_name": stay.shelter.name,
        "steps": _lines(steps[:MAX_RESIDENT_STEPS], secret, lambda p: words.get(p, words[ResponsibleParty.OTHER])),
        "more_steps": max(0, len(steps) - MAX_RESIDENT_STEPS),
        "today": today,
    }


def case_summary_print(*, actor, stay, today: datetime.date) -> bytes:
    """The staff handover summary as a PDF, audited as a read."""
    html = render_to_string("reports/case_summary_pdf.html", case_summary_context(actor, stay, today=today))
    pdf = render_pdf(html)
    audit_record(actor=actor, action="stay.summary_printed", obj=stay, shelter_id=stay.shelter_id, stay_id=stay.pk)
    return pdf


def resident_plan_print(*, actor, stay, today: datetime.date, lang: str = "nb") -> bytes:
    """Min boligplan (nb, nn, or My housing plan in en) as a PDF, audited as a read."""
    with translation.override(lang):  # dates and every word in the resident's language, whatever the user's
        context = resident_plan_context(actor, stay, today=today, lang=lang)
        html = render_to_string(RESIDENT_PLAN_TEMPLATES[lang], context)
    pdf = render_pdf(html)
    audit_record(
        actor=actor, action="stay.resident_plan_printed", obj=stay, shelter_id=stay.shelter_id, stay_id=stay.pk
    )
    return pdf
