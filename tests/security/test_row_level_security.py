"""Isolation between shelters inside PostgreSQL: row-level security as a second wall.

The application's own queries are already scoped by the access layer (test_access_matrix.py).
These tests prove that the database refuses on its own, for a role that does not own the
tables — the way the application connects in production. SQLite has no row-level security; a
single shelter's SQLite file has no other shelter to be walled off from.
"""

import uuid

import psycopg
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boligplan.core.tenancy import EXEMPT, SETTING, tables_with_shelter_column

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row-level security exists only on PostgreSQL"
)


@pytest.fixture
def app_role(transactional_db):
    """A login role that does not own the tables, with ordinary read and write grants."""
    name = f"boligplan_app_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {name} LOGIN NOSUPERUSER NOBYPASSRLS")  # nosemgrep: sql-from-fstring
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {name}")  # nosemgrep: sql-from-fstring
        cursor.execute(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {name}"
        )  # nosemgrep: sql-from-fstring
        cursor.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {name}")  # nosemgrep: sql-from-fstring
    settings = connection.settings_dict
    conn = psycopg.connect(
        host=settings["HOST"] or "127.0.0.1", port=settings["PORT"] or 5432, dbname=settings["NAME"], user=name
    )
    yield conn
    conn.close()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP OWNED BY {name}")  # nosemgrep: sql-from-fstring
        cursor.execute(f"DROP ROLE {name}")  # nosemgrep: sql-from-fstring


def count(conn, table, shelter_id=None):
    with conn.transaction(), conn.cursor() as cursor:
        if shelter_id is not None:
            cursor.execute("SELECT set_config(%s, %s, true)", [SETTING, str(shelter_id)])
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608  # nosemgrep: sql-from-fstring - fixed names
        return cursor.fetchone()[0]


@postgres_only
def test_every_table_with_a_shelter_column_has_a_forced_policy(db):
    with connection.cursor() as cursor:
        tables = tables_with_shelter_column(cursor)
        cursor.execute(
            "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, "
            "EXISTS (SELECT 1 FROM pg_policies p WHERE p.tablename = c.relname) "
            "FROM pg_class c WHERE c.relname = ANY(%s)",
            [tables],
        )
        state = {name: (enabled, forced, has_policy) for name, enabled, forced, has_policy in cursor.fetchall()}
    assert len(tables) >= 10
    missing = [t for t in tables if t not in EXEMPT and state[t] != (True, True, True)]
    assert missing == [], f"tables with a shelter column but no forced row-level security: {missing}"


@postgres_only
def test_without_a_shelter_set_no_rows_are_visible(app_role, make_stay, foreign_stay):
    make_stay()
    assert count(app_role, "residents_stay") == 0
    assert count(app_role, "residents_resident") == 0


@postgres_only
def test_with_a_shelter_set_only_its_rows_are_visible(app_role, shelter, other_shelter, make_stay, foreign_stay):
    make_stay()
    make_stay(display_name="C.D.")
    assert count(app_role, "residents_stay", shelter.pk) == 2
    assert count(app_role, "residents_stay", other_shelter.pk) == 1
    assert count(app_role, "residents_journalnote", other_shelter.pk) == 0


@postgres_only
def test_writing_into_another_shelter_is_refused(app_role, shelter, other_shelter):
    with pytest.raises(psycopg.errors.InsufficientPrivilege), app_role.transaction(), app_role.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [SETTING, str(shelter.pk)])
        cursor.execute(
            "INSERT INTO residents_resident (id, shelter_id, display_name, birth_year, address_protection, "
            "created_at, version) VALUES (%s, %s, '', 1990, 'UGRADERT', now(), 1)",
            [uuid.uuid4(), other_shelter.pk],
        )


@postgres_only
def test_each_request_runs_with_its_own_shelter_set(client_for, kari, shelter):
    client = client_for(kari)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("reports:overview")).status_code == 200
    settings_made = [q["sql"] for q in queries.captured_queries if "set_config" in q["sql"]]
    assert settings_made and str(shelter.pk) in settings_made[0]


@postgres_only
def test_create_app_role_makes_a_role_that_row_level_security_binds(transactional_db, make_stay):
    from django.core.management import call_command

    make_stay()
    name = f"boligplan_app_{uuid.uuid4().hex[:8]}"
    call_command("create_app_role", name, stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings = connection.settings_dict
    try:
        with psycopg.connect(
            host=settings["HOST"] or "127.0.0.1", port=settings["PORT"] or 5432, dbname=settings["NAME"], user=name
        ) as conn:
            assert count(conn, "residents_stay") == 0
            assert count(conn, "core_shelter") >= 1  # not shelter data: readable
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP OWNED BY {name}")  # nosemgrep: sql-from-fstring
            cursor.execute(f"DROP ROLE {name}")  # nosemgrep: sql-from-fstring
