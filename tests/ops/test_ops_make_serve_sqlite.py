"""`make migrate` then `make serve` on one shelter's SQLite file, as docs/operations.md says.

`make serve` no longer migrates: on a file that is not migrated it stops with a message naming
`make migrate`; after `make migrate` it serves (check --deploy, collectstatic, check_serving,
gunicorn). The PostgreSQL side, with its two roles, is tests/ops/test_ops_serve_postgres.py.
"""

from tests.ops_make import environment, get, make, make_serve, manage, run


def test_make_migrate_then_make_serve_on_sqlite(tmp_path):
    env = environment(SQLITE_PATH=str(tmp_path / "boligplan.sqlite3"))

    refused = manage("check_serving", env=env)
    assert refused.returncode != 0
    assert "migrations are not applied" in refused.stderr and "make migrate" in refused.stderr, refused.stderr

    migrated = run(make("migrate"), env)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr

    with make_serve(env, tmp_path / "serve.log") as served:
        status, body = get(served.port, "/helse/")
        assert (status, body) == (200, '{"status": "ok"}')
        status, body = get(served.port, "/logg-inn/")
        assert status == 200 and 'name="password"' in body
        text = served.text()
    assert "Ready to serve: every migration is applied (SQLite)." in text
    assert "manage.py migrate" not in text
