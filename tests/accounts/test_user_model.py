"""The project's own account model (ADR 0020) and the command that creates the first operator."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken

from boligplan.accounts.models import TOTPDevice
from boligplan.audit.models import AuditEvent
from boligplan.audit.report import staff_name
from boligplan.core.models import Membership
from config.settings import base
from tests.accounts.test_twofactor_and_sessions import code_for

User = get_user_model()
STRONG = "Fjelltur-i-regnvaer-2026"
STRICT = override_settings(AUTH_PASSWORD_VALIDATORS=base.AUTH_PASSWORD_VALIDATORS)


def test_the_user_model_is_the_projects_own():
    assert User._meta.label == "accounts.User"
    assert {f.name for f in User._meta.get_fields()} >= {
        "full_name",
        "email",
        "language",
        "is_operator",
        "security_stamp",
        "wants_morning_digest",
    }
    assert not hasattr(User, "first_name") or User.first_name is None  # one name field, not two


@pytest.mark.django_db
def test_the_display_name_is_the_full_name_or_else_the_user_name():
    named = User.objects.create_user(username="kari2", full_name="  Kari Nordmo ")
    unnamed = User.objects.create_user(username="ola2")

    assert named.display_name == "Kari Nordmo"
    assert unnamed.display_name == "ola2"
    assert named.get_full_name() == named.display_name == str(named)
    assert named.get_short_name() == "Kari"
    assert unnamed.get_short_name() == "ola2"
    assert staff_name(named) == "Kari Nordmo"  # the audit log's words come from the same place


@pytest.mark.django_db
def test_email_is_kept_in_lower_case_and_unique_without_regard_to_case():
    user = User.objects.create_user(username="a", email="Kari.Nordmo@Fjordby.EXAMPLE")
    assert user.email == "kari.nordmo@fjordby.example"
    user.email = " MiXeD@Example.org "
    user.save()
    user.refresh_from_db()
    assert user.email == "mixed@example.org"

    with pytest.raises(IntegrityError), transaction.atomic():
        # Bypassing save(): the database itself refuses the same address in other letters.
        User.objects.bulk_create([User(username="b", email="MIXED@example.org")])
    # Accounts without an address do not collide with each other.
    User.objects.create_user(username="c")
    User.objects.create_user(username="d")


@pytest.mark.django_db
def test_defaults_of_a_new_account():
    user = User.objects.create_user(username="ny")
    assert (user.language, user.is_operator, user.security_stamp, user.wants_morning_digest) == ("nb", False, 0, False)


@pytest.mark.django_db
def test_the_security_stamp_moves_only_forward_and_a_stale_copy_does_not_put_it_back():
    user = User.objects.create_user(username="stamp")
    stale = User.objects.get(pk=user.pk)

    assert user.bump_security_stamp() == 1
    assert user.bump_security_stamp() == 2
    stale.full_name = "Endret navn"
    stale.save()  # loaded before both bumps

    user.refresh_from_db()
    assert (user.security_stamp, user.full_name) == (2, "Endret navn")


@pytest.mark.django_db
def test_deactivating_an_account_moves_its_security_stamp():
    user = User.objects.create_user(username="slutter")
    user.full_name = "Navn endret"
    user.save()
    assert User.objects.get(pk=user.pk).security_stamp == 0  # an ordinary change does not

    user.is_active = False
    user.save()

    assert User.objects.get(pk=user.pk).security_stamp == 1


# --- manage.py create_operator ----------------------------------------------------------------


def create_operator(monkeypatch, password=STRONG, **overrides):
    if password is None:
        monkeypatch.delenv("BOLIGPLAN_OPERATOR_PASSWORD", raising=False)
    else:
        monkeypatch.setenv("BOLIGPLAN_OPERATOR_PASSWORD", password)
    args = {"username": "dina", "email": "Dina@Drift.example", "full_name": "Dina  Drift"} | overrides
    out, err = io.StringIO(), io.StringIO()
    with STRICT:
        options = [f"--{key.replace('_', '-')}={value}" for key, value in args.items()]
        call_command("create_operator", *options, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


@pytest.mark.django_db
def test_create_operator_makes_an_operator_with_no_shelter_and_an_audit_row(monkeypatch):
    output = create_operator(monkeypatch)

    user = User.objects.get(username="dina")
    assert user.is_operator and user.is_active and not user.is_superuser and not user.is_staff
    assert (user.full_name, user.email) == ("Dina Drift", "dina@drift.example")
    assert user.check_password(STRONG)
    assert not Membership.objects.filter(user=user).exists()
    assert not TOTPDevice.objects.filter(user=user).exists()  # enrolled at the first login
    assert STRONG not in output  # no secret printed
    row = AuditEvent.objects.get(action="operator.created")
    assert row.actor is None and row.shelter_id is None
    assert row.fields == "email,full_name,password,username"  # field names, never values


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["kort-pass11", "qwerty123456", "123456789012", "dina@drift.example"], ids=str)
def test_create_operator_refuses_a_weak_password(monkeypatch, password):
    with pytest.raises(CommandError, match="Password refused") as refused:
        create_operator(monkeypatch, password=password)

    assert password not in str(refused.value)
    assert not User.objects.filter(username="dina").exists()
    assert not AuditEvent.objects.filter(action="operator.created").exists()


@pytest.mark.django_db
def test_create_operator_refuses_a_taken_name_or_address(monkeypatch):
    create_operator(monkeypatch)
    with pytest.raises(CommandError, match="exists already"):
        create_operator(monkeypatch, username="DINA", email="annen@drift.example")
    with pytest.raises(CommandError, match="exists already"):
        create_operator(monkeypatch, username="dina2", email="DINA@drift.example")
    with pytest.raises(CommandError):
        create_operator(monkeypatch, username="dina3", email="ikke-en-adresse")
    assert User.objects.filter(is_operator=True).count() == 1


@pytest.mark.django_db
def test_create_operator_asks_twice_for_the_password_at_a_terminal(monkeypatch):
    answers = iter([STRONG, STRONG])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)

    create_operator(monkeypatch, password=None)

    assert User.objects.get(username="dina").check_password(STRONG)


@pytest.mark.django_db
def test_create_operator_without_a_terminal_or_the_variable_stops(monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    with pytest.raises(CommandError, match="BOLIGPLAN_OPERATOR_PASSWORD"):
        create_operator(monkeypatch, password=None)
    assert not User.objects.exists()


@pytest.mark.django_db
def test_the_new_operator_must_enrol_totp_and_then_sees_no_case(client, monkeypatch, settings, make_stay):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    stay = make_stay(display_name="Tone Testbeboer")
    create_operator(monkeypatch)

    assert client.post("/logg-inn/", {"username": "dina", "password": STRONG}).status_code == 302
    assert client.get("/")["Location"].split("?", 1)[0] == reverse("accounts:twofactor-enrol")
    assert client.get(reverse("accounts:twofactor-enrol")).status_code == 200
    device = TOTPDevice.objects.get(user__username="dina", confirmed=False)
    assert client.post(reverse("accounts:twofactor-enrol"), {"token": code_for(device)}).status_code == 200
    assert StaticToken.objects.filter(device__user__username="dina").count() == 10

    home = client.get("/")
    assert home.status_code == 200
    assert "Du er driftsansvarlig" in home.content.decode()
    page = client.get(reverse("residents:stay-detail", kwargs={"stay_id": stay.pk}))
    assert page.status_code == 404
    assert "Tone Testbeboer" not in page.content.decode()
