"""Template helpers for the statistics pages."""

from django import template

register = template.Library()


@register.filter
def can(membership, capability: str) -> bool:
    """{% if membership|can:"view_statistics" %}: ask about a capability, never a role name."""
    return bool(membership is not None and membership.can(capability))
