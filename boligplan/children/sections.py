"""The children's part of the resident's page (core/sections.py, ADR 0026). Registered by
ChildrenConfig.ready()."""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from boligplan.core.sections import NowItem, Section, register

from . import access as children_access
from .selectors import move_is_near, with_status


def children_context(user, stay, *, today: datetime.date, page: dict) -> dict:
    return {
        "children": list(with_status(children_access.children_visible_to(user).filter(stay=stay))),
        "move_is_near": move_is_near(stay),
    }


def children_now(page: dict, *, today: datetime.date) -> list:
    """A child not told what happens before a move that is near."""
    items = []
    if page["move_is_near"]:
        for child in page["children"]:
            if not child.informed_before_move:
                title = _("Fortell %s hva som skjer før flyttingen") % child.first_name
                due = page["stay"].planned_departure_date
                items.append((NowItem(title, _("Barn"), due, "s-barn", "s-barn"), due is None))
    return items


def children_flagged(page: dict) -> bool:
    return any(
        not child.has_been_asked or (page["move_is_near"] and not child.informed_before_move)
        for child in page["children"]
    )


def register_sections():
    register(
        Section(
            key="s-barn",
            title=_lazy("Barn"),
            order=50,
            app="children",
            template="children/_case_section.html",
            context=children_context,
            count=lambda page: len(page["children"]),
            attention=children_flagged,
            now=children_now,
            step_kinds=("child",),
        )
    )
