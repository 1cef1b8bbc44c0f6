"""A cached page's frame (core/frame.py, ADR 0030).

The frame of the overview, the work queue, the dashboard and the resident's page is rendered
once per template, language and role, with slots for the user's line, the messages and the
content. Each of these pages must be exactly the page base.html would have rendered for the
reader, whoever asked first: the menu of the reader's own role, the reader's own name and
shelter, the reader's own messages (once), and a CSRF token that works in the reader's session.
"""

import pytest
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils.safestring import mark_safe

from boligplan.core import frame
from boligplan.core.dataversion import CSRF_PLACEHOLDER, for_request
from boligplan.core.models import Membership
from tests.conftest import PASSWORD, verified_login
from tests.helpers import without_csrf


def ordinary(request, template, *, nav, content_name, content):
    """The page as base.html renders it without a cached frame: what every framed page must equal."""
    html = render_to_string(template, {"nav": nav, content_name: mark_safe(content)}, request)  # noqa: S308 - test
    return for_request(request, html)


@pytest.fixture
def frames():
    frame._FRAMES.clear()
    yield frame._FRAMES
    frame._FRAMES.clear()


@pytest.fixture
def rendered_ordinarily(monkeypatch):
    """Switch the frame cache off for the pages that use it (patched where they call it)."""
    from boligplan.core import pages
    from boligplan.statistics import views as statistics_views

    def switch_off():
        monkeypatch.setattr(pages, "framed", ordinary)
        monkeypatch.setattr(statistics_views, "framed", ordinary)

    return switch_off


def _pages(stay) -> dict[str, str]:
    return {
        "overview": reverse("reports:overview"),
        "work queue": reverse("worklist:queue"),
        "dashboard": reverse("reports:dashboard"),
        "resident page": reverse("residents:stay-detail", kwargs={"stay_id": stay.pk}),
    }


def _get(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return without_csrf(response.content.decode())


@pytest.fixture
def odd_name(shelter):
    """A colleague whose name needs escaping: the user's line is a slot, escaped like base.html does."""
    user = get_user_model().objects.create_user(username="ola2", password=PASSWORD, full_name='Ola <b>"Fet"</b> & Co')
    Membership.objects.create(user=user, shelter=shelter, role="ansatt")
    return user


@pytest.mark.parametrize("page", ["overview", "work queue", "dashboard", "resident page"])
@pytest.mark.parametrize(("first", "reader"), [("lene", "kari"), ("kari", "lene"), ("kari", "odd_name")])
def test_a_framed_page_is_the_page_base_html_renders_for_its_reader(
    request, stay, frames, rendered_ordinarily, page, first, reader
):
    first_user, reader_user = request.getfixturevalue(first), request.getfixturevalue(reader)
    path = _pages(stay)[page]
    if page == "dashboard" and reader_user.membership.role != "leder":
        path = reverse("reports:overview")  # only the leader sees the dashboard among these roles
    verified_login(Client(), first_user).get(path)  # the frame is now built for `first`'s role
    client = verified_login(Client(), reader_user)

    framed = _get(client, path)
    assert frames, "the page did not use a cached frame"
    rendered_ordinarily()
    assert framed == _get(client, path)


def test_the_leaders_menu_is_not_served_to_a_colleague(lene, kari, stay, frames):
    overview = reverse("reports:overview")
    staff_link = reverse("staff:staff-list")
    assert staff_link in _get(verified_login(Client(), lene), overview)
    page = _get(verified_login(Client(), kari), overview)
    assert staff_link not in page
    assert "Kari · Fjordby krisesenter" in page
    assert "Lene" not in page


def test_a_message_is_shown_once_on_a_framed_page(kari, stay, frames):
    client = verified_login(Client(), kari)
    page = reverse("residents:stay-detail", kwargs={"stay_id": stay.pk})
    client.get(page)  # the frame is built before the message exists
    response = client.post(reverse("residents:note-add", kwargs={"stay_id": stay.pk}), {"text": "Ringte Nav."})
    assert response.status_code == 302

    assert _get(client, page).count("Notatet er lagret.") == 1
    assert "Notatet er lagret." not in _get(client, page)


def test_the_frames_forms_carry_the_readers_working_token(lene, kari, stay, frames):
    verified_login(Client(enforce_csrf_checks=True), lene).get(reverse("reports:overview"))
    client = verified_login(Client(enforce_csrf_checks=True), kari)
    page = client.get(reverse("reports:overview")).content.decode()
    assert CSRF_PLACEHOLDER not in page and frame.USER_SLOT not in page and frame.MESSAGES_SLOT not in page
    keep_alive = reverse("accounts:session-keepalive")
    form = page.split(f'action="{keep_alive}"')[1]
    token = form.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert client.post(keep_alive, {"csrfmiddlewaretoken": token}).status_code != 403
    assert client.post(keep_alive, {"csrfmiddlewaretoken": "x" * 64}).status_code == 403


def test_a_frame_without_its_slots_is_refused():
    with pytest.raises(ValueError, match="once each"):
        frame._cut("<html>no slots</html>", "x.html")
    with pytest.raises(ValueError, match="out of order"):
        frame._cut(f"{frame.MESSAGES_SLOT}{frame.USER_SLOT}{frame.CONTENT_SLOT}", "x.html")


def test_a_frame_follows_a_changed_setting(kari, stay, frames, settings):
    """The session dialog counts down from the idle timeout the server enforces, which the frame shows."""
    client = verified_login(Client(), kari)
    overview = reverse("reports:overview")
    assert f'data-session-idle-seconds="{settings.SESSION_COOKIE_AGE}"' in _get(client, overview)
    settings.SESSION_COOKIE_AGE = 125
    assert 'data-session-idle-seconds="125"' in _get(client, overview)
