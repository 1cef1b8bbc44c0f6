# Two commands do everything on a fresh machine:
#   make run    install, migrate, load demo data, serve on http://127.0.0.1:8000 (SQLite)
#   make test   install, lint, check migrations, run the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: run test test-postgres lint security install install-dev clean bench

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/activate
	$(PIP) install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/activate
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

run: install
	mkdir -p var
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py load_demo
	@echo "Serving Boligplan on http://127.0.0.1:8000 (Ctrl+C stops it)"
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py runserver 127.0.0.1:8000

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(MAKE) --no-print-directory security

# Throwaway secrets, only so that the production settings load for the deployment check.
CHECK_ENV := DJANGO_SETTINGS_MODULE=config.settings.production DJANGO_SECRET_KEY=check-only-$$(date +%s)-not-a-real-secret-value-xxxxxxxxxxxxxxxxxxxxxxxx FIELD_ENCRYPTION_KEYS=Y2hlY2stb25seS1rZXktY2hlY2stb25seS1rZXktY2g=

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

clean:
	rm -rf $(VENV) var
