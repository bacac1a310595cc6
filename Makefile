# histatlas: one place for every command the README names.
# `make run` and `make test` are all a newcomer needs; both set themselves up.

VENV    ?= .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
PORT    ?= 8501
PYTEST_ARGS ?=
# Everything of ours that ruff checks (only the folders that exist).
LINT_PATHS = $(wildcard dashboard events geodata tests bench)

.PHONY: install run test lint format bench soak chromium clean

$(PY):
	python3 -m venv $(VENV)

# Reinstall only when the project definition changes (idempotent `make install`).
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(VENV)/bin/histatlas serve --port $(PORT)

lint: install
	$(VENV)/bin/ruff check $(LINT_PATHS)
	$(VENV)/bin/ruff format --check $(LINT_PATHS)
	$(VENV)/bin/mypy events geodata

format: install
	$(VENV)/bin/ruff format $(LINT_PATHS)
	$(VENV)/bin/ruff check --fix $(LINT_PATHS)

# The browser tests drive Debian's chromium; install it where apt-get exists.
chromium:
	@if [ -n "$$HISTATLAS_CHROMIUM" ] && [ -x "$$HISTATLAS_CHROMIUM" ]; then exit 0; fi; \
	if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then exit 0; fi; \
	if command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "No Chromium found: install one (e.g. '$(VENV)/bin/playwright install chromium' where downloads work) and set HISTATLAS_CHROMIUM to its path."; \
	  exit 1; \
	fi

test: install chromium lint
	$(PY) -m pytest $(PYTEST_ARGS)

bench: install
	$(PY) -m bench

soak: install chromium
	$(PY) -m pytest -m soak tests/soak $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) tests/artifacts .pytest_cache .mypy_cache .ruff_cache dashboard/static/vendor
