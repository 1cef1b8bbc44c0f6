"""Invitations (ADR 0021): what the e-mail carries, setting a password from the link, and the link
used once, expired, replaced or raced."""

import datetime
import threading

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from boligplan.audit.models import AuditEvent
from boligplan.core.models import Membership
from boligplan.staff import selectors, services
from boligplan.staff.jobs import expire_invitations
from boligplan.staff.models import Invitation
from tests.staff.helpers import BASE, NEW_PASSWORD, invite, token_from_mail

# Inviting


def test_invitation_mail_carries_only_a_random_token_and_the_database_only_its_hash(lene, shelter):
    sent = invite(lene, shelter)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ny.ansatt@example.org"]
    token = token_from_mail()
    assert sent.link.endswith(f"/invitasjon/{token}/")
    # Nothing personal in the link, and the stored value cannot be turned back into it.
    assert "nora" not in sent.link.lower() and "example" not in sent.link
    invitation = Invitation.objects.get()
    assert token not in invitation.token_hash and invitation.token_hash == services.token_hash(token)
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(hours=72)
    # Plain text: the shelter, the link, the expiry. No resident and no other person.
    assert "Fjordby krisesenter" in message.body and "72 timer" in message.body
    assert "Nora" not in message.body
    user = invitation.user
    assert not user.is_active and not user.has_usable_password()
    assert Membership.objects.get(user=user).role == "ansatt"
    event = AuditEvent.objects.get(action="staff.invited")
    assert event.actor_id == lene.pk and event.shelter_id == shelter.pk and event.object_type == "user"
    assert "Nora" not in event.fields


def test_invite_page_sends_and_lists_the_new_person(client_for, lene):
    client = client_for(lene)
    response = client.post(
        reverse("staff:staff-invite"), {"full_name": "Nora  Nyansatt", "email": "Nora@Example.org ", "role": "ansatt"}
    )

    assert response.status_code == 302
    assert mail.outbox[0].to == ["nora@example.org"]
    page = client.get(reverse("staff:staff-list")).content.decode()
    assert "Nora Nyansatt" in page and "Invitert" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"full_name": "", "email": "a@example.org", "role": "ansatt"}, "full_name", "påkrevet"),
        ({"full_name": "Nora N", "email": "ikke-en-adresse", "role": "ansatt"}, "email", "gyldig e-postadresse"),
        ({"full_name": "Nora N", "email": "a@example.org", "role": ""}, "role", "påkrevet"),
        ({"full_name": "Nora N", "email": "a@example.org", "role": "sjef"}, "role", "gyldig valg"),
        ({"full_name": "Nora\nN", "email": "a@example.org", "role": "ansatt"}, "full_name", "én linje"),
    ],
)
def test_bad_invitations_get_a_message_next_to_the_field_and_save_nothing(client_for, lene, data, field, message):
    users_before = get_user_model().objects.count()
    response = client_for(lene).post(reverse("staff:staff-invite"), data)

    assert response.status_code == 400
    body = response.content.decode()
    assert f'id="id_{field}_error"' in body and message in body
    assert get_user_model().objects.count() == users_before
    assert not mail.outbox


@pytest.mark.parametrize("email", ["kari@example.org", "KARI@Example.ORG"])
def test_an_address_already_in_use_is_refused_with_a_clear_message(client_for, lene, kari, email):
    kari.email = "kari@example.org"
    kari.save()
    response = client_for(lene).post(
        reverse("staff:staff-invite"), {"full_name": "Kari Igjen", "email": email, "role": "ansatt"}
    )

    assert response.status_code == 400
    assert "Det finnes allerede en konto med denne e-postadressen" in response.content.decode()
    assert email in response.content.decode()  # the input is kept
    assert not Invitation.objects.exists() and not mail.outbox


def test_a_mail_server_that_fails_leaves_the_account_and_says_so(client_for, lene, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    response = client_for(lene).post(
        reverse("staff:staff-invite"), {"full_name": "Nora N", "email": "n@example.org", "role": "ansatt"}, follow=True
    )

    assert response.status_code == 200
    assert "e-posten kunne ikke sendes" in response.content.decode()
    assert Invitation.objects.count() == 1


# Accepting


def test_the_invited_person_sets_a_password_and_goes_on_to_enrol(client, lene, shelter):
    invite(lene, shelter)
    url = reverse("staff:invitation-accept", args=[token_from_mail()])

    assert client.get(url).status_code == 200
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 302 and response.url == reverse("accounts:twofactor-enrol")
    user = Invitation.objects.get().user
    user.refresh_from_db()
    assert user.is_active and user.check_password(NEW_PASSWORD)
    assert Invitation.objects.get().used_at is not None
    assert AuditEvent.objects.filter(action="staff.invitation_accepted", actor=user).count() == 1
    # Logged in, but nothing is reachable before the second factor.
    assert client.get(reverse("reports:overview")).url.startswith(reverse("accounts:twofactor-enrol"))
    # And she logs in with her e-mail address.
    client.logout()
    login = client.post(reverse("login"), {"username": "ny.ansatt@example.org", "password": NEW_PASSWORD})
    assert login.status_code == 302


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        ("kort", "kort", "for kort"),
        (NEW_PASSWORD, NEW_PASSWORD + "x", "ikke like"),
        ("password1234", "password1234", "for vanlig"),
    ],
)
def test_a_bad_password_is_refused_and_the_link_still_works(client, lene, shelter, first, second, message):
    invite(lene, shelter)
    url = reverse("staff:invitation-accept", args=[token_from_mail()])
    response = client.post(url, {"password1": first, "password2": second})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Invitation.objects.get().used_at is None
    assert client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}).status_code == 302


def test_the_link_works_once(client, lene, shelter):
    invite(lene, shelter)
    token = token_from_mail()
    url = reverse("staff:invitation-accept", args=[token])
    assert client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}).status_code == 302
    client.logout()

    again = client.post(url, {"password1": "et-annet-langt-passord", "password2": "et-annet-langt-passord"})
    assert again.status_code == 404 and "Lenken virker ikke" in again.content.decode()
    assert client.get(url).status_code == 404
    with pytest.raises(services.InvitationInvalid):
        services.invitation_accept(token=token, password="et-annet-langt-passord")
    user = Invitation.objects.get().user
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_two_tabs_that_both_loaded_the_form_cannot_both_use_it(lene, shelter):
    """Both requests found the invitation open; only the first claim wins (conditional update)."""
    invite(lene, shelter)
    token = token_from_mail()
    assert services.invitation_for_token(token) is not None
    assert services.invitation_for_token(token) is not None

    services.invitation_accept(token=token, password=NEW_PASSWORD)
    with pytest.raises(services.InvitationInvalid):
        services.invitation_accept(token=token, password="det-andre-fanens-passord")
    user = Invitation.objects.get().user
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_uses_of_one_link_give_one_account_password(shelter, lene):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:memorydb", ":memory:")):
        pytest.skip("threads need a database file or PostgreSQL; the PostgreSQL run covers this")
    invite(lene, shelter)
    token = token_from_mail()
    start = threading.Barrier(2)
    outcomes = []

    def use(password):
        start.wait()
        try:
            services.invitation_accept(token=token, password=password)
            outcomes.append(password)
        except services.InvitationInvalid:
            outcomes.append(None)
        finally:
            connection.close()

    threads = [threading.Thread(target=use, args=(f"passord-fra-fane-{n}-langt",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    winners = [o for o in outcomes if o]
    assert len(outcomes) == 2 and len(winners) == 1
    user = Invitation.objects.get().user
    user.refresh_from_db()
    assert user.check_password(winners[0])
    assert AuditEvent.objects.filter(action="staff.invitation_accepted").count() == 1


def test_an_expired_link_is_refused_and_the_job_ends_it_once(client, lene, shelter):
    invite(lene, shelter)
    token = token_from_mail()
    past = timezone.now() - datetime.timedelta(hours=73)
    Invitation.objects.update(created_at=past, expires_at=past + datetime.timedelta(hours=72))

    assert client.get(reverse("staff:invitation-accept", args=[token])).status_code == 404
    assert expire_invitations() == {"expired": 1}
    assert expire_invitations() == {"expired": 0}
    assert AuditEvent.objects.filter(action="staff.invitation_expired").count() == 1
    row = selectors.staff_list(shelter_id=shelter.pk)
    assert {r.name: r.status for r in row}["Nora Nyansatt"] == "expired"


def test_expire_invitations_leaves_open_and_used_ones(lene, shelter):
    invite(lene, shelter)
    invite(lene, shelter, email="to@example.org", name="Tora To")
    services.invitation_accept(token=token_from_mail(), password=NEW_PASSWORD)
    later = timezone.now() + datetime.timedelta(hours=71)
    assert expire_invitations(now=later) == {"expired": 0}
    assert expire_invitations(now=later + datetime.timedelta(hours=2)) == {"expired": 1}


def test_a_new_invitation_replaces_the_old_link(client_for, client, lene, shelter):
    invite(lene, shelter)
    old = token_from_mail()
    member = Membership.objects.get(user__email="ny.ansatt@example.org")
    response = client_for(lene).post(reverse("staff:staff-resend", args=[member.user_id]))
    assert response.status_code == 302
    new = token_from_mail()
    assert new != old
    client.logout()
    assert client.get(reverse("staff:invitation-accept", args=[old])).status_code == 404
    assert client.get(reverse("staff:invitation-accept", args=[new])).status_code == 200
    assert AuditEvent.objects.filter(action="staff.invitation_resent").count() == 1


def test_a_used_account_gets_no_new_invitation(lene, kari):
    with pytest.raises(services.ValidationError):
        services.invitation_resend(actor=lene, membership=kari.membership, base_url=BASE)


def test_the_invitation_token_never_reaches_the_logs(lene, shelter):
    from boligplan.ops.logs import safe_path

    invite(lene, shelter)
    token = token_from_mail()
    assert token not in safe_path(reverse("staff:invitation-accept", args=[token]))
