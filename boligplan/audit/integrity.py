"""Checking the audit log, and the chain head kept outside the database (ADR 0013).

The keyed chain (chain.py) shows a changed, forged, removed or inserted row anywhere *before*
the newest row. It cannot show that the newest rows were cut off: the shorter chain is still a
valid chain. So every verification, and `manage.py audit_checkpoint` on a schedule, writes the
newest row's place and seal (the *head*) to a file outside the database (AUDIT_HEAD_FILE) and to
the log, sealed with the audit key. The next check compares: a chain that ends before the
recorded head, or whose row at that place has another seal, lost its tail.
"""

import datetime
import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from .chain import CHAIN_COLUMNS, Start, anchor_seal, head_seal, seals_equal, verify_rows
from .guard import missing_triggers, rewrite_grants
from .models import AuditAnchor, AuditEvent

logger = logging.getLogger("boligplan.audit")


class HeadFileError(Exception):
    """The head file exists but cannot be trusted (unreadable, or its seal is wrong)."""


@dataclass(frozen=True)
class Head:
    seq: int
    row_hash: str
    written_at: str


@dataclass
class Verdict:
    rows: int = 0
    end: Start = field(default_factory=Start)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def head_path() -> Path | None:
    """Where the head is kept, or None when AUDIT_HEAD_FILE is empty (the test settings)."""
    value = getattr(settings, "AUDIT_HEAD_FILE", "")
    if not value:
        return None
    path = Path(value)
    return path if path.is_absolute() else Path(settings.BASE_DIR) / path


def read_head(path: Path, *, key: bytes) -> Head | None:
    """The recorded head, None when there is no file yet; HeadFileError when it cannot be trusted."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        head = Head(seq=int(data["seq"]), row_hash=str(data["row_hash"]), written_at=str(data.get("written_at", "")))
        seal = str(data["seal"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise HeadFileError(f"the head file {path} cannot be read ({type(exc).__name__})") from exc
    if not seals_equal(head_seal(key=key, seq=head.seq, row_hash=head.row_hash), seal):
        raise HeadFileError(f"the head file {path} does not carry a valid seal (changed, or another key)")
    return head


def write_head(path: Path, *, key: bytes, end: Start) -> Head:
    """Record `end` as the head: in the file (replaced atomically, owner-only) and in the log."""
    head = Head(
        seq=end.seq, row_hash=end.row_hash, written_at=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    )
    seal = head_seal(key=key, seq=head.seq, row_hash=head.row_hash)
    data = {"seq": head.seq, "row_hash": head.row_hash, "written_at": head.written_at, "seal": seal}
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".audit-head-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    # The second copy, in the log stream that leaves the machine: ids and seals only.
    logger.info("audit chain head: seq %s row_hash %s seal %s", head.seq, head.row_hash, seal)
    return head


def chain_start(*, key: bytes) -> tuple[Start, str | None]:
    """Where the stored chain must begin: after the newest purge anchor, or at the genesis hash.
    An anchor whose seal is wrong was not written by the purge: it is reported, and ignored."""
    anchor = AuditAnchor.objects.order_by("-seq").values_list("seq", "row_hash", "seal").first()
    if anchor is None:
        return Start(), None
    seq, row_hash, seal = anchor
    if not seals_equal(anchor_seal(key=key, seq=seq, row_hash=row_hash), seal):
        return Start(), f"the purge anchor at seq {seq} does not carry a valid seal (forged)"
    return Start(seq=seq, row_hash=row_hash), None


def _walk(*, key: bytes, start: Start, after_seq: int) -> tuple[int, Start, str | None]:
    rows = AuditEvent.objects.filter(seq__gt=after_seq).order_by("seq").values_list(*CHAIN_COLUMNS)
    iterator = rows.iterator(chunk_size=5000)
    try:
        report = verify_rows(iterator, key=key, start=start)
    finally:
        iterator.close()  # release the cursor now if verification stopped early
    end = Start(seq=report.last_seq, row_hash=report.last_hash)
    if report.ok:
        return report.rows, end, None
    broken = report.first_break
    return (
        report.rows,
        end,
        f"audit chain broken at row id={broken.row_id}: {broken.problem}; {report.rows - 1} row(s) before it verified",
    )


def compare_with_head(head: Head, *, start: Start, end: Start) -> str | None:
    """A problem when the chain no longer reaches the recorded head, or reaches another one."""
    if head.seq > end.seq:
        return (
            f"the chain ends at seq {end.seq}, but seq {head.seq} was recorded as its head on {head.written_at}: "
            "the newest rows were cut off"
        )
    if head.seq < start.seq:
        return None  # purged past the head since: the anchor carries on from there
    if head.seq == start.seq:
        stored = start.row_hash
    else:
        stored = AuditEvent.objects.filter(seq=head.seq).values_list("row_hash", flat=True).first()
    if stored is None or not seals_equal(stored, head.row_hash):
        return f"the row at seq {head.seq} is not the one recorded as head on {head.written_at}: the tail was replaced"
    return None


def verify_log(*, key: bytes, use_head: bool = True, from_head: bool = False) -> Verdict:
    """Check the whole chain (or, `from_head`, only what was added since the recorded head), the
    guard, and the recorded head. Does not write anything."""
    verdict = Verdict()
    start, anchor_problem = chain_start(key=key)
    if anchor_problem:
        verdict.problems.append(anchor_problem)
    path = head_path() if use_head else None
    head = None
    if path is not None:
        try:
            head = read_head(path, key=key)
        except HeadFileError as exc:
            verdict.problems.append(str(exc))
        else:
            if head is None:
                verdict.notes.append(f"no head recorded yet in {path}: this is the first one")
    elif use_head:
        verdict.notes.append("AUDIT_HEAD_FILE is not set: a cut-off tail cannot be detected")

    walk_start, after = start, start.seq
    if from_head and head is not None and head.seq >= start.seq:
        problem = compare_with_head(head, start=start, end=_newest() or start)
        if problem:
            verdict.problems.append(problem)
            return verdict
        walk_start, after = Start(seq=head.seq, row_hash=head.row_hash), head.seq
    rows, end, problem = _walk(key=key, start=walk_start, after_seq=after)
    verdict.rows, verdict.end = rows, end
    if problem:
        verdict.problems.append(problem)
    elif head is not None and not from_head:
        head_problem = compare_with_head(head, start=start, end=end)
        if head_problem:
            verdict.problems.append(head_problem)
    missing = missing_triggers()
    if missing:
        verdict.problems.append(f"the append-only guard is missing: {', '.join(missing)}")
    grants = rewrite_grants()
    if grants:
        verdict.problems.append(f"roles other than the owner may rewrite the audit log: {'; '.join(grants)}")
    return verdict


def stop_unless_intact(verdict: Verdict, *, stderr) -> None:
    """For the commands that check the log: write the verdict's notes to `stderr`; when the log
    is not intact, log every problem and stop the command (exit 1) before it records anything."""
    for note in verdict.notes:
        stderr.write(f"Note: {note}.")
    if not verdict.ok:
        for problem in verdict.problems:
            logger.error("audit log check failed: %s", problem)
        raise CommandError("Audit log NOT intact: " + " | ".join(verdict.problems) + ".")


def _newest() -> Start | None:
    last = AuditEvent.objects.order_by("-seq").values_list("seq", "row_hash").first()
    return Start(*last) if last else None
