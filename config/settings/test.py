"""Test settings: fast hashing, the same middleware and database choice as production."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"  # noqa: S105 - tests only
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # pytest-django runs SQLite tests in memory unless a file name is given for the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test.sqlite3")}  # noqa: F405
