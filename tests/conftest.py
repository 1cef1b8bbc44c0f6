"""Shared test people and shelters, defined once (architecture.md, "Tests").

Everyone here is synthetic. The cast:
  kari      contact person (ansatt) at Fjordby krisesenter
  ola       colleague (ansatt) at Fjordby
  berit     children's contact person (barnekontakt) at Fjordby
  lene      leader (leder) at Fjordby
  stian     statistics only (statistikk) at Fjordby
  frida     contact person (ansatt) at another shelter, Åsby krisesenter
"""

import datetime
import time
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django_otp import DEVICE_ID_SESSION_KEY

from boligplan.accounts import fastpath
from boligplan.accounts.models import TOTPDevice
from boligplan.accounts.sessions import LOGIN_AT_KEY
from boligplan.children import services as children_services
from boligplan.core.models import Membership, Shelter
from boligplan.housing import services as housing_services
from boligplan.residents import services as resident_services

PASSWORD = "test-passord-som-er-langt"


@pytest.fixture
def shelter(db):
    return Shelter.objects.create(name="Fjordby krisesenter")


@pytest.fixture
def other_shelter(db):
    return Shelter.objects.create(name="Åsby krisesenter")


def make_user(username, shelter, role, full_name=""):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, full_name=full_name)
    Membership.objects.create(user=user, shelter=shelter, role=role)
    return user


@pytest.fixture
def kari(shelter):
    return make_user("kari", shelter, "ansatt", "Kari")


@pytest.fixture
def ola(shelter):
    return make_user("ola", shelter, "ansatt", "Ola")


@pytest.fixture
def berit(shelter):
    return make_user("berit", shelter, "barnekontakt", "Berit")


@pytest.fixture
def lene(shelter):
    return make_user("lene", shelter, "leder", "Lene")


@pytest.fixture
def stian(shelter):
    return make_user("stian", shelter, "statistikk", "Stian")


@pytest.fixture
def frida(other_shelter):
    return make_user("frida", other_shelter, "ansatt", "Frida")


@pytest.fixture
def operator(db):
    """The national operator (driftsansvarlig): runs the instance, has no shelter, sees no case."""
    return get_user_model().objects.create_user(
        username="dina", password=PASSWORD, full_name="Dina Drift", email="dina@drift.example", is_operator=True
    )


@pytest.fixture
def today():
    from boligplan.core.forms import today as local_today

    return local_today()


@pytest.fixture
def make_stay(shelter, kari, today):
    """Register a resident at Fjordby; returns the open stay."""

    def _make(display_name="A.B.", birth_year=1990, days_ago=2, contact=None, at_shelter=None):
        return resident_services.resident_register(
            actor=contact or kari,
            shelter=at_shelter or shelter,
            display_name=display_name,
            birth_year=birth_year,
            arrival_date=today - datetime.timedelta(days=days_ago),
            contact_person=contact or kari,
        )

    return _make


@pytest.fixture
def stay(make_stay):
    return make_stay()


@pytest.fixture
def foreign_stay(other_shelter, frida, make_stay):
    return make_stay(display_name="X.Y.", contact=frida, at_shelter=other_shelter)


@pytest.fixture
def bad_input_ctx(make_stay, kari, frida, stian, today):
    """The stay, task, notification and child the bad-input tables post against (tests/badinput.py)."""
    stay = make_stay(display_name="Berta Beboer", days_ago=10)
    task = housing_services.task_create(
        actor=kari, stay=stay, title="Eksisterende oppgave", responsible_party="nav", assignee=None, due_date=None
    )
    notification = housing_services.notification_record(
        actor=kari,
        stay=stay,
        values={"agency": "nav", "sent_on": stay.arrival_date, "channel": "telefon", "request": "Første"},
    )
    child = children_services.child_add(
        actor=kari, stay=stay, first_name="Ada", birth_year=today.year - 9, school="Fjordby skole"
    )
    return SimpleNamespace(
        stay=stay,
        resident=stay.resident,
        arrival=stay.arrival_date,
        task=task,
        notification=notification,
        child=child,
        kari=kari,
        frida=frida,
        stian=stian,
        today=today,
    )


def verified_login(client, user):
    """Log the test client in as `user` with both factors done, as after a real TOTP login."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="test", confirmed=True
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[LOGIN_AT_KEY] = int(time.time())
    # As the first page after a real login leaves it (accounts/fastpath.py): the verified factor
    # kept under the account's stamp, and the session just written. So a test's first counted
    # page costs what every later page does.
    session[fastpath.VERIFIED_KEY] = [device.persistent_id, user.security_stamp]
    session[fastpath.TOUCHED_KEY] = int(time.time())
    session.save()
    return client


@pytest.fixture
def client_for(client):
    """A test client logged in as the given user, second factor included."""

    def _login(user):
        return verified_login(client, user)

    return _login


# --- E-mail: the guard on every message, and a real SMTP server (tests/mailguard.py, tests/smtp.py)


@pytest.fixture(scope="session", autouse=True)
def _mail_guard(django_test_environment):
    from tests import mailguard

    mailguard.install()
    mailguard.connect_signals()
    yield
    mailguard.uninstall()


@pytest.fixture(autouse=True)
def _no_resident_data_in_email(request):
    """Fails the test that sent an e-mail naming a resident, even if the code swallowed the error."""
    from tests import mailguard

    mailguard.CURRENT_TEST["nodeid"] = request.node.nodeid
    before = len(mailguard.VIOLATIONS)
    yield
    mailguard.CURRENT_TEST["nodeid"] = ""
    new = mailguard.VIOLATIONS[before:]
    if new:
        pytest.fail("E-mail with resident data: " + "; ".join(new), pytrace=False)


def pytest_sessionfinish(session, exitstatus):
    """The end-of-session scan: every e-mail of the run against every resident value saved in it."""
    from tests import mailguard

    findings = mailguard.session_findings()
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and mailguard.SENT:
        reporter.write_line(
            f"mailguard: {len(mailguard.SENT)} e-mail(s) sent in this run checked against "
            f"{len(mailguard.SEEN_VALUES)} resident name(s), initials and address(es) saved in it"
        )
    if findings:
        if reporter is not None:
            for line in findings:
                reporter.write_line(f"mailguard: RESIDENT DATA IN E-MAIL: {line}", red=True, bold=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def smtp_server(settings, tmp_path):
    """A real SMTP server for this test, and Django's settings sending to it through SMTP."""
    from tests.smtp import SMTPServer

    server = SMTPServer().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield server
    server.stop()


@pytest.fixture
def smtp_server_tls(settings, tmp_path, monkeypatch):
    """As smtp_server, with STARTTLS and a login required, like a production relay."""
    from tests import smtp

    cert, key = smtp.self_signed_certificate(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the client trusts the test's certificate
    server = smtp.SMTPServer(tls_files=(cert, key)).start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
    settings.EMAIL_USE_TLS, settings.EMAIL_USE_SSL = True, False
    settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = smtp.USERNAME, smtp.PASSWORD
    yield server
    server.stop()


def _compile_catalogues():
    """The nn and en catalogues as `make install` builds them: a .mo missing or older than its .po
    is compiled before any test runs (boligplan/core/catalogues.py), so a test never reads a stale one."""
    from boligplan.core.catalogues import compile_all

    compile_all(only_stale=True)


_compile_catalogues()
