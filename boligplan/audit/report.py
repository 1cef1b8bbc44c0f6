"""The resident's access report (GDPR art. 15): who opened their case, when, and why, as a PDF.

Rows come from the audit log, which holds no free text, so the report cannot carry a note, an
address or another resident: each row is a time, a staff member, a fixed label for the action
and, if one was given, a fixed label for the reason.

The report is handed to the resident, so it is in the language chosen for her (?lang=nb|nn|en,
core/languages.py), rendered whole in it, whatever the interface language of the staff member.
"""

import datetime
from collections.abc import Iterable

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from boligplan.core.pdf import render_pdf
from boligplan.core.roles import Role

from .choices import AccessReason
from .labels import action_label


def staff_name(user) -> str:
    if user is None:
        return _("Systemet")
    return user.display_name


def staff_role(user) -> str:
    membership = getattr(user, "membership", None) if user is not None else None
    return str(Role(membership.role).label) if membership is not None and membership.role in Role.values else ""


def reason_label(code: str) -> str:
    if not code:
        return ""
    return str(AccessReason(code).label) if code in AccessReason.values else code


def report_rows(events: Iterable) -> list[dict]:
    return [
        {
            "at": timezone.localtime(event.at),
            "who": staff_name(event.actor),
            "role": staff_role(event.actor),
            "what": action_label(event.action),
            "why": reason_label(event.reason),
        }
        for event in events
    ]


def access_report_context(*, resident, stays, events, generated_by, generated_at: datetime.datetime) -> dict:
    return {
        "resident": resident,
        "shelter": resident.shelter,
        "stays": stays,
        "rows": report_rows(events),
        "generated_by": staff_name(generated_by),
        "generated_at": timezone.localtime(generated_at),
    }


LANGUAGES = ("nb", "nn", "en")


def access_report_html(*, lang: str = "nb", **kwargs) -> str:
    with translation.override(lang):
        context = access_report_context(**kwargs) | {"lang": lang}
        return render_to_string("audit/access_report_pdf.html", context)


def access_report_pdf(*, lang: str = "nb", **kwargs) -> bytes:
    return render_pdf(access_report_html(lang=lang, **kwargs))
