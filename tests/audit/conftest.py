"""Fixtures for every test under tests/audit/: the case the write table runs on (tests/audit/writes.py)
and the head file kept outside the database (tests/audit/tamper.py)."""

from tests.audit.tamper import head_file  # noqa: F401 - a fixture, found by name
from tests.audit.writes import case, ctx, departed  # noqa: F401 - fixtures, found by name
