"""The leader's staff page (ADR 0021): roles, deactivation, second-factor reset, the last leader, and
who may reach which page."""

import datetime
import threading

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice

from boligplan.accounts.models import TOTPDevice, UserSession
from boligplan.audit.models import AuditEvent
from boligplan.core.models import Membership
from boligplan.staff import selectors, services
from boligplan.staff.jobs import expire_invitations
from boligplan.staff.models import Invitation
from tests.conftest import PASSWORD, make_user, verified_login
from tests.staff.helpers import BASE, invite, token_from_mail

# Roles


def test_the_leader_changes_a_role_and_the_stamp_moves(client_for, lene, kari):
    stamp = kari.security_stamp
    response = client_for(lene).post(reverse("staff:staff-role", args=[kari.pk]), {"role": "barnekontakt"})

    assert response.status_code == 302
    kari.refresh_from_db()
    assert kari.membership.role == "barnekontakt"
    assert kari.security_stamp > stamp
    event = AuditEvent.objects.get(action="staff.role_changed")
    assert event.fields == "role:barnekontakt" and event.actor_id == lene.pk


def test_a_leader_cannot_remove_the_last_leader(client_for, lene, shelter):
    second = make_user("leder2", shelter, "leder", "Liv Leder")
    client = client_for(second)
    assert client.post(reverse("staff:staff-deactivate", args=[lene.pk])).status_code == 302
    lene.refresh_from_db()
    assert not lene.is_active

    # Now `second` is the only leader; a colleague promoted and then demoting her is refused.
    kari = make_user("kari2", shelter, "leder", "Kari Leder")
    services.staff_change_role(actor=kari, membership=second.membership, role="ansatt")
    with pytest.raises(services.ValidationError, match="minst én aktiv leder"):
        services.staff_change_role(actor=second, membership=Membership.objects.get(user=kari), role="ansatt")
    with pytest.raises(services.ValidationError, match="eneste aktive leder"):
        services.staff_deactivate(actor=second, membership=Membership.objects.get(user=kari))
    response = client_for(kari).post(reverse("staff:staff-role", args=[kari.pk]), {"role": "ansatt"})
    assert response.status_code == 400
    assert "din egen konto" in response.content.decode()
    assert Membership.objects.get(user=kari).role == "leder"


def test_the_only_leader_cannot_close_herself_or_be_closed(client_for, lene, kari):
    response = client_for(lene).post(reverse("staff:staff-deactivate", args=[lene.pk]))
    assert response.status_code == 400
    assert "din egen konto" in response.content.decode()
    with pytest.raises(services.ValidationError, match="eneste aktive leder"):
        services.staff_deactivate(actor=kari, membership=lene.membership)
    lene.refresh_from_db()
    assert lene.is_active


# Deactivation


def test_deactivation_ends_every_session_at_once_and_keeps_everything(client_for, lene, kari, stay, shelter):
    from django.test import Client

    kari_browser = verified_login(Client(), kari)
    kari_phone = verified_login(Client(), kari)
    assert kari_browser.get(reverse("reports:overview")).status_code == 200
    assert UserSession.objects.filter(user=kari).count() == 2

    response = client_for(lene).post(reverse("staff:staff-deactivate", args=[kari.pk]), follow=True)

    assert response.status_code == 200
    assert "Kontoen til Kari er avsluttet. 2 åpne økter ble avsluttet." in response.content.decode()
    kari.refresh_from_db()
    assert not kari.is_active
    assert not UserSession.objects.filter(user=kari).exists()
    assert not Session.objects.filter(session_key=kari_browser.session.session_key).exists()
    assert not Session.objects.filter(session_key=kari_phone.session.session_key).exists()
    # Her next click lands on the login page.
    next_click = kari_browser.get(reverse("reports:overview"))
    assert next_click.status_code == 302 and next_click.url.startswith(reverse("login"))
    # Nothing of hers is deleted, and the log keeps her name.
    assert Membership.objects.filter(user=kari, shelter=shelter).exists()
    assert AuditEvent.objects.filter(actor=kari).exists()
    changes = selectors.staff_changes(shelter_id=shelter.pk)
    assert changes[0].whom == "Kari" and changes[0].who == "Lene"
    again = kari_browser.post(reverse("login"), {"username": "kari", "password": PASSWORD})
    assert again.status_code == 200 and "_auth_user_id" not in kari_browser.session
    assert {r.name: r.status_label for r in selectors.staff_list(shelter_id=shelter.pk)}["Kari"] == "Avsluttet"


def test_closing_an_invited_account_kills_its_link(client, lene, shelter):
    invite(lene, shelter)
    token = token_from_mail()
    member = Membership.objects.get(user__email="ny.ansatt@example.org")
    services.staff_deactivate(actor=lene, membership=member)

    assert client.get(reverse("staff:invitation-accept", args=[token])).status_code == 404
    assert {r.name: r.status for r in selectors.staff_list(shelter_id=shelter.pk)}["Nora Nyansatt"] == "closed"
    with pytest.raises(services.ValidationError, match="allerede avsluttet"):
        services.staff_deactivate(actor=lene, membership=member)
    with pytest.raises(services.ValidationError):
        services.invitation_resend(actor=lene, membership=member, base_url=BASE)


# Second factor


def test_reset_needs_the_leaders_own_password(client_for, lene, kari):
    device = TOTPDevice.objects.create(user=kari, name="app", confirmed=True)
    url = reverse("staff:staff-reset-second-factor", args=[kari.pk])
    response = client_for(lene).post(url, {"password": "feil-passord"})

    assert response.status_code == 400
    assert "Passordet stemmer ikke" in response.content.decode()
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert not AuditEvent.objects.filter(action="staff.second_factor_reset").exists()


def test_reset_removes_the_app_and_recovery_codes_and_the_person_enrols_again(client_for, lene, kari):
    from django.test import Client

    TOTPDevice.objects.create(user=kari, name="app", confirmed=True)
    StaticDevice.objects.create(user=kari, name="recovery", confirmed=True)
    stamp = kari.security_stamp

    response = client_for(lene).post(reverse("staff:staff-reset-second-factor", args=[kari.pk]), {"password": PASSWORD})

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=kari).exists()
    assert not StaticDevice.objects.filter(user=kari).exists()
    kari.refresh_from_db()
    assert kari.security_stamp > stamp
    assert AuditEvent.objects.filter(action="staff.second_factor_reset", actor=lene).count() == 1
    browser = Client()
    browser.post(reverse("login"), {"username": "kari", "password": PASSWORD})
    assert browser.get(reverse("reports:overview")).url.startswith(reverse("accounts:twofactor-enrol"))


# Who may reach what


def _member_urls(user_id):
    return [
        ("GET", reverse("staff:staff-member", args=[user_id])),
        ("POST", reverse("staff:staff-role", args=[user_id])),
        ("GET", reverse("staff:staff-deactivate", args=[user_id])),
        ("POST", reverse("staff:staff-deactivate", args=[user_id])),
        ("GET", reverse("staff:staff-reset-second-factor", args=[user_id])),
        ("POST", reverse("staff:staff-reset-second-factor", args=[user_id])),
        ("POST", reverse("staff:staff-resend", args=[user_id])),
    ]


STAFF_PAGES = [("GET", "staff:staff-list"), ("GET", "staff:staff-invite"), ("POST", "staff:staff-invite")]


def _send(client, method, url, data=None):
    return client.get(url) if method == "GET" else client.post(url, data or {"role": "leder", "password": PASSWORD})


def test_a_leader_of_another_shelter_gets_the_same_404_for_every_id_of_ours(
    client_for, other_leader, lene, kari, shelter
):
    invite(lene, shelter)
    invited = Membership.objects.get(user__email="ny.ansatt@example.org").user
    client = client_for(other_leader)
    missing = get_user_model().objects.order_by("-pk").first().pk + 1000
    before = (AuditEvent.objects.count(), Membership.objects.filter(role="leder").count())
    for target in (lene, kari, invited):
        for (method, url), (_, missing_url) in zip(_member_urls(target.pk), _member_urls(missing), strict=True):
            found, absent = _send(client, method, url), _send(client, method, missing_url)
            assert found.status_code == absent.status_code == 404, url
            assert target.display_name not in found.content.decode()
    kari.refresh_from_db()
    lene.refresh_from_db()
    assert kari.is_active and lene.is_active and kari.membership.role == "ansatt"
    assert (AuditEvent.objects.count(), Membership.objects.filter(role="leder").count()) == before


@pytest.mark.parametrize("username", ["kari", "berit", "stian"])
def test_staff_without_the_capability_get_403_before_any_lookup(request, client_for, lene, username):
    client = client_for(request.getfixturevalue(username))
    for method, name in STAFF_PAGES:
        assert _send(client, method, reverse(name)).status_code == 403
    for method, url in _member_urls(lene.pk) + _member_urls(999999):
        assert _send(client, method, url).status_code == 403


def test_anonymous_is_sent_to_login(client, lene):
    for method, url in [
        ("GET", reverse("staff:staff-list")),
        *_member_urls(lene.pk),
        ("GET", reverse("staff:operator-shelters")),
    ]:
        response = _send(client, method, url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


# Queries


def test_the_staff_list_costs_the_same_for_1_and_20_accounts(client_for, lene, shelter):
    client = client_for(lene)
    client.get(reverse("staff:staff-list"))
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("staff:staff-list")).status_code == 200
    for n in range(20):
        make_user(f"ansatt{n}", shelter, "ansatt", f"Ansatt {n}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("staff:staff-list")).status_code == 200
    assert len(many) == len(few)


def test_staff_audit_rows_fit_the_leaders_review_page(client_for, lene, kari, shelter):
    invite(lene, shelter)
    services.staff_change_role(actor=lene, membership=kari.membership, role="barnekontakt")
    Invitation.objects.update(
        created_at=timezone.now() - datetime.timedelta(hours=80),
        expires_at=timezone.now() - datetime.timedelta(hours=8),
    )
    expire_invitations()  # a row with no actor
    response = client_for(lene).get(reverse("audit:review-list"))
    assert response.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_two_leaders_closing_each_other_at_once_leave_one_leader(shelter):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:memorydb", ":memory:")):
        pytest.skip("threads need a database file or PostgreSQL; the PostgreSQL run covers this")
    anna = make_user("anna", shelter, "leder", "Anna Leder")
    berta = make_user("berta", shelter, "leder", "Berta Leder")
    start = threading.Barrier(2)
    outcomes = []

    def close(actor, target):
        start.wait()
        try:
            services.staff_deactivate(actor=actor, membership=Membership.objects.get(user=target))
            outcomes.append("closed")
        except services.ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=close, args=pair) for pair in ((anna, berta), (berta, anna))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["closed", "refused"]
    assert get_user_model().objects.filter(pk__in=[anna.pk, berta.pk], is_active=True).count() == 1
