"""The operator's pages and commands (ADR 0021): shelters and their first leader, the staff list across
shelters, and the operator kept away from case pages and the leader's staff page."""

import datetime

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from boligplan.audit.models import AuditEvent
from boligplan.core.models import Membership, Shelter
from boligplan.staff import selectors, services
from boligplan.staff.jobs import expire_invitations
from tests.conftest import make_user
from tests.staff.helpers import BASE, NEW_PASSWORD, invite, token_from_mail

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
