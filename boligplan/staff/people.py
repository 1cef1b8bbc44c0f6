"""The staff account as this app needs it, whatever the user model looks like.

Everything that depends on the user model's fields is here: the name shown, the e-mail address,
the national operator flag and the security stamp.
"""

import uuid

from django.contrib.auth import get_user_model
from django.db import models


def user_model():
    return get_user_model()


def _has_field(name: str) -> bool:
    return any(field.name == name for field in user_model()._meta.get_fields())


def normalize_email(email: str) -> str:
    return email.strip().lower()


def display_name(user) -> str:
    if user is None:
        return ""
    name = getattr(user, "display_name", None)
    if name:
        return str(name)
    return user.get_full_name() or user.get_username()


def is_operator(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and getattr(user, "is_operator", False))


def email_taken(email: str) -> bool:
    return user_model().objects.filter(email__iexact=normalize_email(email)).exists()


def new_account(*, email: str, full_name: str):
    """An account that cannot log in yet: inactive, without a usable password."""
    User = user_model()
    values = {"email": normalize_email(email)}
    if _has_field("full_name"):
        values["full_name"] = full_name
    else:
        first, _, last = full_name.partition(" ")
        values.update(first_name=first[:150], last_name=last[:150])
    if User.USERNAME_FIELD != "email" and _has_field(User.USERNAME_FIELD):
        values[User.USERNAME_FIELD] = normalize_email(email)
    user = User(**values, is_active=False)
    user.set_unusable_password()
    user.save()
    return user


def bump_stamp(user) -> None:
    """Invalidate whatever the account's security stamp protects (its sessions, its links)."""
    bump = getattr(user, "bump_security_stamp", None)
    if bump is not None:
        bump()


def audit_ref(user) -> uuid.UUID:
    """The account as an audit row's object id (a UUID column)."""
    pk = user.pk
    return pk if isinstance(pk, uuid.UUID) else uuid.UUID(int=int(pk))


def pk_from_audit_ref(ref: uuid.UUID):
    if isinstance(user_model()._meta.pk, models.UUIDField):
        return ref
    return ref.int
