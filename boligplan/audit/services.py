"""Writing audit rows. Callers are services (for writes) and views (for reads of case data)."""

import re
from collections.abc import Iterable

from django.db import models

from .models import AuditEvent

_ACTION = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    shelter_id=None,
    stay_id=None,
    fields: Iterable[str] = (),
) -> AuditEvent:
    """Write one audit row. Call inside the transaction of the write it documents."""
    if not _ACTION.match(action):
        raise ValueError(f"audit action must be dotted lower-case, got {action!r}")
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        shelter_id=shelter_id,
        action=action,
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=obj.pk if obj is not None else None,
        stay_id=stay_id,
        fields=",".join(sorted(fields))[:400],
    )
