# Duiding — the two set-up commands are `make demo` and `make test` (see README.md).
# Both create or update .venv from the pinned lock files and are safe to run twice.

PYTHON    ?= python3
VENV      := .venv
BIN       := $(VENV)/bin
UV        := $(BIN)/uv
STAMP     := $(VENV)/.installed
VENDOR    := src/duiding/web/static/vendor
WORKSPACE ?= var/demo
PORT      ?= 8000
PG_URL    ?= postgres://postgres@127.0.0.1:5432/duiding

.PHONY: demo test check lint typecheck architecture pytest test-postgres assets chromium bench clean help

help:
	@echo "make demo   bouw de demowerkruimte en start http://127.0.0.1:$(PORT)"
	@echo "make test   installeer wat nodig is en draai alle controles en tests"

# --- installation ---------------------------------------------------------

$(STAMP): requirements/dev.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check uv==0.13.9
	$(UV) pip sync -q --python $(BIN)/python requirements/dev.lock
	$(UV) pip install -q --python $(BIN)/python --no-deps -e .
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error

# The vendor files get gzip and brotli siblings (.gz, .br), which WhiteNoise serves to browsers
# that accept them; production's collectstatic compresses every static file the same way.
$(VENDOR)/.stamp: node_modules/.package-lock.json Makefile | $(STAMP)
	rm -rf $(VENDOR)
	mkdir -p $(VENDOR)/utrecht $(VENDOR)/voorbeeld-design-tokens $(VENDOR)/vega $(VENDOR)/vega-lite $(VENDOR)/vega-embed
	cp node_modules/@utrecht/component-library-css/dist/index.css $(VENDOR)/utrecht/component-library.css
	cp node_modules/@utrecht/component-library-css/LICENSE.md $(VENDOR)/utrecht/
	cp node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css $(VENDOR)/voorbeeld-design-tokens/
	cp node_modules/vega/build/vega.min.js node_modules/vega/LICENSE $(VENDOR)/vega/
	cp node_modules/vega-lite/build/vega-lite.min.js node_modules/vega-lite/LICENSE $(VENDOR)/vega-lite/
	cp node_modules/vega-embed/build/vega-embed.min.js node_modules/vega-embed/LICENSE $(VENDOR)/vega-embed/
	$(BIN)/python -m whitenoise.compress -q $(VENDOR)
	touch $@

assets: $(VENDOR)/.stamp

# Debian's Chromium for the browser tests (never a browser downloaded by a test tool).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# --- the two commands -----------------------------------------------------

demo: $(STAMP) assets
	$(BIN)/duiding demo --workspace $(WORKSPACE) --port $(PORT)

test: check pytest

# --- parts of `make test` -------------------------------------------------

check: lint typecheck

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP) assets chromium
	$(BIN)/pytest

# The app-database tests again, against the PostgreSQL server (CI does this too).
test-postgres: $(STAMP) assets chromium
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -m "django_db"

# Speed and memory of loading a large registration file, as ratios to DuckDB reading the
# same file in the same run (docs/benchmarks.md). `make bench ROWS=1000000` for a shorter run.
ROWS ?= 10000000
bench: $(STAMP)
	$(BIN)/duiding bench load --rows $(ROWS)

clean:
	rm -rf $(VENV) node_modules $(VENDOR) .mypy_cache .pytest_cache .ruff_cache
