"""The staff account (accounts.User) as this app needs it: the name shown, the e-mail address,
the national operator flag, the security stamp, and the account as an audit row's object id."""

import uuid

from django.contrib.auth import get_user_model
from django.db import models


def user_model():
    return get_user_model()


def normalize_email(email: str) -> str:
    return email.strip().lower()


def display_name(user) -> str:
    return user.display_name if user is not None else ""


def is_operator(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_operator)


def email_taken(email: str) -> bool:
    return user_model().objects.filter(email__iexact=normalize_email(email)).exists()


def new_account(*, email: str, full_name: str):
    """An account that cannot log in yet: inactive, without a usable password. Its user name is
    the e-mail address (what the person logs in with)."""
    email = normalize_email(email)
    user = user_model()(username=email, email=email, full_name=full_name, is_active=False)
    user.set_unusable_password()
    user.save()
    return user


def bump_stamp(user) -> None:
    """Invalidate whatever the account's security stamp protects (its sessions, its links)."""
    user.bump_security_stamp()


def audit_ref(user) -> uuid.UUID:
    """The account as an audit row's object id (a UUID column)."""
    pk = user.pk
    return pk if isinstance(pk, uuid.UUID) else uuid.UUID(int=int(pk))


def pk_from_audit_ref(ref: uuid.UUID):
    if isinstance(user_model()._meta.pk, models.UUIDField):
        return ref
    return ref.int
