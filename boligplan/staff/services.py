"""Writes to staff accounts, each in one transaction with its audit row (ADR 0021).

Audit rows name the account by id (object_type "user"), never by name or e-mail: the name is
read from the account when the log is shown, and accounts are never deleted.
"""

import datetime
import hashlib
import logging
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice

from boligplan.accounts.models import TOTPDevice
from boligplan.accounts.sessions import end_all_sessions
from boligplan.audit.services import audit_record
from boligplan.core.models import Membership, Shelter
from boligplan.core.roles import Capability, Role, role_can
from boligplan.core.tenancy import set_current_shelter
from boligplan.mail.sending import language_of, send_to_staff

from . import people
from .models import Invitation, InvitationEnd

logger = logging.getLogger(__name__)

INVITATION_VALID = datetime.timedelta(hours=72)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def managing_roles() -> list[str]:
    return [role for role in Role.values if role_can(role, Capability.MANAGE_STAFF)]


class InvitationNotSent(Exception):
    """The invitation is saved, but the e-mail could not be handed to the mail server."""


class InvitationInvalid(Exception):
    """The link is unknown, used, replaced, expired or its account closed: one answer for all."""


@dataclass(frozen=True)
class Sent:
    invitation: Invitation
    link: str


# Creating


def shelter_create(*, actor, name: str, leader_email: str, leader_name: str, base_url: str) -> Sent:
    """A new shelter and the invitation of its first leader (the national operator's task)."""
    name = name.strip()
    with transaction.atomic():
        if Shelter.objects.filter(name__iexact=name).exists():
            raise ValidationError({"name": _("Det finnes allerede et senter med dette navnet.")})
        try:
            with transaction.atomic():
                shelter = Shelter.objects.create(name=name)
        except IntegrityError:
            raise ValidationError({"name": _("Det finnes allerede et senter med dette navnet.")}) from None
        audit_record(actor=actor, action="shelter.created", obj=shelter, shelter_id=shelter.pk)
        invitation, token = _invite(
            actor=actor,
            shelter=shelter,
            email=leader_email,
            full_name=leader_name,
            role=Role.LEDER,
            email_field="leader_email",
        )
    return _send(invitation, token, base_url)


def staff_invite(*, actor, shelter: Shelter, email: str, full_name: str, role: str, base_url: str) -> Sent:
    """A new colleague's account, waiting for her to follow the link in the e-mail."""
    with transaction.atomic():
        invitation, token = _invite(actor=actor, shelter=shelter, email=email, full_name=full_name, role=role)
    return _send(invitation, token, base_url)


def _invite(*, actor, shelter, email, full_name, role, email_field="email"):
    if role not in Role.values:
        raise ValidationError({"role": _("Velg en av rollene.")})
    if people.email_taken(email):
        raise ValidationError(
            {
                email_field: _(
                    "Det finnes allerede en konto med denne e-postadressen. "
                    "En som allerede er invitert, kan få en ny invitasjon fra siden hennes."
                )
            }
        )
    set_current_shelter(shelter.pk)
    try:
        with transaction.atomic():
            user = people.new_account(email=email, full_name=full_name.strip())
    except IntegrityError:  # the same address, sent at the same moment from another tab
        raise ValidationError({email_field: _("Det finnes allerede en konto med denne e-postadressen.")}) from None
    Membership.objects.create(user=user, shelter=shelter, role=role)
    invitation, token = _new_invitation(actor=actor, shelter=shelter, user=user)
    audit_record(actor=actor, action="staff.invited", obj=user, shelter_id=shelter.pk, fields=[f"role:{role}"])
    return invitation, token


def _new_invitation(*, actor, shelter, user):
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = Invitation.objects.create(
        shelter=shelter,
        user=user,
        invited_by=actor if actor is not None and actor.is_authenticated else None,
        token_hash=token_hash(token),
        created_at=now,
        expires_at=now + INVITATION_VALID,
    )
    return invitation, token


def invitation_resend(*, actor, membership: Membership, base_url: str) -> Sent:
    """A new link for someone who has not yet set her password; earlier links stop working."""
    with transaction.atomic():
        set_current_shelter(membership.shelter_id)
        user = people.user_model().objects.select_for_update().get(pk=membership.user_id)
        if user.is_active or user.has_usable_password():
            raise ValidationError(
                _(
                    "Kontoen er allerede tatt i bruk. Bare en konto som venter på å bli tatt i bruk, "
                    "kan få en ny invitasjon."
                )
            )
        if _closed(user):
            raise ValidationError(_("Kontoen er avsluttet og kan ikke inviteres på nytt."))
        _end_open_invitations(user, InvitationEnd.REPLACED)
        invitation, token = _new_invitation(actor=actor, shelter=membership.shelter, user=user)
        audit_record(actor=actor, action="staff.invitation_resent", obj=user, shelter_id=membership.shelter_id)
    return _send(invitation, token, base_url)


def _closed(user) -> bool:
    return Invitation.objects.filter(user=user, end_reason=InvitationEnd.ACCOUNT_CLOSED).exists()


def is_closed(user) -> bool:
    """Deactivated: inactive after having been in use, or closed before the link was used."""
    return not user.is_active and (user.has_usable_password() or _closed(user))


def _end_open_invitations(user, reason: str) -> int:
    return Invitation.objects.filter(user=user, used_at__isnull=True, ended_at__isnull=True).update(
        ended_at=timezone.now(), end_reason=reason
    )


def invitation_link(token: str, base_url: str) -> str:
    return base_url.rstrip("/") + reverse("staff:invitation-accept", args=[token])


def _send(invitation: Invitation, token: str, base_url: str) -> Sent:
    """The e-mail: the shelter's name, the link and when it stops working. Nothing else."""
    link = invitation_link(token, base_url)
    context = {
        "shelter_name": invitation.shelter.name,
        "link": link,
        "expires_at": timezone.localtime(invitation.expires_at),
        "hours": int(INVITATION_VALID.total_seconds() // 3600),
    }
    with translation.override(language_of(invitation.user)):
        subject = render_to_string("staff/invitation_email_subject.txt", context).strip()
    try:
        # The one sending path (ADR 0022): the person's language, no auto-replies.
        send_to_staff(user=invitation.user, subject=subject, template="staff/invitation_email.txt", context=context)
    except Exception as error:  # noqa: BLE001 - any failure of the mail server is the same to the leader
        logger.warning("invitation %s not sent: %s", invitation.pk, type(error).__name__)
        raise InvitationNotSent from error
    return Sent(invitation, link)


# Accepting


def invitation_for_token(token: str) -> Invitation | None:
    """The open invitation this link belongs to, or None (one answer for every reason)."""
    if not token or len(token) > 100:
        return None
    found = Invitation.objects.select_related("user", "shelter").filter(token_hash=token_hash(token)).first()
    if found is None or not found.is_open(timezone.now()):
        return None
    return found


def invitation_accept(*, token: str, password: str):
    """Spend the link and give the account its password; the account can now log in.

    Single use holds under a race (two tabs, a double click): the link is claimed by one
    conditional UPDATE, and only the request whose UPDATE changed the row goes on. On PostgreSQL
    the second UPDATE waits for the first transaction and then finds `used_at` set.
    """
    with transaction.atomic():
        now = timezone.now()
        claimed = Invitation.objects.filter(
            token_hash=token_hash(token), used_at__isnull=True, ended_at__isnull=True, expires_at__gt=now
        ).update(used_at=now)
        if claimed != 1:
            raise InvitationInvalid
        invitation = Invitation.objects.select_related("user").get(token_hash=token_hash(token))
        set_current_shelter(invitation.shelter_id)
        user = invitation.user
        user.set_password(password)
        user.is_active = True
        user.save()
        audit_record(actor=user, action="staff.invitation_accepted", obj=user, shelter_id=invitation.shelter_id)
    return user


# Changing


def _locked(membership: Membership) -> Membership:
    """The membership again, with its shelter's row locked: two leaders changing each other at
    once are serialised, so "not the last leader" cannot be broken by a race (on SQLite every
    write transaction is already serialised by BEGIN IMMEDIATE)."""
    set_current_shelter(membership.shelter_id)
    Shelter.objects.select_for_update().filter(pk=membership.shelter_id).first()
    return Membership.objects.select_related("user", "shelter").get(pk=membership.pk)


def _refuse_self(actor, membership, message):
    if membership.user_id == actor.pk:
        raise ValidationError(message)


def _other_active_managers(membership: Membership) -> int:
    return (
        Membership.objects.filter(shelter_id=membership.shelter_id, role__in=managing_roles(), user__is_active=True)
        .exclude(pk=membership.pk)
        .count()
    )


def _is_active_manager(membership: Membership) -> bool:
    return membership.user.is_active and role_can(membership.role, Capability.MANAGE_STAFF)


def staff_change_role(*, actor, membership: Membership, role: str) -> Membership:
    with transaction.atomic():
        membership = _locked(membership)
        _refuse_self(actor, membership, _("Du kan ikke endre din egen rolle. Be en annen leder om det."))
        if role not in Role.values:
            raise ValidationError({"role": _("Velg en av rollene.")})
        if role == membership.role:
            return membership
        if (
            _is_active_manager(membership)
            and not role_can(role, Capability.MANAGE_STAFF)
            and _other_active_managers(membership) == 0
        ):
            raise ValidationError(
                {"role": _("Senteret må ha minst én aktiv leder. Gi en annen ansatt rollen som leder først.")}
            )
        Membership.objects.filter(pk=membership.pk).update(role=role)
        membership.role = role
        people.bump_stamp(membership.user)
        audit_record(
            actor=actor,
            action="staff.role_changed",
            obj=membership.user,
            shelter_id=membership.shelter_id,
            fields=[f"role:{role}"],
        )
    return membership


def staff_deactivate(*, actor, membership: Membership) -> int:
    """Close the account: every session ends at once, it cannot log in, nothing is deleted.

    Returns the number of sessions ended.
    """
    with transaction.atomic():
        membership = _locked(membership)
        _refuse_self(actor, membership, _("Du kan ikke avslutte din egen konto. Be en annen leder om det."))
        user = membership.user
        if _is_active_manager(membership) and _other_active_managers(membership) == 0:
            raise ValidationError(
                _("Dette er senterets eneste aktive leder. Gi en annen ansatt rollen som leder først.")
            )
        if is_closed(user):
            raise ValidationError(_("Kontoen er allerede avsluttet."))
        # Ended here and counted (saving the inactive account would end them too: accounts/signals.py).
        ended = end_all_sessions(user)
        user.is_active = False
        user.save()
        people.bump_stamp(user)
        # Links not yet used stop working; for an account that never set its password, this is
        # also what says it was closed rather than left to expire.
        Invitation.objects.filter(user=user, used_at__isnull=True).update(
            ended_at=Coalesce("ended_at", Value(timezone.now())), end_reason=InvitationEnd.ACCOUNT_CLOSED
        )
        audit_record(actor=actor, action="staff.deactivated", obj=user, shelter_id=membership.shelter_id)
    return ended


def staff_reset_second_factor(*, actor, membership: Membership, password: str) -> None:
    """After a lost phone: the account's app and recovery codes are removed and its sessions end;
    at the next login the person enrols again. The leader confirms with her own password."""
    if not actor.check_password(password):
        raise ValidationError({"password": _("Passordet stemmer ikke. Skriv ditt eget passord for å bekrefte.")})
    with transaction.atomic():
        membership = _locked(membership)
        _refuse_self(actor, membership, _("Du kan ikke nullstille din egen tofaktor her. Be en annen leder om det."))
        user = membership.user
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        people.bump_stamp(user)
        end_all_sessions(user)
        audit_record(actor=actor, action="staff.second_factor_reset", obj=user, shelter_id=membership.shelter_id)
