# gonghui: `make run` installs, migrates, builds the demo county and serves it;
# `make test` runs the whole suite. Needs only Python 3.11+, Node/npm and make.

PYTHON ?= python3
PORT ?= 8000
TEST_ARGS ?=
UV_VERSION := 0.13.8

UV := .tools/bin/uv
GH := .venv/bin/gonghui
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/.venv
export UV_LINK_MODE := copy
# Installed packages are compiled once at install, so every command starts without recompiling
# them (and still does where PYTHONDONTWRITEBYTECODE is set).
export UV_COMPILE_BYTECODE := 1

.PHONY: run install test lint format bench messages extract clean help

help:
	@echo "make run      install, migrate, build the demo county and serve it at http://127.0.0.1:$(PORT)"
	@echo "make test     run the whole test suite (TEST_ARGS='...' passes options to pytest)"
	@echo "make lint     ruff, mypy and the import contracts (lint-imports)"
	@echo "make bench    run the benchmarks in bench/"

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

.venv/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

# The project catalogue and one per core app (gonghui/core/<app>/locale/).
MO_FILES := $(patsubst %.po,%.mo,$(shell find gonghui -path '*/locale/*/LC_MESSAGES/django.po'))

%/LC_MESSAGES/django.mo: %/LC_MESSAGES/django.po .venv/.installed
	.venv/bin/pybabel compile --statistics -i $< -o $@

messages: $(MO_FILES)

# Re-extract the translatable strings (then translate the new entries and `make messages`):
# an app with a locale/ folder of its own keeps its strings there; everything else goes to
# the project catalogue, gonghui/locale.
APP_DIRS := $(patsubst %/locale,%,$(shell find gonghui -mindepth 2 -type d -name locale -not -path 'gonghui/locale'))
MAKEMESSAGES := DJANGO_SETTINGS_MODULE=gonghui.settings_test PYTHONPATH=$(CURDIR) $(CURDIR)/.venv/bin/django-admin makemessages -l zh_Hans --no-obsolete --add-location=file
extract: .venv/.installed
	@for app in $(APP_DIRS); do echo "$$app"; (cd $$app && $(MAKEMESSAGES)) || exit 1; done
	cd gonghui && $(MAKEMESSAGES) $(foreach app,$(APP_DIRS),--ignore '$(patsubst gonghui/%,%,$(app))/*')

install: .venv/.installed node_modules/.installed messages

# Collected (hashed and compressed) static files, redone only when an asset changes.
STATIC_SOURCES := $(shell find gonghui -path '*/static/*' -type f 2>/dev/null)
var/static/.collected: node_modules/.installed .venv/.installed $(STATIC_SOURCES)
	$(GH) collectstatic --noinput --clear -v0
	@touch $@

run: install var/static/.collected
	@.venv/bin/python -m compileall -q gonghui
	$(GH) migrate --noinput -v0
	$(GH) demo --if-empty
	$(GH) logins
	$(GH) serve --port $(PORT)

test: install
	.venv/bin/pytest $(TEST_ARGS)

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy
	.venv/bin/lint-imports --no-logo
	DJANGO_SETTINGS_MODULE=gonghui.settings_test .venv/bin/python manage.py makemigrations --check --dry-run

format: install
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

bench: install
	.venv/bin/python -m bench

clean:
	rm -rf .venv .tools node_modules var/static
