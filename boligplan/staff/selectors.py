"""Read models for the staff pages: constant queries, whatever the number of accounts."""

from dataclasses import dataclass

from django.contrib.sessions.models import Session
from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from boligplan.accounts.models import UserSession
from boligplan.audit.labels import action_label
from boligplan.audit.models import AuditEvent
from boligplan.core.models import Membership, Shelter
from boligplan.core.roles import Role

from . import people
from .models import Invitation, InvitationEnd

STATUS_LABELS = {
    "active": _("Aktiv"),
    "invited": _("Invitert"),
    "expired": _("Invitasjonen er utløpt"),
    "closed": _("Avsluttet"),
}

STAFF_ACTIONS = ("shelter.", "staff.")


@dataclass
class StaffRow:
    membership: Membership
    user: object
    name: str
    email: str
    role_label: str
    status: str
    last_login: object
    sessions: int
    last_session_at: object
    invitation_expires_at: object

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]


def _live_sessions(now):
    return UserSession.objects.filter(
        user=OuterRef("user"), session_key__in=Session.objects.filter(expire_date__gt=now).values("session_key")
    )


def staff_list(*, shelter_id) -> list[StaffRow]:
    """Every account of the shelter, active first, then by name (names sorted in Python)."""
    now = timezone.now()
    open_invitations = Invitation.objects.filter(
        user=OuterRef("user"), used_at__isnull=True, ended_at__isnull=True, expires_at__gt=now
    )
    rows = (
        Membership.objects.filter(shelter_id=shelter_id)
        .select_related("user")
        .annotate(
            live_sessions=Subquery(
                _live_sessions(now).values("user").annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()
            ),
            last_session_at=Subquery(
                _live_sessions(now).values("user").annotate(at=Max("created_at")).values("at")[:1]
            ),
            open_invitation_expires=Subquery(open_invitations.order_by("-expires_at").values("expires_at")[:1]),
            closed_before_use=Exists(
                Invitation.objects.filter(user=OuterRef("user"), end_reason=InvitationEnd.ACCOUNT_CLOSED)
            ),
        )
    )
    result = []
    for membership in rows:
        user = membership.user
        if user.is_active:
            status = "active"
        elif membership.open_invitation_expires is not None:
            status = "invited"
        elif user.has_usable_password() or membership.closed_before_use:
            status = "closed"
        else:
            status = "expired"
        result.append(
            StaffRow(
                membership=membership,
                user=user,
                name=people.display_name(user),
                email=user.email,
                role_label=Role(membership.role).label if membership.role in Role.values else membership.role,
                status=status,
                last_login=user.last_login,
                sessions=membership.live_sessions or 0,
                last_session_at=membership.last_session_at,
                invitation_expires_at=membership.open_invitation_expires,
            )
        )
    order = {"active": 0, "invited": 1, "expired": 2, "closed": 3}
    result.sort(key=lambda row: (order[row.status], row.name.casefold()))
    return result


def staff_row(*, membership: Membership) -> StaffRow:
    return next(row for row in staff_list(shelter_id=membership.shelter_id) if row.membership.pk == membership.pk)


@dataclass
class StaffChange:
    at: object
    who: str
    what: str
    whom: str
    role_label: str
    shelter_name: str


def staff_changes(*, shelter_id=None, limit: int = 50) -> list[StaffChange]:
    """The audit of staff changes, newest first: who did what to whose account."""
    query = Q()
    for prefix in STAFF_ACTIONS:
        query |= Q(action__startswith=prefix)
    events = AuditEvent.objects.filter(query).exclude(action="staff.invitation_expired").select_related("actor")
    if shelter_id is not None:
        events = events.filter(shelter_id=shelter_id)
    events = list(events.order_by("-seq")[:limit])
    user_ids = {people.pk_from_audit_ref(e.object_id) for e in events if e.object_type == "user" and e.object_id}
    users = {u.pk: u for u in people.user_model().objects.filter(pk__in=user_ids)}
    shelters = dict(Shelter.objects.filter(pk__in={e.shelter_id for e in events}).values_list("pk", "name"))
    changes = []
    for event in events:
        whom = ""
        if event.object_type == "user" and event.object_id:
            whom = people.display_name(users.get(people.pk_from_audit_ref(event.object_id)))
        role = next((f.split(":", 1)[1] for f in event.fields.split(",") if f.startswith("role:")), "")
        changes.append(
            StaffChange(
                at=event.at,
                who=people.display_name(event.actor) if event.actor else str(_("Systemet")),
                what=action_label(event.action),
                whom=whom,
                role_label=Role(role).label if role in Role.values else "",
                shelter_name=shelters.get(event.shelter_id, ""),
            )
        )
    return changes


@dataclass
class ShelterRow:
    shelter: Shelter
    active: int
    leaders: int
    invited: int


def shelter_list() -> list[ShelterRow]:
    from boligplan.staff.services import managing_roles

    now = timezone.now()
    shelters = Shelter.objects.annotate(
        active=Count("memberships", filter=Q(memberships__user__is_active=True), distinct=True),
        leaders=Count(
            "memberships",
            filter=Q(memberships__user__is_active=True, memberships__role__in=managing_roles()),
            distinct=True,
        ),
    ).order_by("name")
    invited = dict(
        Invitation.objects.filter(used_at__isnull=True, ended_at__isnull=True, expires_at__gt=now)
        .values("shelter_id")
        .annotate(n=Count("user", distinct=True))
        .values_list("shelter_id", "n")
    )
    return [ShelterRow(s, s.active, s.leaders, invited.get(s.pk, 0)) for s in shelters]
