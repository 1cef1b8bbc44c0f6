"""Shared by the audit tampering tests: which database a test needs, the two audit commands, the head
file (a fixture, offered through tests/audit/conftest.py) and a few audit rows."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from boligplan.audit.services import audit_record

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="roles and grants are PostgreSQL's")
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite purge permit")


def verify() -> str:
    out = StringIO()
    call_command("verify_audit_chain", stdout=out, stderr=StringIO())
    return out.getvalue()


def checkpoint(*args) -> str:
    out = StringIO()
    call_command("audit_checkpoint", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def head_file(settings, tmp_path):
    settings.AUDIT_HEAD_FILE = str(tmp_path / "audit-head.json")
    return tmp_path / "audit-head.json"


def write_rows(shelter, user, count=5):
    return [audit_record(actor=user, action="stay.viewed", obj=shelter, shelter_id=shelter.pk) for _ in range(count)]
