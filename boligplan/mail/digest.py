"""The morning digest: to each staff member who asked for it, how many of *their* open items in
the work queue are due today and how many are overdue, and a link to the queue. Counts only:
no resident, no task title, no date of anything (ADR 0022).

"Theirs" is the queue's "Bare mine" filter (worklist/selectors.py): items the person holds, as
the task's assignee or else as the resident's contact person. Nothing is sent when both counts
are zero: a daily "nothing today" teaches people to ignore the e-mail.

Idempotent: a DigestSent row per person and day is taken *before* sending (the unique constraint
decides between two runs) and given back if sending fails, so a person gets at most one digest a
day and a failed one is tried again by the next run.
"""

import contextlib
import datetime
import smtplib
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from boligplan.core.access import membership_for
from boligplan.core.tenancy import set_current_shelter
from boligplan.worklist.selectors import Filters, Group, arrange, collect

from .access import can_have_digest
from .models import DigestSent
from .sending import absolute_url, send_to_staff

SUBJECT = _("Boligplan: dine oppgaver i dag")
TEMPLATE = "mail/morning_digest.txt"
KEEP_DAYS = 31  # DigestSent rows older than this are deleted


@dataclass(frozen=True)
class DigestCounts:
    due_today: int
    overdue: int

    @property
    def empty(self) -> bool:
        return not (self.due_today or self.overdue)


def recipients():
    """Active staff members with a membership whose role sees the queue, who opted in and have an address."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, wants_morning_digest=True, membership__isnull=False)
        .exclude(email="")
        .select_related("membership", "membership__shelter")
        .order_by("pk")
    )
    # Through the access layer, as the queue page: it also refuses the national operator a shelter.
    return [user for user in users if can_have_digest(user)]


def counts_for(user, *, today: datetime.date) -> DigestCounts:
    """The user's own items due today and overdue, as the queue with "Bare mine" groups them."""
    with transaction.atomic():
        # On PostgreSQL row-level security admits only the shelter set for the transaction.
        set_current_shelter(membership_for(user).shelter_id)
        queue = arrange(collect(user, today=today), user=user, today=today, filters=Filters(mine=True))
    sizes = {key: len(items) for key, _label, items in queue.groups}
    return DigestCounts(due_today=sizes[Group.TODAY], overdue=sizes[Group.OVERDUE])


def context_for(counts: DigestCounts) -> dict:
    return {
        "due_today": counts.due_today,
        "overdue": counts.overdue,
        "queue_url": absolute_url(reverse("worklist:queue") + "?mine=on"),
        "settings_url": absolute_url(reverse("mail:settings")),
    }


def _reset(connection) -> None:
    """Drop an SMTP session that failed; a broken one may not close cleanly."""
    with contextlib.suppress(smtplib.SMTPException, OSError):
        connection.close()


def send_morning_digest(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Send today's digest to everyone who asked for it and has not had it today. Returns counts."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    result = {"recipients": 0, "sent": 0, "already_sent": 0, "nothing_due": 0, "failed": 0}
    people = recipients()
    result["recipients"] = len(people)
    connection = get_connection()  # one SMTP session for the whole run, opened at the first message
    try:
        for user in people:
            if DigestSent.objects.filter(user=user, day=today).exists():
                result["already_sent"] += 1
                continue
            counts = counts_for(user, today=today)
            if counts.empty:
                result["nothing_due"] += 1
                continue
            claim, created = DigestSent.objects.get_or_create(user=user, day=today)
            if not created:  # another run got there between the check and here
                result["already_sent"] += 1
                continue
            try:
                send_to_staff(
                    user=user, subject=SUBJECT, template=TEMPLATE, context=context_for(counts), connection=connection
                )
            except (smtplib.SMTPException, OSError):
                claim.delete()  # the next run tries again
                result["failed"] += 1
                _reset(connection)  # the next person gets a fresh SMTP session
                continue
            result["sent"] += 1
    finally:
        _reset(connection)
    result["forgotten"] = DigestSent.objects.filter(day__lt=today - datetime.timedelta(days=KEEP_DAYS)).delete()[0]
    return result
