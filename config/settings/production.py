"""Production: every secret from the environment, HTTPS only."""

import os

from .base import *  # noqa: F403

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
if not FIELD_ENCRYPTION_KEYS:  # noqa: F405
    raise RuntimeError("FIELD_ENCRYPTION_KEYS must be set in production (see core/crypto.py).")
if len(AUDIT_CHAIN_KEY) < 32:  # noqa: F405
    raise RuntimeError("AUDIT_CHAIN_KEY (32+ random characters) must be set in production (see docs/operations.md).")
DEBUG = False
SECURE_SSL_REDIRECT = True
# The load balancer's health check speaks plain HTTP on the private side; it reveals nothing.
SECURE_REDIRECT_EXEMPT = [r"^helse/$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Static files straight from the app server, compressed and with hashed names.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
