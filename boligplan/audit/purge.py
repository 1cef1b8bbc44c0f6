"""The audit log's retention purge: the one path that deletes audit rows (ADR 0013).

Only a prefix of the chain is ever deleted: every row up to the newest one written before the
cutoff (times never go backwards along the chain, so that is exactly the rows older than the
cutoff). In the same transaction it writes an AuditAnchor sealed with the audit key, which says
where the remaining chain starts, and an audit row saying that it happened.

PostgreSQL: run it with the owner's DATABASE_URL. The application's role has no DELETE on the
audit table and the trigger lets only the owner through, so as that role it fails on privileges.
"""

import datetime

from django.db import transaction

from .chain import anchor_seal, chain_key
from .guard import purge_permitted
from .models import AuditAnchor, AuditEvent
from .services import _lock_chain, audit_record


def audit_purge_before(*, cutoff: datetime.datetime, actor=None) -> int:
    """Delete the audit rows written before `cutoff`; returns how many."""
    key = chain_key()
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.filter(at__lt=cutoff).order_by("-seq").values_list("seq", "row_hash").first()
        if last is None:
            return 0
        seq, row_hash = last
        with purge_permitted(up_to_seq=seq):
            seal = anchor_seal(key=key, seq=seq, row_hash=row_hash)
            AuditAnchor.objects.create(seq=seq, row_hash=row_hash, seal=seal)
            deleted, _ = AuditEvent.objects.filter(seq__lte=seq).delete()
        audit_record(actor=actor, action="audit.purged", fields=[f"up_to_seq={seq}", f"rows={deleted}"])
    return deleted
