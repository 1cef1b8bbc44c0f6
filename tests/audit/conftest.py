"""The audit tests' case: a stay with one of each thing, an ended stay, and the context the write
table runs on (tests/audit/writes.py)."""

from tests.audit.writes import case, ctx, departed  # noqa: F401 - fixtures, found by name
