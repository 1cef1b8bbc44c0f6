"""Writing audit rows. Callers are services (for writes) and views (for reads of case data)."""

import re
from collections.abc import Iterable

from django.db import connection, models, transaction
from django.utils import timezone

from boligplan.core.dataversion import bump

from .chain import HASHED_COLUMNS, Start, chain_key, row_seal
from .choices import AccessReason
from .models import AuditAnchor, AuditEvent

_ACTION = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")
_UUID = models.UUIDField()

# Key of the PostgreSQL advisory lock that serialises writers of the chain: any constant that no
# other advisory lock in this database uses.
CHAIN_LOCK_KEY = 4_702_150_007


def _lock_chain() -> None:
    """Make the caller the only writer of the chain until its transaction ends.

    PostgreSQL: a transaction-level advisory lock, so two writers cannot both read the same last
    hash. SQLite needs nothing: the project opens every transaction with BEGIN IMMEDIATE, which
    already takes the database's single write lock. The unique prev_hash constraint backs both up.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def _lock_chain_and_read_end() -> Start:
    """_lock_chain() and then chain_end(), in one round trip to PostgreSQL.

    Every round trip made while the lock is held is time all other writers wait, and a page's
    read row is written on every request. The two statements go as one simple-protocol query:
    PostgreSQL runs them one after the other, and in READ COMMITTED each takes its own snapshot,
    so the last row is read only after the lock is held (one statement that both locked and
    read would read with a snapshot from before it got the lock, and could miss the row the
    previous holder just committed). The key and table names are constants (no parameters
    allowed in a multi-statement query). The unique prev_hash constraint remains the backstop.
    """
    if connection.vendor != "postgresql":
        _lock_chain()
        return chain_end()
    with connection.cursor() as cursor:
        cursor.execute(_LOCK_AND_END_SQL)
        cursor.nextset()
        row = cursor.fetchone()
    return Start(row[0], row[1]) if row is not None else Start()


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    shelter_id=None,
    stay_id=None,
    fields: Iterable[str] = (),
    reason: str = "",
    read: bool = False,
) -> AuditEvent:
    """Write one audit row, chained to the row before it.

    Call inside the transaction of the write it documents; a read (a page) may call it outside
    any transaction, it opens its own. `reason` is an AccessReason code (never free text).

    A write (read=False, the default) also moves its shelter's data version in the same
    transaction (core/dataversion.py), so no cached page of the shelter outlives the change.
    Only a row that documents a read passes read=True.
    """
    if not _ACTION.match(action):
        raise ValueError(f"audit action must be dotted lower-case, got {action!r}")
    if reason and reason not in AccessReason.values:
        raise ValueError(f"audit reason must be an AccessReason code, got {reason!r}")
    values = {
        "actor_id": actor.pk if actor is not None and actor.is_authenticated else None,
        "shelter_id": _UUID.to_python(shelter_id),
        "action": action,
        "object_type": obj._meta.model_name if obj is not None else "",
        "object_id": _UUID.to_python(obj.pk) if obj is not None else None,
        "stay_id": _UUID.to_python(stay_id),
        "fields": ",".join(sorted(fields))[:400],
        "reason": str(reason),
    }
    key = chain_key()  # before the lock: a missing key must not cost anyone a wait
    # No savepoint: if the audit row fails, the caller's whole transaction must fail with it.
    with transaction.atomic(savepoint=False):
        if not read:
            # The versions move before the chain's lock is taken, never under it: a service has
            # often updated the stay's (or the shelter's) row already, so its locks come first,
            # and every write must take them in that same order, or two writes to one resident
            # could each hold what the other waits for (tests/audit/test_audit_lock_order.py).
            bump(values["shelter_id"], values["stay_id"])
        last = _lock_chain_and_read_end()
        # The time is taken under the lock, so times never go backwards along the chain.
        values["at"] = timezone.now()
        values["seq"] = last.seq + 1
        values["prev_hash"] = last.row_hash
        values["row_hash"] = row_seal(key=key, **values)
        return _insert(values)


# The row's columns in a fixed order, for the one INSERT below: the sealed ones and the seal.
_COLUMNS = (*HASHED_COLUMNS, "row_hash")
_FIELDS: tuple[models.Field, ...] = tuple(
    field for name in _COLUMNS if isinstance(field := AuditEvent._meta.get_field(name), models.Field)
)


def _insert(values: dict) -> AuditEvent:
    """Insert the sealed row with one prepared statement and return it as a saved AuditEvent.

    Not Model.save(): the ORM builds and compiles its INSERT anew every time, and every
    microsecond here is spent holding the chain's lock, which every page's read row waits for.
    AuditEvent has no signals or save() of its own to skip. Each value still goes through its
    field's own conversion for this database.
    """
    params = [field.get_db_prep_save(values[name], connection) for field, name in zip(_FIELDS, _COLUMNS, strict=True)]
    with connection.cursor() as cursor:
        if connection.features.can_return_columns_from_insert:
            cursor.execute(_INSERT_SQL + " RETURNING id", params)
            (pk,) = cursor.fetchone()
        else:  # pragma: no cover - SQLite before 3.35
            cursor.execute(_INSERT_SQL, params)
            pk = cursor.lastrowid
    event = AuditEvent(id=pk, **values)
    event._state.adding = False
    event._state.db = connection.alias
    return event


# The newest row, or after a purge that left none the newest anchor (as chain_end()); int() and
# the model's own table names only, so nothing outside this module reaches the SQL.
_LOCK_AND_END_SQL = (
    f"SELECT pg_advisory_xact_lock({int(CHAIN_LOCK_KEY)}); "  # noqa: S608 - constants only  # nosec B608
    "SELECT seq, row_hash FROM ("
    f"(SELECT seq, row_hash, 0 AS pick FROM {AuditEvent._meta.db_table} ORDER BY seq DESC LIMIT 1) "
    "UNION ALL "
    f"(SELECT seq, row_hash, 1 AS pick FROM {AuditAnchor._meta.db_table} ORDER BY seq DESC LIMIT 1)"
    ") AS ends ORDER BY pick LIMIT 1"
)


_QUOTED_COLUMNS = ", ".join(f'"{name}"' for name in _COLUMNS)
_INSERT_SQL = (
    f'INSERT INTO "{AuditEvent._meta.db_table}" ({_QUOTED_COLUMNS}) '  # noqa: S608 - constants only  # nosec B608
    f"VALUES ({', '.join(['%s'] * len(_COLUMNS))})"
)


def chain_end() -> Start:
    """The newest row's place and seal: what the next row chains onto. After a purge that left no
    row, the newest anchor; in an empty log, the genesis hash."""
    last = AuditEvent.objects.order_by("-seq").values_list("seq", "row_hash").first()
    if last is None:
        last = AuditAnchor.objects.order_by("-seq").values_list("seq", "row_hash").first()
    return Start(*last) if last is not None else Start()


def access_report_record(*, actor, resident) -> AuditEvent:
    """The leader printed the resident's access report (GDPR art. 15): that is an access too."""
    return audit_record(
        actor=actor,
        action="resident.access_report_printed",
        obj=resident,
        shelter_id=resident.shelter_id,
        reason=AccessReason.ACCESS_REQUEST,
    )
