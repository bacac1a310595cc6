# histatlas: one place for every command the README names.
# `make run` and `make test` are all a newcomer needs; both set themselves up.

VENV    ?= .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
PORT    ?= 8501
PYTEST_ARGS ?=
# Everything of ours that ruff checks (only the folders that exist).
LINT_PATHS = $(wildcard dashboard events geodata tests bench)

DEPLOY_VENV ?= .venv-deploy
# The system's Python where there is one: tests/deploy runs the app as an unprivileged user,
# who cannot reach a Python installed under root's home (pyenv's /root/.pyenv).
DEPLOY_PYTHON ?= $(shell [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || echo python3)
DEPLOY_STAMP := $(DEPLOY_VENV)/.installed

.PHONY: install run test lint format bench soak sweep chromium nginx deploy-env lowest clean

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

# Debian's nginx (tests/deploy: the reverse-proxy recipe) and poppler-utils (pdftotext:
# the image export tests read the PDFs back).
nginx:
	@if { command -v nginx || [ -x /usr/sbin/nginx ]; } >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; then exit 0; fi; \
	if command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's nginx and poppler-utils for the tests..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nginx-light poppler-utils >/dev/null; \
	else \
	  echo "Install nginx and poppler-utils (pdftotext) for tests/deploy and the PDF tests."; \
	  exit 1; \
	fi

# Streamlit Community Cloud's recipe, step by step: a fresh virtualenv and
# `pip install -r requirements.txt` (which installs histatlas from a wheel, not editable).
# The Dockerfile runs the same install. tests/deploy serves the app from this venv.
$(DEPLOY_STAMP): pyproject.toml requirements.txt
	rm -rf $(DEPLOY_VENV)
	$(DEPLOY_PYTHON) -m venv $(DEPLOY_VENV)
	$(DEPLOY_VENV)/bin/pip install --quiet --upgrade pip
	$(DEPLOY_VENV)/bin/pip install --quiet -r requirements.txt
	touch $(DEPLOY_STAMP)

deploy-env: $(DEPLOY_STAMP)
	@# The code changes more often than the dependencies: reinstall histatlas itself each time.
	$(DEPLOY_VENV)/bin/pip install --quiet --no-deps --force-reinstall .
	rm -rf build

test: install chromium nginx deploy-env lint
	$(PY) -m pytest $(PYTEST_ARGS)

# The suite (but deploy and soak) in a virtualenv holding every dependency at its lowest
# declared version (requirements-lowest.txt): run before changing a lower bound.
LOWEST_VENV ?= .venv-lowest
lowest: chromium
	python3 -m venv $(LOWEST_VENV)
	$(LOWEST_VENV)/bin/pip install --quiet -c requirements-lowest.txt -e ".[test]"
	$(LOWEST_VENV)/bin/python -m pytest --ignore=tests/deploy --ignore=tests/soak $(PYTEST_ARGS)

bench: install
	$(PY) -m bench

# The world-wide accuracy sweep against CShapes 2.0 (needs ../shared/reference); rewrites
# its section of docs/data.md.
sweep: install
	$(PY) -m geodata.sweep --write

soak: install chromium
	$(PY) -m pytest -m soak tests/soak $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) $(DEPLOY_VENV) $(LOWEST_VENV) tests/artifacts .pytest_cache .mypy_cache .ruff_cache dashboard/static/vendor
