"""Sessions, caching and what a URL or a page title may say about a person."""

import re
import time

from django.conf import settings
from django.urls import reverse

from boligplan.accounts import fastpath
from tests.helpers import build_case, page_title

NAME = "Hanne Hemmelig"
UUID_PATH = re.compile(r"^/opphold/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/$")


def test_idle_timeout_is_30_minutes_renewed_on_every_request():
    assert settings.SESSION_COOKIE_AGE == 1800
    assert settings.SESSION_TOUCH_SECONDS == 60  # renewed by use, written at most once a minute


def test_session_cookie_is_renewed_by_use_at_most_once_a_minute(client_for, kari):
    client = client_for(kari)
    session = client.session
    session[fastpath.TOUCHED_KEY] = int(time.time()) - settings.SESSION_TOUCH_SECONDS  # written a minute ago
    session.save()
    response = client.get(reverse("reports:overview"))
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie.value
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    # Within the minute the next page does not write the session (or its cookie) again.
    assert settings.SESSION_COOKIE_NAME not in client.get(reverse("reports:overview")).cookies


def test_logged_in_pages_are_not_stored(client_for, kari, stay):
    client = client_for(kari)
    for url in [reverse("reports:overview"), reverse("residents:stay-detail", kwargs={"stay_id": stay.pk})]:
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
    # Also a refusal or a form with errors.
    assert "no-store" in client.post(reverse("residents:note-add", kwargs={"stay_id": stay.pk}), {})["Cache-Control"]


def test_logout_clears_the_browser(client_for, kari):
    client = client_for(kari)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    clear = response["Clear-Site-Data"]
    for part in ['"cache"', '"cookies"', '"storage"']:
        assert part in clear
    # The session is gone: the next page asks for a login.
    assert client.get(reverse("reports:overview")).status_code == 302


def test_page_titles_never_name_the_resident(client_for, kari, make_stay, today):
    case = build_case(make_stay(display_name=NAME), kari, today)
    client = client_for(kari)
    urls = [
        reverse("reports:overview"),
        reverse("residents:stay-detail", kwargs={"stay_id": case.stay.pk}),
        reverse("housing:assessment-edit", kwargs={"stay_id": case.stay.pk}),
        reverse("housing:tracks-edit", kwargs={"stay_id": case.stay.pk}),
        reverse("housing:task-create", kwargs={"stay_id": case.stay.pk}),
        reverse("housing:task-edit", kwargs={"task_id": case.task.pk}),
        reverse("housing:notification-edit", kwargs={"notification_id": case.notification.pk}),
        reverse("residents:stay-depart", kwargs={"stay_id": case.stay.pk}),
        reverse("residents:stay-open", kwargs={"resident_id": case.resident.pk}),
    ]
    for url in urls:
        content = client.get(url).content.decode()
        assert NAME in content, url  # the page is about her...
        title = page_title(content)
        assert title.endswith("Boligplan")
        assert NAME not in title and "Hanne" not in title and "Hemmelig" not in title, url  # ...its title is not
        assert str(case.resident.birth_year) not in title


def test_urls_carry_only_opaque_ids(kari, make_stay):
    stay = make_stay(display_name=NAME, birth_year=1977)

    url = reverse("residents:stay-detail", kwargs={"stay_id": stay.pk})

    assert UUID_PATH.match(url)
    assert str(stay.pk) in url
    for personal in ["Hanne", "Hemmelig", "1977"]:
        assert personal not in url
    resident_url = reverse("residents:stay-open", kwargs={"resident_id": stay.resident.pk})
    assert str(stay.resident.pk) in resident_url and "Hanne" not in resident_url


def test_links_on_the_overview_use_uuids_only(client_for, kari, make_stay):
    make_stay(display_name=NAME)
    content = client_for(kari).get(reverse("reports:overview")).content.decode()
    hrefs = re.findall(r'href="([^"]+)"', content)
    assert any(UUID_PATH.match(href) for href in hrefs)
    for href in hrefs:
        assert "Hanne" not in href and "Hemmelig" not in href
