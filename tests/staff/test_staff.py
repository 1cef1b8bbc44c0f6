"""Staff accounts (issue #12): invitations, roles, deactivation, second-factor reset, the
operator's pages, and who may reach what (ADR 0021)."""

import datetime
import re
import threading

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice

from boligplan.accounts.models import TOTPDevice, UserSession
from boligplan.audit.models import AuditEvent
from boligplan.core.models import Membership, Shelter
from boligplan.staff import selectors, services
from boligplan.staff.jobs import expire_invitations
from boligplan.staff.models import Invitation
from tests.conftest import PASSWORD, make_user, verified_login

BASE = "http://testserver"
NEW_PASSWORD = "fjell-og-fjord-og-hav-2026"
LINK = re.compile(r"https?://[^/\s]+/invitasjon/([A-Za-z0-9_-]+)/")


def invite(actor, shelter, email="ny.ansatt@example.org", name="Nora Nyansatt", role="ansatt"):
    return services.staff_invite(actor=actor, shelter=shelter, email=email, full_name=name, role=role, base_url=BASE)


def token_from_mail(index=-1):
    return LINK.search(mail.outbox[index].body).group(1)


@pytest.fixture
def other_leader(other_shelter):
    return make_user("asbyleder", other_shelter, "leder", "Åse Leder")


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


OPERATOR_PAGES = ["staff:operator-shelters", "staff:operator-shelter-create", "staff:operator-changes"]


@pytest.mark.parametrize("username", ["lene", "kari", "stian"])
def test_shelter_staff_get_404_on_operator_pages(request, client_for, shelter, username):
    client = client_for(request.getfixturevalue(username))
    for name in OPERATOR_PAGES:
        assert client.get(reverse(name)).status_code == 404
    assert client.get(reverse("staff:operator-shelter", args=[shelter.pk])).status_code == 404
    response = client.post(
        reverse("staff:operator-shelter-create"),
        {"name": "Nytt senter", "leader_name": "Lea Leder", "leader_email": "lea@example.org"},
    )
    assert response.status_code == 404
    assert not Shelter.objects.filter(name="Nytt senter").exists()


def test_the_operator_never_reaches_case_pages_or_the_leaders_staff_page(client_for, operator, lene, stay):
    client = client_for(operator)
    start = client.get(reverse("reports:overview")).content.decode()
    assert "Du er driftsansvarlig" in start and stay.resident.display_name not in start
    assert reverse("staff:operator-shelters") in start  # her way on to her own pages
    for url in [
        reverse("residents:stay-detail", args=[stay.pk]),
        reverse("worklist:queue"),
        reverse("staff:staff-list"),
        reverse("staff:staff-member", args=[lene.pk]),
    ]:
        assert client.get(url).status_code == 404, url


# The operator


def test_the_operator_creates_a_shelter_and_invites_its_first_leader(client_for, operator, client):
    browser = client_for(operator)
    response = browser.post(
        reverse("staff:operator-shelter-create"),
        {"name": "Havby krisesenter", "leader_name": "Hilde Havby", "leader_email": "hilde@example.org"},
    )

    shelter = Shelter.objects.get(name="Havby krisesenter")
    assert response.status_code == 302 and response.url == reverse("staff:operator-shelter", args=[shelter.pk])
    membership = Membership.objects.get(shelter=shelter)
    assert membership.role == "leder" and membership.user.email == "hilde@example.org"
    assert mail.outbox[0].to == ["hilde@example.org"]
    assert AuditEvent.objects.filter(action="shelter.created", shelter_id=shelter.pk, actor=operator).exists()
    page = browser.get(response.url).content.decode()
    assert "Hilde Havby" in page and "Invitert" in page and "Opprettet senteret" in page
    assert "Havby krisesenter" in browser.get(reverse("staff:operator-shelters")).content.decode()
    assert "Inviterte en ansatt" in browser.get(reverse("staff:operator-changes")).content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"name": "fjordby KRISESENTER", "leader_name": "Lea L", "leader_email": "lea@example.org"},
            "name",
            "finnes allerede et senter",
        ),
        ({"name": "", "leader_name": "Lea L", "leader_email": "lea@example.org"}, "name", "påkrevet"),
        (
            {"name": "Nytt senter", "leader_name": "Lea L", "leader_email": "lea"},
            "leader_email",
            "gyldig e-postadresse",
        ),
        (
            {"name": "Nytt senter", "leader_name": "Lea L", "leader_email": "LENE@example.org"},
            "leader_email",
            "finnes allerede en konto",
        ),
    ],
)
def test_bad_shelter_input_gets_a_message_and_saves_nothing(client_for, operator, lene, shelter, data, field, message):
    lene.email = "lene@example.org"
    lene.save()
    shelters_before = Shelter.objects.count()
    response = client_for(operator).post(reverse("staff:operator-shelter-create"), data)

    assert response.status_code == 400
    body = response.content.decode()
    assert f'id="id_{field}_error"' in body and message in body
    assert Shelter.objects.count() == shelters_before
    assert not mail.outbox


def test_the_operators_staff_list_shows_names_roles_status_and_last_login(client_for, operator, lene, kari, shelter):
    kari.last_login = timezone.now()
    kari.save()
    page = client_for(operator).get(reverse("staff:operator-shelter", args=[shelter.pk])).content.decode()
    assert "Lene" in page and "Kari" in page and "Leder" in page and "Aktiv" in page
    assert "Aldri" in page  # lene's last login


# Commands


def test_create_shelter_and_add_staff_commands(db):
    call_command("create_shelter", "Bergby krisesenter")
    shelter = Shelter.objects.get(name="Bergby krisesenter")
    with pytest.raises(CommandError, match="exists already"):
        call_command("create_shelter", "bergby krisesenter")

    call_command(
        "add_staff",
        "--shelter",
        "Bergby krisesenter",
        "--email",
        "Bo@Example.org",
        "--name",
        "Bo Berg",
        "--role",
        "leder",
        "--site-url",
        "https://boligplan.example",
    )
    assert Membership.objects.get(shelter=shelter).user.email == "bo@example.org"
    assert "https://boligplan.example/invitasjon/" in mail.outbox[0].body
    with pytest.raises(CommandError, match="finnes allerede en konto"):
        call_command(
            "add_staff",
            "--shelter",
            "Bergby krisesenter",
            "--email",
            "bo@example.org",
            "--name",
            "Bo B",
            "--role",
            "ansatt",
            "--site-url",
            "https://boligplan.example",
        )
    with pytest.raises(CommandError, match="Not an e-mail address"):
        call_command(
            "add_staff", "--shelter", "Bergby krisesenter", "--email", "bo@", "--name", "Bo B",
            "--role", "ansatt", "--site-url", "https://boligplan.example",
        )  # fmt: skip
    with pytest.raises(CommandError, match="No shelter"):
        call_command(
            "add_staff", "--shelter", "Ukjent", "--email", "x@example.org", "--name", "X Y", "--role", "ansatt"
        )

    call_command(
        "create_shelter",
        "Dalby krisesenter",
        "--leader-email",
        "dag@example.org",
        "--leader-name",
        "Dag Dal",
        "--site-url",
        "https://boligplan.example",
    )
    assert Membership.objects.get(shelter__name="Dalby krisesenter").role == "leder"
    assert AuditEvent.objects.filter(action="shelter.created").count() == 2


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


def test_the_operator_invites_a_new_leader_when_the_old_one_left(client_for, operator, lene, shelter):
    url = reverse("staff:operator-shelter", args=[shelter.pk])
    client = client_for(operator)
    bad = client.post(url, {"full_name": "Liv Leder", "email": "liv"})
    assert bad.status_code == 400 and 'id="id_email_error"' in bad.content.decode()

    assert client.post(url, {"full_name": "Liv Leder", "email": "liv@example.org"}).status_code == 302
    membership = Membership.objects.get(user__email="liv@example.org")
    assert membership.shelter == shelter and membership.role == "leder"
    assert AuditEvent.objects.filter(action="staff.invited", actor=operator, shelter_id=shelter.pk).count() == 1
    # A leader cannot use the operator's form, not even for her own shelter.
    assert client_for(lene).post(url, {"full_name": "X Y", "email": "x@example.org"}).status_code == 404
    assert not Membership.objects.filter(user__email="x@example.org").exists()


def test_the_invitation_token_never_reaches_the_logs(lene, shelter):
    from boligplan.ops.logs import safe_path

    invite(lene, shelter)
    token = token_from_mail()
    assert token not in safe_path(reverse("staff:invitation-accept", args=[token]))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row-level security exists only on PostgreSQL")
def test_every_staff_service_works_as_the_application_role_under_row_level_security(operator, shelter, lene, kari):
    """The operator (no shelter), the anonymous link and the job run with no shelter set; the
    services set the shelter they write for, so nothing is refused by the database."""
    import io
    import uuid

    from django.db import transaction

    from boligplan.core.tenancy import SETTING

    name = f"boligplan_app_{uuid.uuid4().hex[:8]}"  # made inside the test's transaction: rolled back
    call_command("create_app_role", name, stdout=io.StringIO())
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {name}")  # nosemgrep: sql-from-fstring - generated name

        def as_request_for(shelter_id):
            # What TenantMiddleware would have set for this request: a shelter, or none at all.
            cursor.execute("SELECT set_config(%s, %s, true)", [SETTING, str(shelter_id or "")])

        try:
            as_request_for(None)  # the operator
            sent = services.shelter_create(
                actor=operator, name="Havby krisesenter", leader_email="h@example.org", leader_name="H H", base_url=BASE
            )
            assert len(selectors.staff_list(shelter_id=sent.invitation.shelter_id)) == 1
            as_request_for(None)  # the link, before anyone is logged in
            assert services.invitation_for_token(token_from_mail()) is not None
            services.invitation_accept(token=token_from_mail(), password=NEW_PASSWORD)
            as_request_for(shelter.pk)  # the leader
            invite(lene, shelter)
            services.staff_change_role(actor=lene, membership=kari.membership, role="barnekontakt")
            services.staff_deactivate(actor=lene, membership=kari.membership)
            as_request_for(None)  # the job runner
            later = timezone.now() + datetime.timedelta(hours=73)
            assert expire_invitations(now=later) == {"expired": 1}
        finally:
            cursor.execute("RESET ROLE")
    assert Membership.objects.get(user__email="h@example.org").user.is_active


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


def test_the_operators_shelter_list_costs_the_same_for_1_and_10_shelters(client_for, operator, shelter, lene):
    client = client_for(operator)
    client.get(reverse("staff:operator-shelters"))
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("staff:operator-shelters")).status_code == 200
    for n in range(9):
        other = Shelter.objects.create(name=f"Senter {n}")
        make_user(f"leder{n}", other, "leder", f"Leder {n}")
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("staff:operator-shelters"))
    assert len(many) == len(few)
    assert "Senter 8" in page.content.decode()
