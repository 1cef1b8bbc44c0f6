"""Password storage and rules (quality.md: Argon2id, at least 12 characters, not a common one)."""

import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings

from config.settings import base


def test_argon2id_is_the_hasher_in_every_environment_but_tests():
    assert base.PASSWORD_HASHERS[0] == "boligplan.accounts.hashers.ModestArgon2PasswordHasher"


@override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS)
def test_stored_hashes_are_argon2id_with_a_memory_cost_a_worker_can_afford():
    encoded = make_password("et-langt-og-godt-passord")
    assert identify_hasher(encoded).algorithm == "argon2"
    assert encoded.startswith("argon2$argon2id$")
    assert "m=19456,t=2,p=1" in encoded  # OWASP's minimum; 4 concurrent logins stay under 100 MB


@override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS)
def test_hashes_with_django_s_default_parameters_still_verify():
    from django.contrib.auth.hashers import Argon2PasswordHasher, check_password

    old = Argon2PasswordHasher().encode("et-langt-og-godt-passord", Argon2PasswordHasher().salt())
    assert check_password("et-langt-og-godt-passord", old)


@pytest.mark.parametrize(
    "password",
    ["kort-pass11", "qwerty123456", "123456789012"],
    ids=["eleven-characters", "common", "only-digits"],
)
def test_weak_passwords_are_refused(password):
    with override_settings(AUTH_PASSWORD_VALIDATORS=base.AUTH_PASSWORD_VALIDATORS):
        with pytest.raises(ValidationError):
            validate_password(password)


def test_a_long_uncommon_password_is_accepted():
    with override_settings(AUTH_PASSWORD_VALIDATORS=base.AUTH_PASSWORD_VALIDATORS):
        validate_password("fjordby-krisesenter-natt-2026")
    assert settings.AUTH_PASSWORD_VALIDATORS == base.AUTH_PASSWORD_VALIDATORS
