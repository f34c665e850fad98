# Nastavnik — set-up and everyday commands. Everything runs from the repository root with the
# virtual environment in .venv; the project itself is not pip-installed.
#
#   make run     create .venv if needed, start Temporal dev server + worker + API (Ctrl-C stops all);
#                prints the cabinet's sign-in link; `make run DEMO=1` also seeds a demo school
#   make test    lint, format check, type check and the whole test suite
#   make demo    walk a pair and a group through their lifecycle against the running system
#   make lint    ruff check + ruff format --check + mypy
#   make format  ruff format + ruff check --fix

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Written after a successful install: the environment is rebuilt only when requirements.lock changes.
STAMP  := $(VENV)/.installed-requirements

.DEFAULT_GOAL := help
.PHONY: help venv run test lint format demo

help:
	@sed -n 's/^#   //p' $(MAKEFILE_LIST)

venv: $(STAMP)

$(STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Python >= 3.11 is needed: run with PYTHON=/path/to/python3.11" >&2; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -r requirements.lock
	touch $@

run: venv
	$(BIN)/python scripts/run_local.py $(if $(filter-out 0,$(DEMO)),--demo)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# pytest's own exit status is kept (tests/conftest.py ends with os._exit(status)): a failure, an error
# or "no tests collected" (status 5) all fail this target and so CI.
# The suite runs on SQLite always; when NASTAVNIK_TEST_DATABASE_URL names a PostgreSQL database (.ci/run
# sets it when one answers on 127.0.0.1:5432), it runs a second time on PostgreSQL — without the browser
# walks, which drive the same pages and application functions that the PostgreSQL pass already tests
# without a browser (they took minutes of the 15 the suite may take on 2 cores), and without the tests
# that touch no database (the pure domain, document rendering, history replays, layering and compose
# checks), which would only repeat themselves, and without the API fuzzing (53 s), which runs in the
# SQLite pass (on PostgreSQL the API tests drive the same routes): the two passes stay within 15 minutes.
test: lint
	env -u NASTAVNIK_TEST_DATABASE_URL $(BIN)/python -m pytest
	@if [ -n "$${NASTAVNIK_TEST_DATABASE_URL:-}" ]; then \
		echo "== the suite again, on PostgreSQL (browser walks ran on SQLite)"; \
		$(BIN)/python -m pytest --ignore=tests/test_run_local.py --ignore-glob='tests/web/test_browser_*.py' \
			--ignore=tests/domain --ignore=tests/documents --ignore=tests/test_layers.py \
			--ignore=tests/test_compose.py --ignore-glob='tests/workflows/test_*replay*.py' \
			--ignore=tests/api/test_fuzzing.py; \
	fi

demo: venv
	$(BIN)/python scripts/demo.py
