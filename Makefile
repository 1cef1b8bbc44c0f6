# Two commands do everything on a fresh machine:
#   make run    install, migrate, load demo data, serve on http://127.0.0.1:8000 (SQLite)
#   make test   install, lint, check migrations, run the whole test suite
# In production (docs/operations.md; on PostgreSQL DATABASE_OWNER_URL is the tables' owner,
# DATABASE_URL the application's role):
#   make migrate   as the owner        make serve   as the application's role
#   make backup / make restore BACKUP=file   as the owner
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: run test test-postgres lint security install install-dev clean bench serve backup restore

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/activate
	$(PIP) install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/activate
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# The OpenID Connect provider the municipal sign-in tests start (tests/oidc_provider, Node.js
# >= 20.19 with npm): exactly the versions in its package-lock.json. Without npm those tests are
# skipped with a message, and fail in CI (CI=true), like the browser tests without Chromium.
OIDC_PROVIDER := tests/oidc_provider
$(OIDC_PROVIDER)/node_modules/.package-lock.json: $(OIDC_PROVIDER)/package.json $(OIDC_PROVIDER)/package-lock.json
	@if command -v npm >/dev/null; then \
	  npm ci --prefix $(OIDC_PROVIDER) --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the municipal sign-in tests need Node.js >= 20.19 and npm"; fi


# The translation catalogues (nn, en) are compiled from their .po files, in pure Python (polib);
# the .mo files are build output, never committed (docs/architecture.md, "Language").
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard boligplan/locale/*/LC_MESSAGES/django.po))
%.mo: %.po | $(VENV)/.runtime
	$(PY) -m boligplan.core.catalogues --stale

install: $(VENV)/.runtime $(CATALOGUES)
install-dev: $(VENV)/.dev $(CATALOGUES) $(OIDC_PROVIDER)/node_modules/.package-lock.json

# After marking new strings: adds them (empty) to the nn and en catalogues; translate, then commit.
.PHONY: messages
messages: install-dev
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemessages -l nn -l en --add-location file \
		--ignore=.venv --ignore=tests --ignore=node_modules --ignore=var

run: install
	mkdir -p var
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py load_demo
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py load_demo_agencies
	@echo "Serving Boligplan on http://127.0.0.1:8000 (Ctrl+C stops it)"
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py runserver 127.0.0.1:8000

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/djlint boligplan --lint
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(MAKE) --no-print-directory security

# Throwaway secrets, only so that the production settings load for the deployment check.
CHECK_ENV := DJANGO_SETTINGS_MODULE=config.settings.production DJANGO_SECRET_KEY=check-only-$$(date +%s)-not-a-real-secret-value-xxxxxxxxxxxxxxxxxxxxxxxx FIELD_ENCRYPTION_KEYS=Y2hlY2stb25seS1rZXktY2hlY2stb25seS1rZXktY2g= AUDIT_CHAIN_KEY=check-only-audit-chain-key-not-a-real-one EMAIL_HOST=smtp.check.invalid DEFAULT_FROM_EMAIL=boligplan@check.invalid SITE_URL=https://boligplan.check.invalid

security: install-dev
	$(VENV)/bin/bandit -q -r boligplan config -x '*/migrations/*' --severity-level low
	$(VENV)/bin/semgrep --config .semgrep --metrics=off --disable-version-check --error --quiet boligplan config
	$(CHECK_ENV) $(PY) manage.py check --deploy --fail-level WARNING

# pytest exits 5 when it collected no test; that is a failure here, never a pass.
test: lint
	mkdir -p var
	$(VENV)/bin/pytest

test-postgres: install-dev
	DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest

# Timings at the quality.md scales on SQLite and PostgreSQL; a report, never a pass/fail.
# More: `$(PY) manage.py bench --scale one national stress` (1,000,000 stays takes a while).
bench: install
	mkdir -p var
	$(PY) manage.py bench

# Load test (docs/operations.md, "Load test"): gunicorn as `make serve` runs it, on a scratch
# PostgreSQL database at the national scale, 20 then 200 staff sessions; a report, never pass/fail.
# Other runs: make loadtest LOADTEST_ARGS="--scale one --sessions 5 --duration 10"
LOADTEST_ARGS ?= --scale national --sessions 20 200 --duration 30
.PHONY: loadtest
loadtest: install
	mkdir -p var
	$(PY) manage.py loadtest --postgres-url $(PG_URL) $(LOADTEST_ARGS)

# Production (docs/operations.md, "Serving" and "Database roles"). Needs DJANGO_SECRET_KEY and
# FIELD_ENCRYPTION_KEYS in the environment. The database is SQLITE_PATH (one file, no roles;
# default var/boligplan.sqlite3) or PostgreSQL with two roles:
#   DATABASE_OWNER_URL  the tables' owner, with BYPASSRLS: make migrate, make backup, make restore
#   DATABASE_URL        the application's role (manage.py create_app_role): make serve
#   make migrate        migrations, then row-level security on every shelter table (as the owner)
#   make serve          check --deploy, collectstatic, check_serving (migrated? a role that
#                       row-level security binds?), then gunicorn: 2 workers, whitenoise, JSON logs
# A new version: make migrate, then restart make serve.
SERVE_ENV := DJANGO_SETTINGS_MODULE=config.settings.production
# The owner's URL where one is given; otherwise DATABASE_URL (SQLite: empty, the file).
AS_OWNER := DATABASE_URL="$${DATABASE_OWNER_URL:-$$DATABASE_URL}"

.PHONY: migrate
migrate: install
	@test -n "$$DJANGO_SECRET_KEY" || { echo "make migrate: set DJANGO_SECRET_KEY (see docs/operations.md)" >&2; exit 2; }
	@test -n "$$FIELD_ENCRYPTION_KEYS" || { echo "make migrate: set FIELD_ENCRYPTION_KEYS (see docs/operations.md)" >&2; exit 2; }
	@test -n "$$AUDIT_CHAIN_KEY" || { echo "make migrate: set AUDIT_CHAIN_KEY (see docs/operations.md)" >&2; exit 2; }
	mkdir -p var
	$(SERVE_ENV) $(AS_OWNER) $(PY) manage.py migrate --noinput

serve: install
	@test -n "$$DJANGO_SECRET_KEY" || { echo "make serve: set DJANGO_SECRET_KEY (see docs/operations.md)" >&2; exit 2; }
	@test -n "$$FIELD_ENCRYPTION_KEYS" || { echo "make serve: set FIELD_ENCRYPTION_KEYS (see docs/operations.md)" >&2; exit 2; }
	@test -n "$$AUDIT_CHAIN_KEY" || { echo "make serve: set AUDIT_CHAIN_KEY (see docs/operations.md)" >&2; exit 2; }
	mkdir -p var
	$(SERVE_ENV) $(PY) manage.py check --deploy
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(SERVE_ENV) $(PY) manage.py check_serving
	$(SERVE_ENV) exec $(VENV)/bin/gunicorn --config config/gunicorn.py

# Backups (docs/operations.md). Encrypted when BACKUP_ENCRYPTION_KEY is set. On PostgreSQL both
# run as the owner, DATABASE_OWNER_URL: the application's role cannot read every shelter's rows.
#   make backup                                  writes var/backups/boligplan-<kind>-<time>...
#   make backup BACKUP=/path/file                writes that file
#   make restore BACKUP=/path/file               asks, replaces the database, then migrates
# The settings only choose the database here: production's when DJANGO_SECRET_KEY is set.
OPS_SETTINGS ?= $(or $(DJANGO_SETTINGS_MODULE),$(if $(DJANGO_SECRET_KEY),config.settings.production,config.settings.dev))

backup: install
	mkdir -p var
	DJANGO_SETTINGS_MODULE=$(OPS_SETTINGS) $(AS_OWNER) $(PY) manage.py backup_database $(if $(BACKUP),--output "$(BACKUP)")

restore: install
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=var/backups/<file>" >&2; exit 2; }
	DJANGO_SETTINGS_MODULE=$(OPS_SETTINGS) $(AS_OWNER) $(PY) manage.py restore_database "$(BACKUP)"
	DJANGO_SETTINGS_MODULE=$(OPS_SETTINGS) $(AS_OWNER) $(PY) manage.py migrate --noinput

clean:
	rm -rf $(VENV) var $(CATALOGUES)
