"""Sending "Ny beboer" twice registers one resident with one stay (core/once.py).

Sequential resends (a reload, the back button) and two sends at the same moment (a double
click, handled by two threads here, on whichever database the suite runs on) both end with one
resident, and the second answer opens the stay the first one made.
"""

import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from boligplan.audit.models import AuditEvent
from boligplan.residents.models import Resident, Stay
from tests.conftest import verified_login

URL = "/beboere/ny/"
RACES = 10


def _token(response) -> str:
    match = re.search(r'name="form_token" value="([^"]+)"', response.content.decode())
    assert match, "the form carries a one-time token"
    return match.group(1)


def _data(kari, today, token, **changes):
    data = {
        "display_name": "Tove Tosend",
        "birth_year": "1985",
        "arrival_date": today.isoformat(),
        "contact_person": kari.pk,
        "form_token": token,
    }
    return data | changes


def test_sending_the_same_form_twice_registers_one_resident(client_for, kari, today):
    client = client_for(kari)
    token = _token(client.get(URL))
    first = client.post(URL, _data(kari, today, token))
    second = client.post(URL, _data(kari, today, token))
    assert Resident.objects.count() == 1 and Stay.objects.count() == 1
    stay = Stay.objects.get()
    target = reverse("residents:stay-detail", args=[stay.pk])
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == target
    page = client.get(target).content.decode()
    assert "sendt to ganger" in page
    assert AuditEvent.objects.filter(action="resident.registered").count() == 1
    assert AuditEvent.objects.filter(action="stay.opened").count() == 1


def test_a_refused_send_keeps_the_token_and_the_corrected_send_registers_once(client_for, kari, today):
    client = client_for(kari)
    token = _token(client.get(URL))
    refused = client.post(URL, _data(kari, today, token, birth_year="18"))
    assert refused.status_code == 400
    assert _token(refused) == token
    assert client.post(URL, _data(kari, today, token)).status_code == 302
    assert client.post(URL, _data(kari, today, token)).status_code == 302
    assert Resident.objects.count() == 1


def test_two_forms_register_two_people(client_for, kari, today):
    client = client_for(kari)
    first, second = _token(client.get(URL)), _token(client.get(URL))
    assert first != second
    client.post(URL, _data(kari, today, first))
    client.post(URL, _data(kari, today, second, display_name="Annen Person"))
    assert Resident.objects.count() == 2 and Stay.objects.count() == 2


@pytest.mark.parametrize("token", ["ikke-utstedt", "x" * 64])
def test_a_token_this_session_was_not_given_saves_nothing_and_keeps_the_input(client_for, kari, today, token):
    client = client_for(kari)
    response = client.post(URL, _data(kari, today, token))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Skjemaet er for gammelt" in html
    assert 'value="Tove Tosend"' in html
    fresh = _token(response)
    assert fresh != token
    assert Resident.objects.count() == 0
    assert client.post(URL, _data(kari, today, fresh)).status_code == 302
    assert Resident.objects.count() == 1


def test_another_users_token_is_not_accepted(client_for, kari, ola, today):
    ola_client = verified_login(Client(), ola)
    token = _token(ola_client.get(URL))
    response = client_for(kari).post(URL, _data(kari, today, token))
    assert response.status_code == 400
    assert Resident.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_sends_at_the_same_moment_register_one_resident(kari, today):
    outcomes: list = []
    errors: list = []

    def send(client, data, barrier):
        try:
            barrier.wait()
            response = client.post(URL, data)
            outcomes.append((response.status_code, response.get("Location")))
        except Exception as error:  # noqa: BLE001 - any failure is reported, not hidden
            errors.append(repr(error))
        finally:
            connection.close()

    for race in range(RACES):
        first = verified_login(Client(), kari)
        token = _token(first.get(URL))
        second = Client()
        second.cookies = first.cookies  # the same browser session, two requests in flight
        data = _data(kari, today, token, display_name=f"Samtidig {race}")
        barrier = threading.Barrier(2)
        outcomes.clear()
        threads = [threading.Thread(target=send, args=(c, data, barrier)) for c in (first, second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert errors == []
        assert [status for status, _ in outcomes] == [302, 302]
        assert outcomes[0][1] == outcomes[1][1]
    print(f"{RACES} double sends on {connection.vendor}: {Resident.objects.count()} residents")
    assert Resident.objects.count() == RACES
    assert Stay.objects.count() == RACES
    assert AuditEvent.objects.filter(action="resident.registered").count() == RACES
