"""Roles and what each may do: the one place that answers "may this role ...?".

Views and access functions ask about capabilities, never about role names, so a new role or a
changed duty is a change to this table only.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LEDER = "leder", _("Leder")
    ANSATT = "ansatt", _("Ansatt / kontaktperson")
    BARNEKONTAKT = "barnekontakt", _("Barnets kontaktperson")
    STATISTIKK = "statistikk", _("Kun statistikk")


class Capability(models.TextChoices):
    VIEW_CASES = "view_cases"  # see residents, stays and their housing plan
    EDIT_CASES = "edit_cases"  # register, assess, add tasks and notifications, depart
    VIEW_JOURNAL = "view_journal"  # read the journal notes on a stay
    VIEW_STATISTICS = "view_statistics"  # aggregates only, never a person
    MANAGE_SHELTER = "manage_shelter"  # the shelter's own settings
    # The shelter's staff accounts: invite, change a role, deactivate, reset a second factor
    # (boligplan/staff/, ADR 0021).
    MANAGE_STAFF = "manage_staff"
    # Children: roles with VIEW_CASES see every child at the shelter; a role with only
    # VIEW_FOLLOWED_CHILDREN sees the children whose contact person they are.
    VIEW_FOLLOWED_CHILDREN = "view_followed_children"
    EDIT_CHILDREN = "edit_children"  # wishes, information log, moves, the child's plan


ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.LEDER: frozenset(
        {
            Capability.VIEW_CASES,
            Capability.EDIT_CASES,
            Capability.VIEW_JOURNAL,
            Capability.VIEW_STATISTICS,
            Capability.MANAGE_SHELTER,
            Capability.MANAGE_STAFF,
            Capability.EDIT_CHILDREN,
        }
    ),
    Role.ANSATT: frozenset(
        {Capability.VIEW_CASES, Capability.EDIT_CASES, Capability.VIEW_JOURNAL, Capability.EDIT_CHILDREN}
    ),
    # The children's contact person sees the children they follow and the minimum of the
    # parent's plan that concerns them (dates, kind of home, school) — never the parent's case
    # or journal.
    Role.BARNEKONTAKT: frozenset({Capability.VIEW_FOLLOWED_CHILDREN, Capability.EDIT_CHILDREN}),
    Role.STATISTIKK: frozenset({Capability.VIEW_STATISTICS}),
}


# Who sees children at all: everyone on the cases, and the children's contact persons.
SEES_CHILDREN = (Capability.VIEW_CASES, Capability.VIEW_FOLLOWED_CHILDREN)


def role_can(role: str, capability: str) -> bool:
    return capability in ROLE_CAPABILITIES.get(role, frozenset())


def roles_with(capability: str) -> list[str]:
    """The roles that have `capability`: a query filters memberships by this, never by role names."""
    return [role for role, capabilities in ROLE_CAPABILITIES.items() if capability in capabilities]
