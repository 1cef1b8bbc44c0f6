# Two commands do everything on a fresh machine:
#   make run    install, migrate, load demo data, serve on http://127.0.0.1:8000 (SQLite)
#   make test   install, lint, check migrations, run the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: run test test-postgres lint install install-dev serve-check clean

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

# pytest exits 5 when it collected no test; that is a failure here, never a pass.
test: lint
	mkdir -p var
	$(VENV)/bin/pytest

test-postgres: install-dev
	DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest

clean:
	rm -rf $(VENV) var
