"""The chain over the audit log: how a row is sealed, and how the chain is checked.

Each row's seal covers its content, its place in the chain (`seq`) and the seal of the row before
it, so changing, removing or inserting a row anywhere breaks every link after it. Since format v2
the seal is an HMAC-SHA256 under AUDIT_CHAIN_KEY, a key that lives in the environment and never
in the database: whoever can write to the database but does not hold the key cannot compute a
valid seal, so re-inserting rows with "recomputed hashes" is caught (ADR 0013). The database id
is not sealed (it is only storage order); `seq` is, and counts rows from the first ever written,
so a purged prefix or a restored dump keeps the numbers.

The two formats must give the same answer forever for the rows written with them:
- v1, `chain_hash()`: plain sha256, used only by migration 0002 for rows of that time.
- v2, `row_seal()`: HMAC-SHA256 with the key; what the application writes and verifies.
A new format needs a new version tag, never an edit of an existing one.
"""

import datetime
import hashlib
import hmac
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

GENESIS = "0" * 64  # prev_hash of the first row ever written
_VERSION = "boligplan-audit-v1"
_VERSION_KEYED = "boligplan-audit-v2"
# Purpose tags, so that a seal made for one thing can never be passed off as another.
_ANCHOR = "boligplan-audit-anchor-v1"
_HEAD = "boligplan-audit-head-v1"
_PERMIT = "boligplan-audit-purge-permit-v1"
MIN_KEY_LENGTH = 32

# The columns row_seal() covers, in order. verify_rows() takes tuples of CHAIN_COLUMNS (id first),
# as `AuditEvent.objects.values_list(*CHAIN_COLUMNS)` gives them.
HASHED_COLUMNS = (
    "seq",
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


def chain_key() -> bytes:
    """The audit key from the settings (AUDIT_CHAIN_KEY), refused when missing or short."""
    key = getattr(settings, "AUDIT_CHAIN_KEY", "") or ""
    if len(key) < MIN_KEY_LENGTH:
        raise ImproperlyConfigured(
            f"AUDIT_CHAIN_KEY must be set to a random string of at least {MIN_KEY_LENGTH} characters "
            "(docs/operations.md)."
        )
    return key.encode("utf-8")


def canonical_time(value: datetime.datetime) -> str:
    """UTC with microseconds: what both databases store and give back unchanged."""
    if value.tzinfo is None:
        raise ValueError("audit times must be timezone-aware")
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_uuid(value) -> str | None:
    return None if value is None else str(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))


def _canonical(payload: list) -> bytes:
    return json.dumps(payload, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def _mac(key: bytes, payload: list) -> str:
    return hmac.new(key, _canonical(payload), hashlib.sha256).hexdigest()


def _content(
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
) -> list:
    """A row's sealed content in canonical form and fixed order: the same for v1 and v2, after the tags."""
    return [
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


def chain_hash(**content) -> str:
    """Format v1 (unkeyed sha256), kept only for migration 0002. Never used for new rows.

    `content`: the keyword arguments of _content() (every one required)."""
    return hashlib.sha256(_canonical([_VERSION, *_content(**content)])).hexdigest()


def row_seal(*, key: bytes, seq: int, **content) -> str:
    """Format v2: HMAC-SHA256 (hex) under the audit key of a JSON array in a fixed order.

    `content`: the keyword arguments of _content() (every one required), the columns after seq."""
    return _mac(key, [_VERSION_KEYED, int(seq), *_content(**content)])


def anchor_seal(*, key: bytes, seq: int, row_hash: str) -> str:
    """Seal of a purge anchor: "rows up to seq were purged; the last one's seal was row_hash"."""
    return _mac(key, [_ANCHOR, int(seq), row_hash])


def head_seal(*, key: bytes, seq: int, row_hash: str) -> str:
    """Seal of a chain head kept outside the database."""
    return _mac(key, [_HEAD, int(seq), row_hash])


def permit_seal(*, key: bytes, up_to_seq: int) -> str:
    """Seal of a SQLite purge permit for the rows up to up_to_seq (audit/guard.py)."""
    return _mac(key, [_PERMIT, int(up_to_seq)])


def seals_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(str(a or ""), str(b or ""))


@dataclass(frozen=True)
class Start:
    """Where the stored chain must begin: after `seq`, from `row_hash` (GENESIS and 0 if never purged)."""

    seq: int = 0
    row_hash: str = GENESIS


@dataclass(frozen=True)
class ChainBreak:
    row_id: int
    problem: str


@dataclass(frozen=True)
class ChainReport:
    rows: int
    last_seq: int
    last_hash: str
    first_break: ChainBreak | None

    @property
    def ok(self) -> bool:
        return self.first_break is None


def verify_rows(rows: Iterable[tuple], *, key: bytes, start: Start = Start()) -> ChainReport:
    """Walk rows (tuples in CHAIN_COLUMNS order, by seq) and stop at the first broken one."""
    expected_prev, expected_seq = start.row_hash, start.seq + 1
    count = 0
    for row in rows:
        row_id, *hashed, stored_hash = row
        values = dict(zip(HASHED_COLUMNS, hashed, strict=True))
        count += 1
        problem = None
        if values["prev_hash"] != expected_prev or values["seq"] != expected_seq:
            problem = (
                "the first row does not start the chain (rows before it were removed without a purge anchor)"
                if count == 1
                else "it does not point at the row before it (a row was removed, inserted or reordered)"
            )
        elif not seals_equal(row_seal(key=key, **values), stored_hash):
            problem = "its content does not match its seal (the row was changed or forged)"
        if problem:
            return ChainReport(
                rows=count, last_seq=expected_seq - 1, last_hash=expected_prev, first_break=ChainBreak(row_id, problem)
            )
        expected_prev, expected_seq = stored_hash, expected_seq + 1
    return ChainReport(rows=count, last_seq=expected_seq - 1, last_hash=expected_prev, first_break=None)
