"""A cached page's frame (base.html: the head, the menu, the user's line, messages, the session
dialog), rendered once per page template, language and role in each worker (ADR 0030).

The overview, the work queue, the dashboard and the resident's page cache their body (ADR 0029);
after that, rendering base.html around it was the largest part of what such a page cost. The
frame depends on nothing of a shelter or a person except three things, which are slots filled on
every request:

- the user's line (their name and their shelter's name),
- the messages waiting for this session (shown once, then gone, as on every other page),
- the CSRF token of the logout and keep-alive forms (the cached body's placeholder, put in by
  `dataversion.for_request` for the whole page at once).

Everything else the frame shows is decided by its key: the page template and its `nav`, the
language, the URL prefix, the role (it decides every capability the menu asks; role_can is a
fixed table) and whether the second factor is done. A frame is never built from a form with
errors: pages that show one render the ordinary way.
"""

from __future__ import annotations

import secrets

from django.contrib.messages import get_messages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from .access import membership_for
from .dataversion import CSRF_PLACEHOLDER, for_request

# Random per process, like the CSRF placeholder: no typed text can predict them.
_NONCE = secrets.token_hex(16)
USER_SLOT = f"frame-user-{_NONCE}"
MESSAGES_SLOT = f"frame-messages-{_NONCE}"
CONTENT_SLOT = f"frame-content-{_NONCE}"

# {key: the frame cut at its three slots}. Bounded by templates × languages × roles; the cap only
# guards against a mistake that would put something unbounded in the key.
_FRAMES: dict[tuple, tuple[str, str, str, str]] = {}
_MAX_FRAMES = 256


@receiver(setting_changed)
def _forget_frames(**kwargs) -> None:
    """A frame also shows settings (the idle timeout the session dialog counts down from, the
    static files' URLs). They never change in a running server, but a test may change them."""
    _FRAMES.clear()


def framed(request, template: str, *, nav: str, content_name: str, content: str) -> SafeString:
    """`template` (a page that extends base.html and shows `content_name` as its whole content)
    around `content`, as it would render for this request, with the request's own CSRF token in
    every form of the page. `content`: the page's body, from `dataversion.render_fragment` (its
    forms get the token here, with the frame's) or already made out for this request."""
    user = request.user
    membership = membership_for(user)
    verified = bool(getattr(user, "is_verified", lambda: False)())
    key = (template, nav, content_name, get_language(), get_script_prefix(), getattr(membership, "role", ""), verified)
    parts = _FRAMES.get(key)
    if parts is None:
        parts = _cut(
            render_to_string(
                template,
                {
                    "nav": nav,
                    content_name: CONTENT_SLOT,
                    "frame_slots": {"user": USER_SLOT, "messages": MESSAGES_SLOT},
                    "csrf_token": CSRF_PLACEHOLDER,
                },
                request,
            ),
            template,
        )
        if len(_FRAMES) >= _MAX_FRAMES:
            _FRAMES.clear()
        _FRAMES[key] = parts
    before_user, before_messages, before_content, after_content = parts
    page = "".join(
        (before_user, user_line(user, membership), before_messages, messages_html(request), before_content, content)
    )
    return for_request(request, page + after_content)


def user_line(user, membership) -> str:
    """The frame's line about who is logged in, as base.html writes it (escaped)."""
    line = escape(user.display_name)
    return f"{line} · {escape(membership.shelter.name)}" if membership is not None else line


def messages_html(request) -> str:
    """This session's waiting messages, rendered (which marks them shown), or nothing."""
    waiting = get_messages(request)
    if not len(waiting):  # counting does not mark them shown; only showing does
        return ""
    return render_to_string("includes/messages.html", {"messages": waiting}, request)


def _cut(html: str, template: str) -> tuple[str, str, str, str]:
    """The frame at its slots, which must each show once and in the order of base.html."""
    slots = (USER_SLOT, MESSAGES_SLOT, CONTENT_SLOT)
    if any(html.count(slot) != 1 for slot in slots):
        raise ValueError(f"{template}: its frame must show the user's line, messages and content once each")
    pieces = []
    rest = html
    for slot in slots:
        head, separator, rest = rest.partition(slot)
        if not separator:
            raise ValueError(f"{template}: its frame shows the user's line, messages and content out of order")
        pieces.append(head)
    return pieces[0], pieces[1], pieces[2], rest
