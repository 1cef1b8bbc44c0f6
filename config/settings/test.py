"""Test settings: fast hashing, the same middleware and database choice as production."""

import os

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"  # noqa: S105 - tests only  # nosec B105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
FIELD_ENCRYPTION_KEYS = ["dGVzdC1vbmx5LWtleS10ZXN0LW9ubHkta2V5LXRlc3Q="]
AUDIT_CHAIN_KEY = "test-only-audit-chain-key-test-only-audit-chain-key"  # noqa: S105  # nosec B105
# The test database is emptied between tests, so a head kept across them would always look cut
# off; tests that check the head point this at a file of their own.
AUDIT_HEAD_FILE = ""
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A real file (so WAL and IMMEDIATE behave as in production), one per test run, so that
    # two runs side by side never share it. The test runner deletes it at the end.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / f"test-{os.getpid()}.sqlite3")}  # noqa: F405
else:
    DATABASES["default"]["TEST"] = {"NAME": f"test_boligplan_{os.getpid()}"}  # noqa: F405
# E-mail: Django's test runner replaces the backend with its in-memory one; tests/mailguard.py
# then puts its own in front of that, which refuses any message naming a resident of the test
# database and records every message for the suite-wide scan at the end.
DEFAULT_FROM_EMAIL = "boligplan@test.invalid"
SITE_URL = "https://boligplan.test"

# Tests write with the ORM between pages, past the services that move the data version, so the
# shelters' cache is off by default; the tests of the cache (test_shelter_cache.py) turn it on.
# (The two-server test starts real servers with this switch, to serve as production does.)
if os.environ.get("BOLIGPLAN_TEST_SHELTER_CACHE") != "on":
    CACHES = {**CACHES, "shelterdata": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}  # noqa: F405
