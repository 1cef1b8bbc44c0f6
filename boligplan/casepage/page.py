"""The resident's page, put together from the registered sections (core/sections.py, ADR 0026).

This module sits above every app: it may import any of them, and none imports it. Each section
builds its own context; this module adds what belongs to the whole page — the head line, the
"Nå" panel, the section menu, which folded parts open, which sections stand side by side — and a
fixed number of queries of its own, so the page costs the same for 1 and for 50 residents.
"""

import datetime
from dataclasses import dataclass

from boligplan.core.access import membership_for
from boligplan.core.dataversion import cached, for_request, page_version, render_fragment
from boligplan.core.sections import NowItem, section_of, sections
from boligplan.core.steps import open_steps_for
from boligplan.residents.access import get_stay_for_user
from boligplan.statistics.time_to_home import time_to_home_hint

# The "Nå" panel looks this far ahead.
NOW_DAYS = 7

# Sections shown side by side on a wide screen (the page's layout, not the apps' business).
SIDE_BY_SIDE = (("s-sikkerhet", "s-boligsok"), ("s-barn", "s-flytting"))

# The page's body without the frame (menu, messages): what is cached.
CONTENT_TEMPLATE = "casepage/_stay_content.html"


def stay_page_content(request, stay, *, note_form, today: datetime.date, came_from: str = "", cache: bool = True):
    """The page's body as HTML with the request's own CSRF token in its forms.

    Cached (ADR 0029) under the shelter's data version (every write moves it), the language, the
    stay, the viewer's role (it decides every capability the page asks, so a role without one
    never gets a body built for a role with it), the day (deadlines and "Nå" count from it) and
    the folded part to open. Pass cache=False when the note form carries the user's own text (an
    error, or text kept from an ended session): that body is for this request only.
    """

    def build() -> str:
        # `stay` may be the bare reference the view checked access with: read it whole here.
        whole = get_stay_for_user(request.user, stay.pk)
        context = stay_page_context(request.user, whole, note_form=note_form, today=today, came_from=came_from)
        return render_fragment(request, CONTENT_TEMPLATE, context)

    if not cache:
        return for_request(request, build())
    membership = membership_for(request.user)
    html = cached(
        stay.shelter_id,
        "stay-page",
        build,
        vary=[stay.pk, membership.role, today, came_from],
        version=page_version(membership, stay.shelter_id),
    )
    return for_request(request, html)


def stay_page_context(user, stay, *, note_form, today: datetime.date, came_from: str = "") -> dict:
    """Everything the resident's page shows about one stay."""
    context = {
        "stay": stay,
        "resident": stay.resident,
        "days_here": ((stay.departure_date or today) - stay.arrival_date).days,
        "note_form": note_form,
        "today": today,
    }
    for section in sections():
        if section.context is not None:
            context.update(section.context(user, stay, today=today, page=context))
    context["time_to_home_hint"] = time_to_home_hint(user, stay, assessment=context.get("assessment"), today=today)
    steps = open_steps_for(user, stay, today=today)
    context["now"] = now_panel(context, steps, today=today)
    context["sections"] = section_menu(context, now=context["now"])
    context["rows"] = page_rows(context["sections"])
    # Folded parts that open: those with something late, and the one the user just worked in.
    context["open_parts"] = {entry.anchor for entry in context["sections"] if entry.attention} | {came_from}
    return context


def now_panel(context: dict, steps, *, today: datetime.date) -> dict:
    """What is overdue, and what is due in the next NOW_DAYS days, soonest first.

    From the stay's open steps (the same source as "Hvem gjør hva" and the work queue) and what
    the sections themselves flag: the assessment, NAV and the housing office not told, children
    not told before the move. Undated steps wait on their own section.
    """
    items: list[tuple[NowItem, bool]] = []  # (item, urgent)
    for step in steps:
        if step.due is None:
            continue
        anchor = f"steg-{step.task_id}" if step.task_id else (step.anchor or section_of(step.kind))
        item = NowItem(step.title, step.source, step.due, anchor, section_of(step.kind))
        items.append((item, False))
    for section in sections():
        if section.now is not None:
            items.extend(section.now(context, today=today))
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
    template: str = ""


def section_menu(context: dict, *, now: dict) -> list[SectionEntry]:
    late = {item.section for item in now["overdue"]}
    entries = []
    for section in sections():
        if section.shown is not None and not section.shown(context):
            continue
        count = section.count(context) if section.count is not None else None
        attention = bool(section.attention(context)) if section.attention is not None else False
        entries.append(
            SectionEntry(section.key, str(section.title), count, attention or section.key in late, section.template)
        )
    return entries


def page_rows(entries: list[SectionEntry]) -> list[list[SectionEntry]]:
    """The shown sections in order, those of SIDE_BY_SIDE that are both shown in one row."""
    pairs = {first: second for first, second in SIDE_BY_SIDE}
    rows: list[list[SectionEntry]] = []
    for entry in entries:
        if rows and len(rows[-1]) == 1 and pairs.get(rows[-1][0].anchor) == entry.anchor:
            rows[-1].append(entry)
        else:
            rows.append([entry])
    return rows
