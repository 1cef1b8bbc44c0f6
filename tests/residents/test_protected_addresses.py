"""Protected addresses: masked, revealed with a reason after a recent password check, or never stored."""

import time

import pytest
from django.urls import reverse

from boligplan.audit.models import AuditEvent
from boligplan.residents.addresses import REAUTH_AT_KEY, letter_address
from boligplan.residents.choices import FORWARDING_ADDRESS
from boligplan.residents.models import Stay
from tests.conftest import PASSWORD

ADDRESS = "Kanarifuglveien 77, 9999 Hemmeligby"


def page(client, stay):
    return client.get(reverse("residents:stay-detail", args=[stay.pk])).content.decode()


def set_address(client, stay, address=ADDRESS):
    return client.post(reverse("residents:stay-address-edit", args=[stay.pk]), {"address": address})


def set_grading(client, stay, grading):
    return client.post(reverse("residents:resident-protection-edit", args=[stay.pk]), {"grading": grading})


def test_ungraded_address_is_shown_to_the_case_staff(client_for, kari, stay):
    client = client_for(kari)
    assert set_address(client, stay).status_code == 302
    assert ADDRESS in page(client, stay)
    assert AuditEvent.objects.filter(action="address.changed", stay_id=stay.pk).count() == 1


def test_confidential_address_is_masked_and_never_put_back_in_a_form(client_for, kari, stay):
    client = client_for(kari)
    set_address(client, stay)
    set_grading(client, stay, "FORTROLIG")
    assert ADDRESS not in page(client, stay)
    assert ADDRESS not in client.get(reverse("residents:stay-address-edit", args=[stay.pk])).content.decode()


def test_reveal_needs_a_reason_and_the_password_and_is_audited(client_for, kari, stay):
    client = client_for(kari)
    set_address(client, stay)
    set_grading(client, stay, "FORTROLIG")
    url = reverse("residents:stay-address-reveal", args=[stay.pk])

    no_reason = client.post(url, {"password": PASSWORD})
    wrong_password = client.post(url, {"reason": "brev", "password": "feil-passord-her"})
    for response in (no_reason, wrong_password):
        assert response.status_code == 400
        assert ADDRESS not in response.content.decode()
    assert not AuditEvent.objects.filter(action="address.revealed").exists()

    shown = client.post(url, {"reason": "brev", "password": PASSWORD})
    assert shown.status_code == 200
    assert ADDRESS in shown.content.decode()
    assert ADDRESS not in shown.content.decode().split("<title>")[1].split("</title>")[0]
    event = AuditEvent.objects.get(action="address.revealed")
    assert (event.actor, event.reason, event.stay_id) == (kari, "brev", stay.pk)
    assert ADDRESS not in str(event.__dict__)

    # Within five minutes the password is not asked again; after that it is.
    assert client.post(url, {"reason": "sikkerhet"}).status_code == 200
    session = client.session
    session[REAUTH_AT_KEY] = int(time.time()) - 6 * 60
    session.save()
    assert client.post(url, {"reason": "sikkerhet"}).status_code == 400
    assert AuditEvent.objects.filter(action="address.revealed").count() == 2


def test_read_only_roles_and_other_shelters_cannot_reveal(client_for, kari, berit, frida, stian, stay):
    client = client_for(kari)
    set_address(client, stay)
    set_grading(client, stay, "FORTROLIG")
    url = reverse("residents:stay-address-reveal", args=[stay.pk])
    assert client_for(berit).post(url, {"reason": "brev", "password": PASSWORD}).status_code == 403
    assert client_for(stian).post(url, {"reason": "brev", "password": PASSWORD}).status_code == 403
    assert client_for(frida).post(url, {"reason": "brev", "password": PASSWORD}).status_code == 404


@pytest.mark.parametrize("grading", ["STRENGT_FORTROLIG", "STRENGT_FORTROLIG_UTLAND"])
def test_strictly_confidential_address_cannot_be_stored_and_is_erased(client_for, kari, stay, grading):
    client = client_for(kari)
    set_address(client, stay)
    assert set_grading(client, stay, grading).status_code == 302
    stay.refresh_from_db()
    assert stay.new_home_address == ""
    assert AuditEvent.objects.filter(action="address.erased", stay_id=stay.pk).count() == 1

    refused = set_address(client, stay, "Ny hemmelig vei 1")
    assert refused.status_code == 400
    assert "strengt fortrolig" in refused.content.decode()
    stay.refresh_from_db()
    assert stay.new_home_address == ""
    assert letter_address(Stay.objects.select_related("resident").get(pk=stay.pk)) == FORWARDING_ADDRESS
    assert "SOT6" in page(client, stay)
