"""Key the audit chain and make the purge an owner-only path (ADR 0013).

- Every row gets `seq`, its place in the chain, and the chain is rebuilt in the v2 format: an
  HMAC-SHA256 under AUDIT_CHAIN_KEY (audit/chain.py: row_seal). Nothing was deployed with v1, so
  the rows of a development or demo database are simply sealed again, in id order, from the
  genesis hash; no v1 row survives, so the verifier knows one format only. This needs the key in
  the environment when there are rows to seal.
- AuditAnchor: where the chain starts after a retention purge, sealed with the same key.
- The guard is replaced. PostgreSQL: the trigger lets DELETE/TRUNCATE through only for the
  table's owner *and* with the transaction-local purge setting on (before, the setting alone was
  enough, and any role can set it). SQLite: the purge permit names the last seq it allows and
  carries an HMAC, checked by a function the application registers on its connections.

Order matters on SQLite: AddField/AlterField rebuild the table, and a rebuild drops its triggers,
so the old guard is removed first and the new one created last.
"""

from django.db import migrations, models
from django.utils import timezone

from boligplan.audit.chain import GENESIS, chain_key, row_seal

OLD_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_auditevent_no_delete",
    "DROP TRIGGER IF EXISTS audit_auditevent_no_update",
    "DROP TABLE IF EXISTS audit_purge_permit",
]
OLD_POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS audit_auditevent_no_truncate ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_auditevent_no_change ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_auditevent_refuse_change()",
]

SQLITE_CREATE = [
    # Rows here exist only inside a purging transaction (audit/guard.py: purge_permitted).
    "CREATE TABLE audit_purge_permit (up_to_seq INTEGER NOT NULL, seal TEXT NOT NULL)",
    """CREATE TRIGGER audit_auditevent_no_update BEFORE UPDATE ON audit_auditevent
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END""",
    """CREATE TRIGGER audit_auditevent_no_delete BEFORE DELETE ON audit_auditevent
    WHEN NOT EXISTS (
        SELECT 1 FROM audit_purge_permit p
        WHERE OLD.seq <= p.up_to_seq AND boligplan_audit_permit_ok(p.up_to_seq, p.seal) = 1
    )
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END""",
]
SQLITE_DROP = OLD_SQLITE_DROP

POSTGRESQL_CREATE = [
    """CREATE FUNCTION audit_auditevent_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        -- The setting alone proves nothing (any role can set it): the role must own the table.
        IF TG_OP IN ('DELETE', 'TRUNCATE')
           AND coalesce(current_setting('boligplan.allow_audit_purge', true), '') = 'on'
           AND pg_catalog.pg_has_role(
                   current_user, (SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid = TG_RELID), 'MEMBER'
               ) THEN
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
POSTGRESQL_DROP = OLD_POSTGRESQL_DROP


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql, params=None)


def _pick(vendor, sqlite, postgresql):
    if vendor == "sqlite":
        return sqlite
    if vendor == "postgresql":
        return postgresql
    raise NotImplementedError(f"the append-only audit guard has no triggers for {vendor}")


def drop_old_guard(apps, schema_editor):
    _run(schema_editor, _pick(schema_editor.connection.vendor, OLD_SQLITE_DROP, OLD_POSTGRESQL_DROP))


def create_new_guard(apps, schema_editor):
    _run(schema_editor, _pick(schema_editor.connection.vendor, SQLITE_CREATE, POSTGRESQL_CREATE))


def drop_new_guard(apps, schema_editor):
    _run(schema_editor, _pick(schema_editor.connection.vendor, SQLITE_DROP, POSTGRESQL_DROP))


def seal_existing_rows(apps, schema_editor):
    """Number the rows in id order and seal them again, from the genesis hash (format v2)."""
    AuditEvent = apps.get_model("audit", "AuditEvent")
    db = schema_editor.connection.alias
    rows = AuditEvent.objects.using(db).order_by("pk")
    if not rows.exists():
        return
    key = chain_key()
    prev_hash, batch = GENESIS, []
    for seq, event in enumerate(rows.iterator(chunk_size=2000), start=1):
        event.seq = seq
        event.prev_hash = prev_hash
        event.row_hash = row_seal(
            key=key,
            seq=seq,
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
            AuditEvent.objects.using(db).bulk_update(batch, ["seq", "prev_hash", "row_hash"])
            batch = []
    if batch:
        AuditEvent.objects.using(db).bulk_update(batch, ["seq", "prev_hash", "row_hash"])


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_hash_chain")]

    operations = [
        migrations.RunPython(drop_old_guard, migrations.RunPython.noop, elidable=False),
        migrations.AddField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveBigIntegerField(editable=False, null=True),
        ),
        migrations.RunPython(seal_existing_rows, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveBigIntegerField(editable=False, unique=True),
        ),
        migrations.CreateModel(
            name="AuditAnchor",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("seq", models.PositiveBigIntegerField(unique=True)),
                ("row_hash", models.CharField(max_length=64)),
                ("made_at", models.DateTimeField(default=timezone.now)),
                ("seal", models.CharField(max_length=64)),
            ],
            options={"ordering": ["-seq"]},
        ),
        migrations.RunPython(create_new_guard, drop_new_guard, elidable=False),
    ]
