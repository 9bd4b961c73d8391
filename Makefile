# Set-up and everyday commands. `make run` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
STORE ?= data/store/media.duckdb
HOST ?= 127.0.0.1
PORT ?= 8050
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install browser sample run lab test check bench clean

install: $(INSTALLED)

# The C extensions (pyproject.toml [tool.media-analytics] compiled): an edit to one rebuilds it.
COMPILED := $(shell $(PYTHON) -c "import tomllib; print(*tomllib.load(open('pyproject.toml', 'rb'))['tool']['media-analytics']['compiled'])")

$(INSTALLED): pyproject.toml setup.py $(COMPILED)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	find analytics -name '*.so' -delete  # an older build's extension (mypyc's keywords) would shadow its source
	$(BIN)/pip install --quiet -e '.[dev]'
	@$(BIN)/python -c "from analytics.enrich import keywords; print('compiled modules:', keywords.BUILD)"
	touch $@

# Debian's Chromium and ChromeDriver, for the dashboard's real-browser tests.
browser:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium chromium-driver; \
	fi

sample: install
	$(BIN)/media-analytics ingest --manifest data/manifests/sample.toml --store $(STORE)

run: sample
	$(BIN)/media-analytics dashboard --store $(STORE) --host $(HOST) --port $(PORT)

$(STORE):
	$(MAKE) sample STORE=$(STORE)

# Opens the existing store (make sample refreshes it); ingest needs the store's write lock,
# which a running dashboard or notebook kernel holds.
lab: install $(STORE)
	MEDIA_ANALYTICS_STORE=$(abspath $(STORE)) $(BIN)/jupyter lab notebooks/

test: install browser check
	$(BIN)/pytest -n 2 --dist loadfile -q

# The layout's import rules (pyproject.toml [tool.importlinter]), lint, formatting and types.
check: install
	$(BIN)/lint-imports
	$(BIN)/ruff check analytics dashboard benchmarks tests
	$(BIN)/ruff format --check analytics dashboard benchmarks tests
	$(BIN)/mypy

bench: install
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) data/store .pytest_cache .hypothesis build
	find analytics -name '*.so' -delete
