"""The main menu, rendered once per language, page and set of capabilities in each worker.

Every page of a logged-in user shows the menu; building it asks for some twenty URLs and
translations. What it shows depends only on what its key holds (the menu template is rendered
from that key alone, never from the page's context), so a menu rendered for one viewer is
exactly the menu of every viewer with the same capabilities: no data of a shelter or a person is
in it, and no form.
"""

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from boligplan.core.roles import Capability

register = template.Library()

# {key: html}. Bounded by the languages × pages × capability sets there are; the cap only guards
# against a mistake that would put something unbounded in the key.
_MENUS: dict[tuple, str] = {}
_MAX_MENUS = 1024


@register.simple_tag(takes_context=True)
def main_menu(context) -> SafeString:
    membership = context.get("membership")
    user = context.get("user")
    shown = {
        "nav": str(context.get("nav") or ""),
        "can_view_cases": bool(context.get("can_view_cases")),
        "can_edit": bool(context.get("can_edit")),
        "can_see_children": bool(context.get("can_see_children")),
        "can_manage_shelter": bool(context.get("can_manage_shelter")),
        "can_view_statistics": bool(membership is not None and membership.can(Capability.VIEW_STATISTICS)),
        "can_manage_staff": bool(membership is not None and membership.can(Capability.MANAGE_STAFF)),
        "operator": bool(membership is None and getattr(user, "is_operator", False)),
    }
    key = (get_language(), get_script_prefix(), *sorted(shown.items()))
    html = _MENUS.get(key)
    if html is None:
        html = render_to_string("includes/main_menu.html", shown)
        if len(_MENUS) >= _MAX_MENUS:
            _MENUS.clear()
        _MENUS[key] = html
    return mark_safe(html)  # noqa: S308  # nosec B308 B703 - our own template, rendered from booleans  # nosemgrep: mark-safe-on-data - our template, autoescaped when rendered
