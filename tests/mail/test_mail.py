"""E-mail for real: SMTP from the environment, a deployment check, and the guard that no e-mail
in the suite carries anything about a resident (tests/mailguard.py, ADR 0022)."""

import importlib
import smtplib

import pytest
from django.core import mail
from django.core.checks import run_checks
from django.test import override_settings

from boligplan.mail.sending import absolute_url, send_to_staff
from tests import mailguard

TEMPLATE = "mail/morning_digest.txt"
CONTEXT = {"due_today": 2, "overdue": 0, "queue_url": "https://boligplan.test/oppgaver/", "settings_url": "x"}


@pytest.fixture
def kari_with_address(kari):
    kari.email = "kari@fjordby.test"
    kari.save(update_fields=["email"])
    return kari


def test_a_message_goes_through_a_real_smtp_server(smtp_server, kari_with_address, mailoutbox):
    send_to_staff(user=kari_with_address, subject="Boligplan: prøve", template=TEMPLATE, context=CONTEXT)

    [received] = smtp_server.received
    assert received.rcpt_tos == ["kari@fjordby.test"]
    assert received.mail_from == "boligplan@test.invalid"
    message = received.message
    assert message["Subject"] == "Boligplan: prøve"
    assert message["Auto-Submitted"] == "auto-generated"
    assert "2 oppgaver forfaller i dag, 0 er forsinket." in message.get_content()
    # It went out through SMTP, not into Django's in-memory outbox.
    assert mailoutbox == []


def test_starttls_and_login_as_a_production_relay_asks(smtp_server_tls, kari_with_address):
    send_to_staff(user=kari_with_address, subject="Boligplan: prøve", template=TEMPLATE, context=CONTEXT)

    [received] = smtp_server_tls.received
    assert received.authenticated_as == "boligplan-relay"
    assert "2 oppgaver forfaller i dag" in received.message.get_content()


def test_the_relay_refuses_a_wrong_password(smtp_server_tls, kari_with_address, settings):
    settings.EMAIL_HOST_PASSWORD = "feil-passord"
    with pytest.raises(smtplib.SMTPAuthenticationError):
        send_to_staff(user=kari_with_address, subject="x", template=TEMPLATE, context=CONTEXT)
    assert smtp_server_tls.received == []


def test_links_use_the_public_address(settings):
    settings.SITE_URL = "https://boligplan.example.no"
    assert absolute_url("/oppgaver/?mine=on") == "https://boligplan.example.no/oppgaver/?mine=on"


# --- The guard -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "leak",
    ["Tone Hansen", "T.H.", "TH", "Storgata 12, 0155 Oslo", "Mia"],
    ids=["name", "initials-dotted", "initials", "address", "child"],
)
def test_the_guard_refuses_an_email_naming_a_resident(leak, smtp_server, kari_with_address, make_stay, today, settings):
    from boligplan.children.models import Child
    from boligplan.residents.models import Stay

    stay = make_stay(display_name="Tone Hansen")
    # Stored as the services would; the guard reads the database, whatever wrote it.
    Stay.objects.filter(pk=stay.pk).update(new_home_address="Storgata 12, 0155 Oslo")
    Child.objects.create(shelter=stay.shelter, stay=stay, first_name="Mia", birth_year=today.year - 6)
    violations, sent = len(mailguard.VIOLATIONS), len(mailguard.SENT)

    with pytest.raises(mailguard.ResidentDataInEmail, match="resident data"):
        mail.send_mail("Oppdatering", f"Hei, dette gjelder {leak}.", None, ["kari@fjordby.test"])

    # Refused before it left: the SMTP server got nothing, and the violation is on record even
    # for code that would have swallowed the exception (conftest.py fails the test then).
    assert smtp_server.received == []
    assert leak in mailguard.VIOLATIONS[-1]
    # This test's violation was the point: take it off the record so the run is not failed.
    del mailguard.VIOLATIONS[violations:]
    del mailguard.SENT[sent:]


def test_the_guard_looks_at_the_subject_and_alternatives_too(make_stay, kari_with_address):
    make_stay(display_name="Ida Iversen")
    violations, sent = len(mailguard.VIOLATIONS), len(mailguard.SENT)
    subject_leak = mail.EmailMessage("Om Ida Iversen", "Ingen navn her.", to=["kari@fjordby.test"])
    html_leak = mail.EmailMultiAlternatives("Hei", "Ingen navn her.", to=["kari@fjordby.test"])
    html_leak.attach_alternative("<p>Ida Iversen</p>", "text/html")
    for message in (subject_leak, html_leak):
        with pytest.raises(mailguard.ResidentDataInEmail):
            message.send()
    del mailguard.VIOLATIONS[violations:]
    del mailguard.SENT[sent:]


def test_an_email_without_resident_data_passes(make_stay, kari_with_address, mailoutbox):
    make_stay(display_name="Ida Iversen")
    mail.send_mail("Boligplan", "3 oppgaver forfaller i dag, 1 er forsinket.", None, ["kari@fjordby.test"])
    assert len(mailoutbox) == 1


def test_matching_is_whole_words_and_case_sensitive():
    values = {"Tone Hansen", "T.H.", "TH", "Klar", "Mia"}
    assert mailguard.found_in("til Tone Hansen.", values) == ["Tone Hansen"]
    assert mailguard.found_in("(T.H.) og TH", values) == ["T.H.", "TH"]
    assert mailguard.found_in("klar til innflytting; Miami; THE END", values) == []


def test_initials_are_derived_from_a_full_name():
    assert mailguard.initials_of("Tone Hansen") == {"T.H.", "TH", "T. H."}
    assert mailguard.initials_of("Åse Ørnæs-Berg") == {"Å.Ø.B.", "ÅØB", "Å. Ø. B."}
    assert mailguard.initials_of("A.B.") == set()


def test_the_end_of_session_scan_finds_a_name_saved_in_another_test():
    sent = [
        mailguard.SentMail(test="tests/test_x.py::test_a", to=("a@b.test",), text="Tone Hansen flytter"),
        mailguard.SentMail(test="tests/test_x.py::test_b", to=("a@b.test",), text="3 oppgaver forfaller i dag"),
    ]
    findings = mailguard.session_findings(sent=sent, values={"Tone Hansen", "I.I."})
    assert findings == ["tests/test_x.py::test_a: e-mail to ['a@b.test'] carries ['Tone Hansen']"]


def test_residents_saved_in_the_suite_are_remembered_for_the_scan(make_stay):
    make_stay(display_name="Rita Rapport")
    assert {"Rita Rapport", "R.R.", "RR"} <= mailguard.SEEN_VALUES


# --- Settings and the deployment check -------------------------------------------------------------


def _errors(**values):
    with override_settings(**values):
        return {error.id for error in run_checks(include_deployment_checks=True, tags=["email"])}


GOOD = {
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "smtp.example.no",
    "EMAIL_USE_TLS": True,
    "EMAIL_HOST_PASSWORD": "x",
    "DEFAULT_FROM_EMAIL": "boligplan@example.no",
    "SITE_URL": "https://boligplan.example.no",
}


def test_deployment_check_passes_a_configured_server():
    assert _errors(**GOOD) == set()


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"EMAIL_HOST": ""}, "mail.E001"),
        ({"EMAIL_USE_TLS": False, "EMAIL_USE_SSL": False}, "mail.E002"),
        ({"DEFAULT_FROM_EMAIL": ""}, "mail.E003"),
        ({"SITE_URL": ""}, "mail.E004"),
        ({"SITE_URL": "http://boligplan.example.no"}, "mail.E004"),
    ],
)
def test_deployment_check_names_what_is_missing(change, error):
    assert _errors(**(GOOD | change)) == {error}


def test_email_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("EMAIL_HOST", "smtp.example.no")
    monkeypatch.setenv("EMAIL_PORT", "465")
    monkeypatch.setenv("EMAIL_USE_SSL", "true")
    monkeypatch.setenv("EMAIL_HOST_USER", "relay")
    monkeypatch.setenv("EMAIL_HOST_PASSWORD", "hemmelig")
    monkeypatch.setenv("DEFAULT_FROM_EMAIL", "boligplan@example.no")
    base = importlib.reload(importlib.import_module("config.settings.base"))
    try:
        assert base.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"
        assert (base.EMAIL_HOST, base.EMAIL_PORT, base.EMAIL_HOST_USER) == ("smtp.example.no", 465, "relay")
        assert base.EMAIL_USE_SSL is True and base.EMAIL_USE_TLS is False  # implicit TLS replaces STARTTLS
        assert base.DEFAULT_FROM_EMAIL == "boligplan@example.no"
        dev = importlib.reload(importlib.import_module("config.settings.dev"))
        assert dev.EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend"
    finally:
        monkeypatch.undo()
        importlib.reload(importlib.import_module("config.settings.base"))
        importlib.reload(importlib.import_module("config.settings.dev"))
