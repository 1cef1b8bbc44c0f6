"""Encryption of single fields at rest (the resident's name, a new home's address).

Keys come from the environment (FIELD_ENCRYPTION_KEYS: comma-separated Fernet keys, newest
first) and are never stored in the database. Older keys still decrypt, so a key can be rotated
without downtime: add the new key first, run `manage.py rotate_field_keys`, then drop the old one.
"""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "enc1:"  # marks ciphertext, so a plaintext value is never mistaken for one


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty: field encryption needs at least one key.")
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    return PREFIX + fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(value: str) -> str:
    if not value.startswith(PREFIX):
        raise ValueError("value is not encrypted")
    try:
        return fernet().decrypt(value[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise ImproperlyConfigured("A field could not be decrypted: is its key in FIELD_ENCRYPTION_KEYS?") from exc


def rotate(value: str) -> str:
    """Re-encrypt with the newest key (a no-op for values already under it, apart from the nonce)."""
    return PREFIX + fernet().rotate(value[len(PREFIX) :].encode("ascii")).decode("ascii")
