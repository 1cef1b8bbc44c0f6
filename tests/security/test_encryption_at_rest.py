"""Personal data at rest: every free-text column is encrypted, and a canary typed into every text
field through the forms is found 0 times in the SQLite file or in a `pg_dump`; so are the TOTP
secrets.

The list of fields is derived from the models, not written out here: a new text column must be
an encrypted field, or be added to CLEAR below with its reason (and to docs/privacy.md), and a
new encrypted field must be reachable through a form in FORM_POSTS, or the tests fail. Rows
written before encryption, key rotation and the second-factor devices: test_encryption_in_place.py.
"""

import base64
import datetime
import re
from binascii import unhexlify

import pytest
from django.urls import reverse

from boligplan.accounts.models import TOTPDevice
from boligplan.core import crypto
from boligplan.core.fields import EncryptedTextField
from boligplan.safety.checklist import checklist_items
from tests.conftest import verified_login
from tests.security.columns import ROOT, encrypted_fields, label, project_models, text_fields
from tests.security.dump import database_bytes

# Text columns of the project's models that stay in clear, and why. Columns with a fixed list of
# choices (codes such as "ja", "nav", "ny_bolig") are enums and need no entry.
CLEAR = {
    "accounts.User.username": "staff account name, looked up at login; never a resident's",
    "accounts.User.password": "Argon2id hash of the password, never the password",
    "accounts.User.full_name": "a staff member's name (staff data, not case data); colleagues are sorted on it",
    "accounts.User.email": "a staff member's work address; unique without regard to case, matched at sign-in",
    "accounts.UserSession.session_key": "random key to find a session; Django's own session table holds it too",
    "accounts.PendingForm.id": "random key held in the browser's new session, to find the kept form",
    "accounts.PendingForm.path": "the form's address: opaque ids only, never names",
    "accounts.TOTPDevice.name": "the device's label, set by the app (never typed by a user)",
    "accounts.MunicipalSecondFactor.name": "the label 'kommunens innlogging', set by the app",
    "core.Shelter.name": "the organisation's name, not a person; unique and sorted on",
    "housing.Task.suggestion_key": "key of the app's own list of suggested tasks",
    "safety.ChecklistAnswer.item_key": "key of the app's own checklist item",
    "rental.Viewing.calendar_uid": "random identifier for calendar files; says nothing about anyone",
    "agencies.County.number": "public reference data",
    "agencies.County.name": "public reference data",
    "agencies.Municipality.number": "public reference data",
    "agencies.Municipality.name": "public reference data",
    "agencies.Municipality.other_names": "public reference data",
    "agencies.MunicipalityNumberHistory.old_number": "public reference data",
    "agencies.MunicipalityNumberHistory.old_name": "public reference data",
    "agencies.Agency.national_key": "key of a national service in the shipped data file",
    "agencies.Agency.name": "public name of an office; sorted on in the directory",
    "agencies.Agency.phone": "the office's public phone number",
    "agencies.Agency.email": "the office's public e-mail address",
    "agencies.Agency.address": "the office's public visiting address",
    "agencies.Agency.opening_hours": "the office's public opening hours",
    "audit.AuditEvent.action": "action name chosen by the code, never free text",
    "audit.AuditEvent.object_type": "model name chosen by the code",
    "audit.AuditEvent.fields": "field names (and counts) chosen by the code, never values",
    "audit.AuditEvent.prev_hash": "hash of the previous row (tamper evidence)",
    "audit.AuditEvent.row_hash": "hash of the row (tamper evidence)",
    "audit.AuditAnchor.row_hash": "seal of the last purged audit row, where the kept chain starts",
    "audit.AuditAnchor.seal": "HMAC over the anchor under the audit key (tamper evidence)",
    "ops.JobRun.name": "name of a scheduled job, chosen by the code (ops/jobs.py)",
    "staff.Invitation.token_hash": "SHA-256 of the invitation link's random token, never the token (ADR 0021)",
}


def marker(model_label: str, field_name: str) -> str:
    """A distinct canary per field, letters only (so no field's own rules refuse it)."""
    parts = re.split(r"[^a-z]+", f"{model_label}.{field_name}".lower())
    return "Kanari" + "".join(p.capitalize() for p in parts if p) + "Qz"


def test_every_text_column_is_encrypted_or_listed_as_clear_with_a_reason():
    unlisted = [
        label(model, field)
        for model in project_models()
        for field in text_fields(model)
        if not field.choices and label(model, field) not in CLEAR
    ]
    assert not unlisted, f"encrypt these (core/fields.py) or list them in CLEAR with a reason: {unlisted}"
    existing = {label(model, field) for model in project_models() for field in text_fields(model)}
    stale = sorted(set(CLEAR) - existing)
    assert not stale, f"CLEAR lists columns that are gone or now encrypted: {stale}"
    assert all(reason.strip() for reason in CLEAR.values())


def test_the_privacy_notes_name_every_clear_text_column():
    text = (ROOT / "docs" / "privacy.md").read_text()
    section = text.split("## Columns stored in clear", 1)
    assert len(section) == 2, "docs/privacy.md needs its section on columns stored in clear"
    missing = []
    for model in project_models():
        for field in text_fields(model):
            if f"`{field.column}`" not in section[1] or f"`{model._meta.db_table}`" not in section[1]:
                missing.append(label(model, field))
    assert not missing, f"docs/privacy.md does not list these clear columns: {missing}"


# --- The canary, typed in through the forms ---------------------------------------------------


def _serialise(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return str(value)


def submit(client, url, *, overrides=None, expect=302, page_url=None, form_key="form"):
    """GET the form page, keep what the form shows, put a canary in every encrypted model field,
    apply the overrides, and POST it like a browser would."""
    page = client.get(page_url or url)
    assert page.status_code == 200, (page_url or url, page.status_code)
    form = page.context[form_key]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = _serialise(value)
    model = getattr(getattr(form, "_meta", None), "model", None)
    if model is not None:
        for name in form.fields:
            field = next((f for f in model._meta.concrete_fields if f.name == name), None)
            if isinstance(field, EncryptedTextField):
                data[name] = marker(model._meta.label, name)
    data.update(overrides or {})
    response = client.post(url, data)
    if response.status_code != expect:
        errors = response.context["form"].errors if response.context and "form" in response.context else None
        raise AssertionError(f"{url}: HTTP {response.status_code}, {errors}")
    return response


def _new(model, before: set):
    return model.objects.exclude(pk__in=before).get()


@pytest.mark.django_db(transaction=True)
def test_a_canary_in_every_text_field_is_found_nowhere_in_the_database(client, kari, lene, today):
    from boligplan.agencies.models import Agency
    from boligplan.children.models import Child
    from boligplan.housing.models import Application, Notification, Task
    from boligplan.rental.models import RentalAd, Viewing
    from boligplan.residents.models import Stay
    from boligplan.safety.models import SafetyMeasure

    day = today.isoformat
    verified_login(client, lene)  # the leader may do every one of these, agencies included

    submit(
        client,
        reverse("residents:resident-register"),
        overrides={
            "display_name": marker("residents.Resident", "display_name"),
            "birth_year": "1985",
            "arrival_date": (today - datetime.timedelta(days=20)).isoformat(),
            "contact_person": str(kari.pk),
        },
    )
    stay = Stay.objects.get()
    on_stay = {"stay_id": stay.pk}
    submit(
        client,
        reverse("residents:note-add", kwargs=on_stay),
        page_url=reverse("residents:stay-detail", kwargs=on_stay),
        form_key="note_form",
        overrides={"text": marker("residents.JournalNote", "text")},
    )
    submit(
        client,
        reverse("residents:stay-address-edit", kwargs=on_stay),
        overrides={"address": marker("residents.Stay", "new_home_address")},
    )
    submit(client, reverse("housing:assessment-edit", kwargs=on_stay), overrides={"direction": "ny_bolig"})
    submit(client, reverse("housing:task-create", kwargs=on_stay), overrides={"responsible_party": "nav"})
    submit(
        client,
        reverse("housing:notification-create", kwargs=on_stay),
        overrides={"agency": "nav", "sent_on": day(), "channel": "brev", "answered_on": day()},
    )
    submit(
        client,
        reverse("housing:application-create", kwargs=on_stay),
        overrides={"kind": "kommunal_bolig", "status": "sendt", "sent_on": day()},
    )

    submit(client, reverse("children:child-add", kwargs=on_stay), overrides={"birth_year": str(today.year - 8)})
    on_child = {"child_id": Child.objects.get().pk}
    submit(client, reverse("children:child-wish-add", kwargs=on_child), overrides={"asked_on": day()})
    submit(
        client,
        reverse("children:child-information-add", kwargs=on_child),
        overrides={"told_on": day(), "phase": "for"},
    )

    submit(client, reverse("safety:safe-return-edit", kwargs=on_stay))
    submit(
        client,
        reverse("safety:measure-create", kwargs=on_stay),
        overrides={"kind": "besoksforbud", "status": "vurderes"},
    )
    item = checklist_items()[0]
    submit(
        client,
        reverse("safety:checklist-edit", kwargs=on_stay),
        overrides={f"answer_{item.key}": "ok", f"note_{item.key}": marker("safety.ChecklistAnswer", "note")},
    )

    submit(
        client,
        reverse("rental:ad-create", kwargs=on_stay),
        overrides={
            "monthly_rent": "12000",
            "deposit": "0",
            "source": "finn",
            "status": "vurderes",
            "link": "https://example.org/" + marker("rental.RentalAd", "link"),
        },
    )
    on_ad = {"ad_id": RentalAd.objects.get().pk}
    submit(
        client,
        reverse("rental:contact-add", kwargs=on_ad),
        page_url=reverse("rental:ad-detail", kwargs=on_ad),
        form_key="contact_form",
        overrides={"kind": "telefon", "contacted_on": day()},
    )
    submit(
        client,
        reverse("rental:viewing-create", kwargs=on_ad),
        overrides={"date": day(), "starts_at": "12:00", "ends_at": "12:30"},
    )

    submit(client, reverse("aftercare:plan-edit", kwargs=on_stay))
    submit(
        client,
        reverse("residents:stay-depart", kwargs=on_stay),
        overrides={"departure_date": day(), "destination": "ny_kommunal", "permanence": "varig"},
    )
    submit(
        client,
        reverse("aftercare:contact-create", kwargs=on_stay),
        overrides={"contacted_on": day(), "kind": "telefon"},
    )
    submit(client, reverse("agencies:agency-create"), overrides={"kind": "nav", "name": "NAV Fjordby"})

    # A form sent after the idle timeout is kept for its author until the next login (core/pending.py).
    from django.contrib.sessions.models import Session

    Session.objects.filter(session_key=client.cookies["sessionid"].value).update(
        expire_date=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    )
    kept = client.post(reverse("residents:note-add", kwargs=on_stay), {"text": marker("accounts.PendingForm", "data")})
    assert kept.status_code == 302
    verified_login(client, lene)

    # Every encrypted field got its canary through a form (so this test covers a new field only
    # when a form post above reaches it).
    unreached = []
    for model, field in encrypted_fields():
        canary = marker(model._meta.label, field.name)
        if not any(canary in (value or "") for value in model._base_manager.values_list(field.name, flat=True)):
            unreached.append(label(model, field))
    assert not unreached, f"no form post above planted a canary in: {unreached}"
    assert Task.objects.count() == Notification.objects.count() == Application.objects.count() == 1
    assert SafetyMeasure.objects.count() == Viewing.objects.count() == 1
    assert Agency.objects.filter(shelter__isnull=False).count() == 1

    dump = database_bytes()
    assert crypto.PREFIX.encode() in dump, "the encrypted rows must be in what was searched"
    assert b"NAV Fjordby" in dump, "a column kept in clear is found, so the search sees the rows"
    found = {
        label(model, field): dump.count(marker(model._meta.label, field.name).encode())
        for model, field in encrypted_fields()
    }
    assert set(found.values()) == {0}, {name: n for name, n in found.items() if n}


@pytest.mark.django_db(transaction=True)
def test_the_totp_secret_is_found_nowhere_in_the_database(client, kari):
    verified_login(client, kari)
    device = TOTPDevice.objects.get(user=kari)
    secret = unhexlify(device.key)
    assert len(secret) == 20
    dump = database_bytes()
    for needle in (device.key, device.key.upper(), base64.b32encode(secret).decode()):
        assert needle.encode() not in dump, needle
    assert secret not in dump
