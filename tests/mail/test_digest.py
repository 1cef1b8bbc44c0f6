"""The morning digest (mail/digest.py): counts of one's own tasks due today and overdue, and a
link; through a real SMTP server; once a day; only for staff who asked; and the page to ask."""

import datetime
import io
import re
import uuid

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse

from boligplan.audit.models import AuditEvent
from boligplan.housing import services as housing_services
from boligplan.mail.digest import counts_for, send_morning_digest
from boligplan.mail.models import DigestSent
from tests.conftest import make_user


def _task(actor, stay, title, *, due, assignee=None):
    return housing_services.task_create(
        actor=actor, stay=stay, title=title, responsible_party="krisesenter", assignee=assignee, due_date=due
    )


def _opt_in(user, address):
    user.email, user.wants_morning_digest = address, True
    user.save(update_fields=["email", "wants_morning_digest"])
    return user


@pytest.fixture
def tone(make_stay):
    return make_stay(display_name="Tone Testbeboer", days_ago=10)


def test_counts_of_ones_own_items_through_a_real_smtp_server(smtp_server, kari, ola, tone, make_stay, today):
    _opt_in(kari, "kari@fjordby.test")
    before = counts_for(kari, today=today)
    yesterday = today - datetime.timedelta(days=1)
    _task(kari, tone, "Ring Nav om depositum for Tone", due=today)
    _task(kari, tone, "Søk bostøtte", due=today, assignee=kari)
    _task(kari, tone, "Send søknad om startlån", due=yesterday)
    _task(kari, tone, "Ola sin oppgave", due=today, assignee=ola)  # held by Ola: not Kari's
    _task(kari, tone, "Senere", due=today + datetime.timedelta(days=9))

    result = send_morning_digest()

    assert result["sent"] == 1
    [received] = smtp_server.received
    assert received.rcpt_tos == ["kari@fjordby.test"]
    body = received.message.get_content()
    due_today, overdue = before.due_today + 2, before.overdue + 1
    assert f"{due_today} oppgaver forfaller i dag, {overdue} er forsinket." in body
    assert "https://boligplan.test/oppgaver/?mine=on" in body
    assert "https://boligplan.test/konto/morgenoversikt/" in body
    # Counts and links only: no resident, no task title.
    for text in ("Tone", "Testbeboer", "T.T.", "depositum", "bostøtte", "startlån"):
        assert text not in body and text not in received.message["Subject"]


def _heading_count(html: str, key: str) -> int:
    match = re.search(rf'id="gruppe-{key}">[^<]*<span class="app-muted">\((\d+)\)</span>', html)
    assert match, f"no group {key}"
    return int(match.group(1))


def test_the_counts_are_those_the_queue_shows_with_bare_mine(client_for, kari, ola, tone, today):
    _task(kari, tone, "Søk bostøtte", due=today)
    _task(kari, tone, "Send søknad", due=today - datetime.timedelta(days=3))
    _task(kari, tone, "Olas", due=today, assignee=ola)
    html = client_for(kari).get(reverse("worklist:queue") + "?mine=on").content.decode()
    counts = counts_for(kari, today=today)
    assert counts.due_today == _heading_count(html, "i-dag") >= 1
    assert counts.overdue == _heading_count(html, "forsinket") >= 1


def test_once_a_day_however_often_it_runs(smtp_server, kari, tone, today):
    _opt_in(kari, "kari@fjordby.test")
    _task(kari, tone, "Søk bostøtte", due=today)

    first, second = send_morning_digest(), send_morning_digest()

    assert (first["sent"], second["sent"], second["already_sent"]) == (1, 0, 1)
    assert len(smtp_server.received) == 1
    tomorrow = send_morning_digest(now=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1))
    assert tomorrow["sent"] == 1 and len(smtp_server.received) == 2


def test_only_staff_who_asked_with_an_address_and_a_queue(smtp_server, shelter, kari, ola, stian, tone, today):
    _task(kari, tone, "Søk bostøtte", due=today, assignee=ola)
    _task(kari, tone, "Ring Nav", due=today, assignee=kari)
    kari.email = "kari@fjordby.test"  # has an address, did not ask
    kari.save(update_fields=["email"])
    ola.wants_morning_digest = True  # asked, has no address
    ola.save(update_fields=["wants_morning_digest"])
    _opt_in(stian, "stian@fjordby.test")  # statistics only: no queue
    gone = _opt_in(make_user("gunn", shelter, "ansatt", "Gunn"), "gunn@fjordby.test")
    gone.is_active = False
    gone.save(update_fields=["is_active"])

    result = send_morning_digest()

    assert result["recipients"] == 0 and smtp_server.received == []


def test_never_to_the_national_operator_even_with_a_membership_by_mistake(smtp_server, shelter, operator, tone, today):
    from boligplan.core.models import Membership

    Membership.objects.create(user=operator, shelter=shelter, role="leder")
    _opt_in(operator, "dina@drift.example")
    assert send_morning_digest()["recipients"] == 0 and smtp_server.received == []


def test_nothing_is_sent_on_a_day_with_nothing_due(smtp_server, shelter, tone):
    _opt_in(make_user("nina", shelter, "ansatt", "Nina"), "nina@fjordby.test")  # holds nothing
    result = send_morning_digest()
    assert (result["recipients"], result["nothing_due"], result["sent"]) == (1, 1, 0)
    assert smtp_server.received == [] and not DigestSent.objects.exists()


def test_a_failed_send_is_tried_again_by_the_next_run(smtp_server, settings, kari, tone, today):
    from tests.smtp import free_port

    _opt_in(kari, "kari@fjordby.test")
    _task(kari, tone, "Søk bostøtte", due=today)
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nobody listens there

    failed = send_morning_digest()
    assert (failed["failed"], failed["sent"]) == (1, 0)
    assert not DigestSent.objects.exists()

    settings.EMAIL_PORT = port
    assert send_morning_digest()["sent"] == 1
    assert len(smtp_server.received) == 1


def test_one_refused_address_does_not_stop_the_others(smtp_server, kari, ola, tone, today):
    _opt_in(kari, "kari@fjordby.test")
    _opt_in(ola, "ola@fjordby.test")
    _task(kari, tone, "Søk bostøtte", due=today, assignee=kari)
    _task(kari, tone, "Ring Nav", due=today, assignee=ola)
    smtp_server.inbox.refuse.add("kari@fjordby.test")

    result = send_morning_digest()

    assert (result["sent"], result["failed"]) == (1, 1)
    assert [item.rcpt_tos for item in smtp_server.received] == [["ola@fjordby.test"]]
    assert list(DigestSent.objects.values_list("user__username", flat=True)) == ["ola"]


def test_a_nynorsk_user_gets_it_too(smtp_server, kari, tone, today):
    """Rendered under the user's language (sending.language_of); with no nynorsk catalogue yet,
    the bokmål text is what arrives."""
    _opt_in(kari, "kari@fjordby.test")
    kari.language = "nn"
    kari.save(update_fields=["language"])
    _task(kari, tone, "Søk bostøtte", due=today)
    assert send_morning_digest()["sent"] == 1
    assert "oppgave" in smtp_server.received[0].message.get_content()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row-level security exists only on PostgreSQL")
def test_under_row_level_security_as_the_application_role(smtp_server, kari, ola, tone, today):
    """run_jobs runs as a role that row-level security binds: the digest sets each person's
    shelter, so the counts are the same as the owner sees, and the mail goes out."""
    _opt_in(kari, "kari@fjordby.test")
    _task(kari, tone, "Søk bostøtte", due=today)
    expected = counts_for(kari, today=today)
    name = f"boligplan_app_{uuid.uuid4().hex[:8]}"  # created inside the test's transaction: rolled back
    call_command("create_app_role", name, stdout=io.StringIO())
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {name}")  # nosemgrep: sql-from-fstring - generated name
        try:
            assert counts_for(kari, today=today) == expected
            assert send_morning_digest()["sent"] == 1
        finally:
            cursor.execute("RESET ROLE")
    assert expected.due_today >= 1
    assert f"{expected.due_today} oppgave" in smtp_server.received[0].message.get_content()


# --- The setting page ----------------------------------------------------------------------------

SETTINGS = reverse("mail:settings")


def test_turning_it_on_and_off_with_an_audit_row(client_for, kari):
    kari.email = "kari@fjordby.test"
    kari.save(update_fields=["email"])
    client = client_for(kari)
    page = client.get(SETTINGS)
    assert page.status_code == 200 and "kari@fjordby.test" in page.content.decode()

    response = client.post(SETTINGS, {"wants_morning_digest": "on"})
    assert response.status_code == 302
    kari.refresh_from_db()
    assert kari.wants_morning_digest
    assert AuditEvent.objects.filter(action="account.digest_changed", actor_id=kari.pk).count() == 1

    client.post(SETTINGS, {})
    kari.refresh_from_db()
    assert not kari.wants_morning_digest
    assert AuditEvent.objects.filter(action="account.digest_changed", actor_id=kari.pk).count() == 2


def test_without_an_address_the_answer_is_next_to_the_field(client_for, kari):
    response = client_for(kari).post(SETTINGS, {"wants_morning_digest": "on"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Du har ingen e-postadresse i Boligplan" in html and 'id="id_wants_morning_digest_error"' in html
    kari.refresh_from_db()
    assert not kari.wants_morning_digest


def test_roles_without_a_queue_have_no_digest_page(client_for, stian):
    assert client_for(stian).get(SETTINGS).status_code == 403


def test_the_queue_links_to_the_setting(client_for, kari):
    assert SETTINGS in client_for(kari).get(reverse("worklist:queue")).content.decode()
