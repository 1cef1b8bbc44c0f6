"""Make the audit log tamper-evident (hash chain) and append-only (database triggers). ADR 0007.

Order matters on SQLite: AlterField and AddConstraint rebuild the table, and a rebuild drops the
table's triggers, so the triggers are created last. Any later migration that rebuilds
audit_auditevent on SQLite must create them again (`manage.py verify_audit_chain` reports
missing triggers).
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from boligplan.audit.chain import GENESIS, chain_hash

SQLITE_CREATE = [
    # A row here, inside the deleting transaction only, is the purge permit (see audit/guard.py).
    "CREATE TABLE audit_purge_permit (granted INTEGER NOT NULL)",
    """CREATE TRIGGER audit_auditevent_no_update BEFORE UPDATE ON audit_auditevent
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END""",
    """CREATE TRIGGER audit_auditevent_no_delete BEFORE DELETE ON audit_auditevent
    WHEN NOT EXISTS (SELECT 1 FROM audit_purge_permit)
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_auditevent_no_delete",
    "DROP TRIGGER IF EXISTS audit_auditevent_no_update",
    "DROP TABLE IF EXISTS audit_purge_permit",
]

POSTGRESQL_CREATE = [
    """CREATE FUNCTION audit_auditevent_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('DELETE', 'TRUNCATE')
           AND coalesce(current_setting('boligplan.allow_audit_purge', true), '') = 'on' THEN
            IF TG_OP = 'DELETE' THEN
                RETURN OLD;
            END IF;
            RETURN NULL;
        END IF;
        RAISE EXCEPTION 'audit log is append-only (% refused)', TG_OP USING ERRCODE = 'restrict_violation';
    END;
    $$""",
    """CREATE TRIGGER audit_auditevent_no_change BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_auditevent_refuse_change()""",
    """CREATE TRIGGER audit_auditevent_no_truncate BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_auditevent_refuse_change()""",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS audit_auditevent_no_truncate ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_auditevent_no_change ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_auditevent_refuse_change()",
]


def _statements(vendor: str, create: bool) -> list[str]:
    if vendor == "sqlite":
        return SQLITE_CREATE if create else SQLITE_DROP
    if vendor == "postgresql":
        return POSTGRESQL_CREATE if create else POSTGRESQL_DROP
    raise NotImplementedError(f"the append-only audit guard has no triggers for {vendor}")


def create_guard(apps, schema_editor):
    for sql in _statements(schema_editor.connection.vendor, create=True):
        schema_editor.execute(sql, params=None)


def drop_guard(apps, schema_editor):
    for sql in _statements(schema_editor.connection.vendor, create=False):
        schema_editor.execute(sql, params=None)


def chain_existing_rows(apps, schema_editor):
    """Rows written before this migration get their hashes, in id order, from the genesis hash."""
    AuditEvent = apps.get_model("audit", "AuditEvent")
    db = schema_editor.connection.alias
    prev_hash, batch = GENESIS, []
    for event in AuditEvent.objects.using(db).order_by("pk").iterator(chunk_size=2000):
        event.prev_hash = prev_hash
        event.row_hash = chain_hash(
            at=event.at,
            actor_id=event.actor_id,
            shelter_id=event.shelter_id,
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
            stay_id=event.stay_id,
            fields=event.fields,
            reason=event.reason,
            prev_hash=prev_hash,
        )
        prev_hash = event.row_hash
        batch.append(event)
        if len(batch) >= 2000:
            AuditEvent.objects.using(db).bulk_update(batch, ["prev_hash", "row_hash"])
            batch = []
    if batch:
        AuditEvent.objects.using(db).bulk_update(batch, ["prev_hash", "row_hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="reason",
            field=models.CharField(
                blank=True,
                choices=[
                    ("oppfolging", "Oppfølging av saken"),
                    ("brev", "Brev eller dokument til beboeren"),
                    ("instans", "Henvendelse til NAV, boligkontoret eller annen instans"),
                    ("sikkerhet", "Sikkerhetsvurdering"),
                    ("innsynsbegjaering", "Innsynsbegjæring fra beboeren"),
                    ("tilsyn", "Kontroll av tilgang (tilsyn)"),
                ],
                max_length=40,
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="row_hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="actor",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False),
        ),
        migrations.RunPython(chain_existing_rows, migrations.RunPython.noop, elidable=False),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(fields=("prev_hash",), name="audit_chain_no_fork"),
        ),
        migrations.RunPython(create_guard, drop_guard, elidable=False),
    ]
