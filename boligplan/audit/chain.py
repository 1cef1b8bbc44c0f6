"""The hash chain over the audit log: how a row is hashed, and how the chain is checked.

Each row's hash covers its content and the hash of the row before it, so changing, removing or
inserting a row anywhere breaks every link after it. The database id is not hashed (it is only
the order), so a restored dump with renumbered ids still verifies.

chain_hash() must give the same answer forever for the rows already written (migration 0002
imports it to chain older rows): a new format needs a new version tag, never an edit of this one.
"""

import datetime
import hashlib
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

GENESIS = "0" * 64  # prev_hash of the first row ever written
_VERSION = "boligplan-audit-v1"

# The columns chain_hash() covers, in order, plus the two hash columns. verify_rows() takes tuples
# in exactly this order (id first), as `AuditEvent.objects.values_list(*CHAIN_COLUMNS)` gives them.
HASHED_COLUMNS = (
    "at",
    "actor_id",
    "shelter_id",
    "action",
    "object_type",
    "object_id",
    "stay_id",
    "fields",
    "reason",
    "prev_hash",
)
CHAIN_COLUMNS = ("id", *HASHED_COLUMNS, "row_hash")


def canonical_time(value: datetime.datetime) -> str:
    """UTC with microseconds: what both databases store and give back unchanged."""
    if value.tzinfo is None:
        raise ValueError("audit times must be timezone-aware")
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_uuid(value) -> str | None:
    return None if value is None else str(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))


def chain_hash(
    *,
    at: datetime.datetime,
    actor_id: int | None,
    shelter_id,
    action: str,
    object_type: str,
    object_id,
    stay_id,
    fields: str,
    reason: str,
    prev_hash: str,
) -> str:
    """sha256 (hex) of one row's canonical serialisation: a JSON array in a fixed order."""
    payload = [
        _VERSION,
        canonical_time(at),
        actor_id,
        canonical_uuid(shelter_id),
        action,
        object_type,
        canonical_uuid(object_id),
        canonical_uuid(stay_id),
        fields,
        reason,
        prev_hash,
    ]
    data = json.dumps(payload, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    row_id: int
    problem: str


@dataclass(frozen=True)
class ChainReport:
    rows: int
    last_hash: str
    first_break: ChainBreak | None

    @property
    def ok(self) -> bool:
        return self.first_break is None


def verify_rows(rows: Iterable[tuple], *, start: str = GENESIS) -> ChainReport:
    """Walk rows (tuples in CHAIN_COLUMNS order, by id) and stop at the first broken one.

    `start` is the prev_hash the first row must carry: GENESIS for a log that was never purged.
    """
    expected_prev = start
    count = 0
    for row in rows:
        row_id, *hashed, stored_hash = row
        values = dict(zip(HASHED_COLUMNS, hashed, strict=True))
        count += 1
        if values["prev_hash"] != expected_prev:
            problem = (
                "the first row does not start the chain"
                if count == 1
                else "it does not point at the row before it (a row was removed, inserted or reordered)"
            )
            return ChainReport(rows=count, last_hash=expected_prev, first_break=ChainBreak(row_id, problem))
        if chain_hash(**values) != stored_hash:
            return ChainReport(
                rows=count,
                last_hash=expected_prev,
                first_break=ChainBreak(row_id, "its content does not match its hash (the row was changed)"),
            )
        expected_prev = stored_hash
    return ChainReport(rows=count, last_hash=expected_prev, first_break=None)
