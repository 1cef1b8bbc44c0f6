"""The parts of a case page, registered by the apps that own them (ADR 0026).

A resident's page is made of sections in the order of the work — kartlegging og spor · oppgaver
og instanser · sikkerhet · boligsøk · barn · flytting og etter · journal. Each app that owns one
registers it here from its `sections.py` (imported by its AppConfig.ready()): its key (the
section's anchor on the page), title, place in that order, template, a function building its
context for one stay, its count and red mark in the section menu, what it puts in the "Nå"
panel, and the app's open steps (core/steps.py) and overview reminders (core/reminders.py).

This module only holds the registry, so that an app registers without importing anything above
it. The page is put together above every app, in `boligplan/casepage/`; the overview
(`core.reminders.reminders_for`), "Hvem gjør hva" and the work queue
(`core.steps.open_steps_for_stays`) ask the same registry for their rows.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class NowItem:
    """One line of the resident page's "Nå" panel."""

    title: str
    source: str
    due: datetime.date | None
    anchor: str  # where on the page its row is
    section: str


@dataclass(frozen=True)
class Section:
    key: str  # the section's anchor on the resident's page, e.g. "s-sikkerhet"
    title: str  # in the section menu (a lazy translation)
    order: int  # its place in the work order (10, 20, …); the menu, page, steps and reminders follow it
    app: str  # the label of the app that registers it
    template: str = ""  # included into the resident's page; it sees the whole page's context
    # (user, stay, *, today, page) -> dict added to the page's context. `page` holds what the
    # page and the sections before this one have put there so far (read it, never change it).
    context: Callable | None = None
    count: Callable | None = None  # (page) -> int | None: what is still open in it, for the menu
    attention: Callable | None = None  # (page) -> bool: a red mark besides its late steps
    now: Callable | None = None  # (page, *, today) -> [(NowItem, urgent)]: its own flags for "Nå"
    shown: Callable | None = None  # (page) -> bool; a section that is not shown has no menu entry
    # (user, stays, *, today) -> {stay_id: [Step]} and (stays, *, today) -> {stay_id: [Reminder]}:
    # each answers for all stays at once in a fixed number of queries.
    open_steps: Callable | None = None
    reminders: Callable | None = None
    step_kinds: tuple[str, ...] = ()  # prefixes of the step kinds shown in it ("measure", "task", …)
    # (resolver match) -> the folded part of the page to open when the user comes back from a
    # page of the app (its URL namespace is its label): a section key, a part's name, or "".
    from_page: Callable | None = None


_REGISTRY: dict[str, Section] = {}


def register(section: Section) -> Section:
    """Add `section` (or replace the one with its key registered by the same app)."""
    known = _REGISTRY.get(section.key)
    if known is not None and known.app != section.app:
        raise ValueError(f"Section {section.key!r} is registered by {known.app!r} already")
    _REGISTRY[section.key] = section
    return section


def sections() -> list[Section]:
    """Every registered section, in the work order."""
    return sorted(_REGISTRY.values(), key=lambda section: (section.order, section.key))


# A step of a kind no section claims is shown with the tasks.
DEFAULT_SECTION = "s-oppgaver"


def section_of(kind: str) -> str:
    """The section that holds a step of `kind` (core/steps.py); the kind's prefix is enough."""
    prefix = kind.split(".")[0]
    for section in sections():
        if prefix in section.step_kinds:
            return section.key
    return DEFAULT_SECTION


def part_from_referer(referer: str) -> str:
    """Which folded part of the resident's page to open for a visit coming from `referer`.

    Only the path is read, and only to open a fold; a forged header can do no more than that.
    The sections of the app whose page it was answer ("" for none).
    """
    from urllib.parse import urlsplit

    from django.urls import Resolver404, resolve

    try:
        match = resolve(urlsplit(referer or "").path or "/")
    except Resolver404:
        return ""
    for section in sections():
        if section.app != match.namespace or section.from_page is None:
            continue
        if part := section.from_page(match):
            return part
    return ""
