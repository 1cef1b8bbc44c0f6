"""A cheaper logged-in request (accounts/fastpath.py) that keeps every rule it had.

The session is written at most once a minute and the idle timeout still holds to the minute;
the second factor is kept in the session under the account's security stamp, and a moved stamp,
a deactivation or a role change takes effect on the very next request; the account, its
membership and its shelter are read in one query.
"""

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from boligplan.accounts import fastpath
from boligplan.core.models import Membership

OVERVIEW = reverse("reports:overview")
LOGIN = reverse("login")


class Clock:
    """time.time() and timezone.now() moved together, for the session's timers."""

    def __init__(self, monkeypatch):
        self.start = timezone.now()
        self.offset = 0.0
        monkeypatch.setattr(fastpath.time, "time", lambda: self.start.timestamp() + self.offset)
        monkeypatch.setattr(timezone, "now", lambda: self.start + datetime.timedelta(seconds=self.offset))

    def at(self, seconds: float) -> None:
        self.offset = seconds


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def _expiry(client):
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value).expire_date


def _session_writes(captured) -> int:
    return sum(1 for q in captured if "django_session" in q["sql"] and q["sql"].lstrip().upper().startswith("UPDATE"))


def test_the_session_is_written_at_most_once_a_minute(client_for, kari, clock):
    client = client_for(kari)
    clock.at(0)
    assert client.get(OVERVIEW).status_code == 200
    written = _expiry(client)
    with CaptureQueriesContext(connection) as captured:
        for second in (5, 20, 40, 59):
            clock.at(second)
            assert client.get(OVERVIEW).status_code == 200
    assert _session_writes(captured) == 0
    assert _expiry(client) == written

    clock.at(61)
    assert client.get(OVERVIEW).status_code == 200
    assert _expiry(client) == written + datetime.timedelta(seconds=61)


def test_the_idle_timeout_still_holds_to_the_minute(client_for, kari, clock):
    idle = settings.SESSION_IDLE_SECONDS
    client = client_for(kari)
    clock.at(0)
    assert client.get(OVERVIEW).status_code == 200
    clock.at(59)  # used again within the minute: not written
    assert client.get(OVERVIEW).status_code == 200

    # Ended at most a minute early: idle - 59 s after the last request, never later than idle.
    clock.at(idle - 1)
    assert client.get(OVERVIEW).status_code == 200  # written now: renewed
    clock.at(2 * idle - 2)
    assert client.get(OVERVIEW).status_code == 200  # idle for idle - 1 s: still in
    clock.at(2 * idle - 2 + idle + 1)  # idle for idle + 1 s after the last request, which was written
    response = client.get(OVERVIEW)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_a_moved_security_stamp_ends_the_session_at_the_next_request(client_for, kari):
    client = client_for(kari)
    assert client.get(OVERVIEW).status_code == 200

    kari.bump_security_stamp()

    response = client.get(OVERVIEW)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert client.get(OVERVIEW).status_code == 302  # and it stays ended


def test_a_deactivation_takes_effect_on_the_next_request(client_for, kari):
    client = client_for(kari)
    assert client.get(OVERVIEW).status_code == 200
    type(kari).objects.filter(pk=kari.pk).update(is_active=False)  # even without the signal's help
    response = client.get(OVERVIEW)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_a_role_change_takes_effect_on_the_next_request(client_for, kari, stay):
    client = client_for(kari)
    assert client.get(reverse("residents:stay-detail", args=[stay.pk])).status_code == 200

    Membership.objects.filter(user=kari).update(role="statistikk")

    assert client.get(reverse("residents:stay-detail", args=[stay.pk])).status_code in (403, 404)
    assert "A.B." not in client.get(OVERVIEW).content.decode()  # counts only, no names


def test_a_verified_second_factor_is_not_read_again_on_every_request(client_for, kari):
    client = client_for(kari)
    client.get(OVERVIEW)  # verifies against the device once and keeps it in the session
    with CaptureQueriesContext(connection) as captured:
        assert client.get(OVERVIEW).status_code == 200
    assert not [q for q in captured if "otp" in q["sql"].lower() or "totpdevice" in q["sql"].lower()]


def test_a_session_without_a_verified_device_is_still_sent_to_the_second_factor(client, kari):
    client.force_login(kari)  # password only
    response = client.get(OVERVIEW)
    assert response.status_code == 302 and response["Location"].startswith("/tofaktor/")


def test_the_account_membership_and_shelter_come_in_one_query(client_for, kari):
    client = client_for(kari)
    client.get(OVERVIEW)
    with CaptureQueriesContext(connection) as captured:
        client.get(OVERVIEW)
    user_queries = [q["sql"] for q in captured if 'FROM "accounts_user"' in q["sql"]]
    assert len(user_queries) == 1
    assert '"core_membership"' in user_queries[0] and '"core_shelter"' in user_queries[0]
    assert not [q for q in captured if q["sql"].lstrip().startswith("SELECT") and 'FROM "core_membership"' in q["sql"]]
