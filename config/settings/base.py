"""Settings shared by every environment. Values come from the environment, with safe defaults."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    "django_otp",
    # Not django_otp.plugins.otp_totp: its device keeps the secret in clear. The TOTP device is
    # boligplan.accounts.models.TOTPDevice, with the secret encrypted at rest.
    "django_otp.plugins.otp_static",
    "axes",
    "boligplan.accounts",
    "boligplan.core",
    "boligplan.audit",
    "boligplan.residents",
    "boligplan.housing",
    "boligplan.children",
    "boligplan.reports",
    "boligplan.statistics",
    "boligplan.agencies",
    "boligplan.safety",
    "boligplan.rental",
    "boligplan.aftercare",
    "boligplan.worklist",
    "boligplan.casepage",
    "boligplan.staff",
    "boligplan.ops",
    "boligplan.bench",
    "boligplan.mail",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A moved security stamp ends the session; the session is written at most once a minute.
    "boligplan.accounts.fastpath.SecurityStampMiddleware",
    # django-otp's, trusting the second factor kept in the session under the same stamp.
    "boligplan.accounts.fastpath.StampedOTPMiddleware",
    # The logged-in user's chosen language (nb, nn, en); bokmål before login.
    "boligplan.core.middleware.UserLanguageMiddleware",
    # PostgreSQL: the request's shelter is set for row-level security (core/tenancy.py).
    "boligplan.core.middleware.TenantMiddleware",
    "boligplan.accounts.middleware.SessionPolicyMiddleware",
    # Every URL needs a login unless its view is explicitly marked with @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # After the password, every page needs the second factor (TOTP or a recovery code).
    "boligplan.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "boligplan.core.middleware.NoStoreForLoggedInMiddleware",
    # Last, so that it sees the login attempts of the views (django-axes' requirement).
    "axes.middleware.AxesMiddleware",
]

# The project's own account model (ADR 0020): the display name in one place, a case-insensitive
# unique e-mail, the UI language, the national operator flag and the sessions' security stamp.
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's model backend, loading the membership and shelter with the account (one query).
    "boligplan.accounts.fastpath.StaffBackend",
]
# Lock an account name (known or not: the answer is the same) after 10 failed attempts.
AXES_FAILURE_LIMIT = 10
AXES_LOCKOUT_PARAMETERS = ["username"]
# Not by IP address: a shelter's staff share one address behind its router, and one person's
# typos must not lock out the night shift. Guessing is still capped per account name.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_COOLOFF_TIME = 0.5  # hours
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_DISABLE_ACCESS_LOG = True  # our own audit log records what matters; no usernames kept here
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "Boligplan"

# Sign-in through the municipality's identity provider (OpenID Connect; accounts/municipal.py,
# ADR 0023). Off unless all three of discovery URL, client id and secret are set; then the login
# page shows the button and each shelter's leader decides whether the shelter's staff may use it.
OIDC_DISCOVERY_URL = os.environ.get("OIDC_DISCOVERY_URL", "")
OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
# The address registered at the provider; empty: built from the request (…/logg-inn/kommune/svar/).
OIDC_REDIRECT_URI = os.environ.get("OIDC_REDIRECT_URI", "")
# `acr` values that mean the provider itself asked for a second factor (e.g. ID-porten's
# "idporten-loa-substantial,idporten-loa-high"); with one of them our TOTP step is skipped.
OIDC_MFA_ACR_VALUES = [v.strip() for v in os.environ.get("OIDC_MFA_ACR_VALUES", "").split(",") if v.strip()]
# Seconds of clock difference tolerated when checking the ID token's exp and iat.
OIDC_CLOCK_LEEWAY = int(os.environ.get("OIDC_CLOCK_LEEWAY", 60))
OIDC_TIMEOUT_SECONDS = int(os.environ.get("OIDC_TIMEOUT_SECONDS", 10))

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "boligplan" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "boligplan.core.context_processors.current_membership",
            ],
        },
    },
]


def database_from_environment() -> dict:
    """PostgreSQL when DATABASE_URL is set; otherwise the embedded SQLite file."""
    url = os.environ.get("DATABASE_URL")
    if url:
        # Connections are kept for a minute, so a request does not pay for connecting. Before
        # a kept connection serves a new request it is checked (one round trip), so a
        # connection the server dropped (restart, failover, an idle timeout, a killed backend)
        # is replaced instead of failing that request with a 500.
        return dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "var" / "boligplan.sqlite3")),
        "OPTIONS": {
            # IMMEDIATE takes the write lock at BEGIN, so two writers queue on busy_timeout
            # instead of failing half-way with "database is locked".
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            # secure_delete: deleted or rewritten rows (purges, encrypting migrations) are
            # overwritten in the file, not left readable in free pages.
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;PRAGMA secure_delete=ON;"
            ),
        },
    }


DATABASES = {"default": database_from_environment()}

# Field encryption keys (Fernet, newest first). Never in the database; see core/crypto.py.
FIELD_ENCRYPTION_KEYS = [k for k in os.environ.get("FIELD_ENCRYPTION_KEYS", "").split(",") if k]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "boligplan.accounts.hashers.ModestArgon2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "full_name", "email")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Content-Security-Policy: only our own files; no inline script or style. A script that must be
# inline (htmx's config) gets the per-request nonce: <script nonce="{{ request.csp_nonce }}">.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # Designsystemet's icons are data: SVGs inside its CSS
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Caches (ADR 0025, docs/operations.md "Caches"). Pages every staff member asks for again are
# cached per shelter under the shelter's data version, which lives in the database: so each
# worker's own memory is enough, also with several servers, and the cached rows (which hold
# decrypted names) never leave the process for a shared store.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
    "shelterdata": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "shelterdata",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "reports:overview"
LOGOUT_REDIRECT_URL = "login"

# Idle timeout: the session lives SESSION_IDLE_SECONDS after it was last written, and it is
# written at most every SESSION_TOUCH_SECONDS (accounts/fastpath.py), so it ends at most that
# much early, never late.
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_SECONDS", 30 * 60))
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
SESSION_SAVE_EVERY_REQUEST = False
SESSION_TOUCH_SECONDS = 60
# A form that arrives after the session ended is kept this long for its author (core/pending.py).
PENDING_FORM_SECONDS = int(os.environ.get("PENDING_FORM_SECONDS", 15 * 60))
# Retention (core/retention.py): personal data is anonymised this long after a stay ended.
RETENTION_MONTHS_AFTER_DEPARTURE = int(os.environ.get("RETENTION_MONTHS_AFTER_DEPARTURE", 24))
# Review rules for the audit log (audit/review.py). These working hours are only the default for a
# shelter that has not set its own (or marked itself døgnbemannet) on its settings page; the other
# number is how many cases one person may open in an hour before the leader is shown it.
AUDIT_WORKING_HOURS = (
    int(os.environ.get("AUDIT_WORKING_HOUR_START", 7)),
    int(os.environ.get("AUDIT_WORKING_HOUR_END", 18)),
)
AUDIT_MAX_CASES_PER_HOUR = int(os.environ.get("AUDIT_MAX_CASES_PER_HOUR", 20))
# Exports by one person in one day beyond which the leader is shown them (12 = one year's full set).
AUDIT_MAX_EXPORTS_PER_DAY = int(os.environ.get("AUDIT_MAX_EXPORTS_PER_DAY", 12))
# Audit chain (audit/chain.py, ADR 0013). The key seals every audit row and lives only in the
# environment, never in the database; the head file keeps the chain's newest row outside it.
AUDIT_CHAIN_KEY = os.environ.get("AUDIT_CHAIN_KEY", "")
AUDIT_HEAD_FILE = os.environ.get("AUDIT_HEAD_FILE", str(BASE_DIR / "var" / "audit-head.json"))
# Audit rows older than this many months are purged with the personal data (empty: kept whole).
AUDIT_RETENTION_MONTHS = int(os.environ["AUDIT_RETENTION_MONTHS"]) if os.environ.get("AUDIT_RETENTION_MONTHS") else None
# Statistics: a Kaplan–Meier hint needs at least this many earlier cases (statistics/queries/homes.py).
KM_MIN_N = int(os.environ.get("KM_MIN_N", 10))
# The disclosure rule for the statistics role and the national report (statistics/disclosure.py):
# counts are published as multiples of the base, and nothing is shown with fewer than the minimum.
STATISTICS_ROUNDING_BASE = int(os.environ.get("STATISTICS_ROUNDING_BASE", 5))
STATISTICS_MIN_STAYS = int(os.environ.get("STATISTICS_MIN_STAYS", 10))
# Revealing a confidential address needs the password confirmed this recently.
REAUTH_WINDOW_SECONDS = 5 * 60
# Absolute lifetime of a login, however active: 12 hours (a long shift), then log in again.
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# E-mail (boligplan/mail/, ADR 0022). Only invitations and the morning digest are ever sent, and
# neither carries anything about a resident. Production sends through SMTP (EMAIL_HOST ...), dev
# writes to the console; `check --deploy` stops a production server whose e-mail is not set up.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 587))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "true").lower() in ("1", "true", "yes")
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "false").lower() in ("1", "true", "yes")
if EMAIL_USE_SSL:
    EMAIL_USE_TLS = False  # implicit TLS (port 465) instead of STARTTLS; Django refuses both at once
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", 20))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = ""
# The address staff use to reach the service, for links in e-mails (https://boligplan.example.no).
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")
# The morning digest is sent by the first `run_jobs` at or after this local hour (ops/jobs.py).
MORNING_DIGEST_HOUR = int(os.environ.get("MORNING_DIGEST_HOUR", 6))

# The interface in bokmål (the source strings, ADR 0003), nynorsk and English (ADR 0024). Each user
# chooses on /konto/sprak/; core.middleware.UserLanguageMiddleware activates it. The catalogues
# (boligplan/locale/<lang>/LC_MESSAGES/django.po) are compiled to .mo by `make install`.
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "boligplan" / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True
# Dates are printed by named formats (config/formats/<language>/formats.py), never by letters:
# Norwegian style in nb and nn ("2. des. 2026"), British in English ("2 Dec 2026").
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "boligplan" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Structured logs: one JSON object per line on stderr (time, level, logger, message, and for
# requests method, path, status, duration). The filter strips anything that looks like personal
# data: query strings, quoted values, names of fields, e-mail and IP addresses, national ids,
# exception messages (see boligplan/ops/logs.py). Django's mail_admins handler is not used: it
# would e-mail request details.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_personal_data": {"()": "boligplan.ops.logs.PersonalDataFilter"}},
    "formatters": {"json": {"()": "boligplan.ops.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["no_personal_data"],
            "formatter": "json",
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING").upper()},
    # Django's loggers lose their default handlers and write through the root's one handler.
    "loggers": {
        "django": {"level": "INFO", "propagate": True},
        "django.server": {"level": "INFO", "propagate": True},
        # Database queries carry case data in their parameters: never below WARNING.
        "django.db.backends": {"level": "WARNING", "propagate": True},
        # The OpenID Connect client logs the PKCE verifier at DEBUG: never below WARNING.
        "authlib": {"level": "WARNING", "propagate": True},
        # The audit chain's head goes to the log at every check (audit/integrity.py).
        "boligplan.audit": {"level": "INFO", "propagate": True},
        # Every scheduled job writes one line with its counts (ops/jobs.py).
        "boligplan.jobs": {"level": "INFO", "propagate": True},
    },
}
