"""Local development and `make run`: SQLite file under var/, debug pages on loopback only."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405
# A fixed key so `make run` works out of the box; only fictional demo data is ever under it.
FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or ["ZGV2LW9ubHkta2V5LWZvci1kZW1vLWRhdGEtb25seSE="]  # noqa: F405
# Same for the audit chain's key (ADR 0013).
AUDIT_CHAIN_KEY = AUDIT_CHAIN_KEY or "dev-only-audit-chain-key-for-demo-data-only"  # noqa: F405, S105  # nosec B105
# E-mail goes to the console; nothing leaves the machine.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = DEFAULT_FROM_EMAIL or "boligplan@localhost"  # noqa: F405
SITE_URL = SITE_URL or "http://127.0.0.1:8000"  # noqa: F405
