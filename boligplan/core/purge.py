"""Carry out the retention policy (core/retention.py)."""

import datetime

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q

from boligplan.audit.services import audit_record

from .models import Shelter
from .retention import POLICY, RESIDENT_BLANK
from .tenancy import set_current_shelter


def cutoff(today: datetime.date, months: int | None = None) -> datetime.date:
    """The same calendar day `months` before today; the month's last day where it is shorter."""
    months = settings.RETENTION_MONTHS_AFTER_DEPARTURE if months is None else months
    return today - relativedelta(months=months)


def purge_due(*, today: datetime.date, actor=None) -> dict[str, int]:
    """Anonymise every stay that ended before the cutoff and is not anonymised yet.

    One shelter at a time: on PostgreSQL, row-level security admits only the rows of the shelter
    set for the transaction, also to the tables' owner (FORCE), so a run that did not set each
    shelter in turn would find nothing to purge (only a superuser sees every row at once).
    Each shelter is its own transaction: one that wrote a shelter's audit row holds the audit
    chain's lock until it ends, and must not then wait for the next shelter's rows, which a
    write in that shelter holds while it waits for the chain (ADR 0031, lock order). A run that
    stops half-way leaves whole shelters done, and the next run does the rest.
    """
    totals: dict[str, int] = {"stays": 0}
    for shelter_id in Shelter.objects.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            set_current_shelter(shelter_id)
            for name, count in _purge_shelter(shelter_id=shelter_id, today=today, actor=actor).items():
                totals[name] = totals.get(name, 0) + count
    return totals


def _purge_shelter(*, shelter_id, today: datetime.date, actor) -> dict[str, int]:
    stay_model = apps.get_model("residents", "Stay")
    resident_model = apps.get_model("residents", "Resident")
    due = stay_model.objects.filter(shelter_id=shelter_id, departure_date__lt=cutoff(today), purged_on__isnull=True)
    due_ids = list(due.values_list("pk", flat=True))
    counts: dict[str, int] = {"stays": len(due_ids)}
    if not due_ids:
        return counts
    for rule in POLICY:
        model = apps.get_model(rule.model)
        rows = model.objects.filter(**{f"{rule.stay_path}__in": due_ids})
        if rule.delete:
            counts[rule.model] = rows.delete()[0]
            continue
        changes = {name: "" for name in rule.blank} | {name: False for name in rule.falsify} | rule.extra
        counts[rule.model] = rows.update(**changes)
    stay_model.objects.filter(pk__in=due_ids).update(purged_on=today)

    # A resident is anonymised only when no stay of theirs is open or still within retention.
    residents = resident_model.objects.filter(stays__pk__in=due_ids).distinct()
    fully_due = residents.annotate(
        open_or_kept=Max("stays__arrival_date", filter=Q(stays__purged_on__isnull=True))
    ).filter(open_or_kept__isnull=True)
    for resident in fully_due:
        for name in RESIDENT_BLANK:
            setattr(resident, name, "")
        resident.birth_year = resident.birth_year - resident.birth_year % 10  # the decade is enough
        # Back to the field's default (ungraded); core sits below residents, so it does not import its choices.
        resident.address_protection = resident_model._meta.get_field("address_protection").default
        resident.save(update_fields=[*RESIDENT_BLANK, "birth_year", "address_protection"])
    counts["residents"] = len(fully_due)
    audit_record(actor=actor, action="retention.purged", shelter_id=shelter_id, fields=[f"stays={len(due_ids)}"])
    return counts


def purge_audit_log(*, now: datetime.datetime, actor=None) -> int | None:
    """Delete audit rows older than AUDIT_RETENTION_MONTHS (None: the setting is empty, all kept).

    The audit log is append-only for the application's database role, so on PostgreSQL this
    runs with the owner's DATABASE_URL (audit/purge.py, ADR 0013).
    """
    months = settings.AUDIT_RETENTION_MONTHS
    if not months:
        return None
    from boligplan.audit.purge import audit_purge_before

    day = cutoff(now.date(), months)
    return audit_purge_before(
        cutoff=datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC), actor=actor
    )
