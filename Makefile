# sdkgen: `make generate` writes generated/ from spec/; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SPEC := spec/openapi.yaml
CONFIG := spec/sdk.yaml
OUT := generated
NODE_PREFIX := .node
PRISM_VERSION := 5.16.0
PRISM_STAMP := $(NODE_PREFIX)/.prism-$(PRISM_VERSION)
DIST ?= dist
TWINE_USERNAME ?= __token__

ARGS ?=
PYTEST_WORKERS ?= auto

.PHONY: install install-test generate check test test-lowest build publish bench lint clean prism official chromium

# What generation needs: the generator and its dependencies.
install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# What the tests, `make build` and `make publish` need besides.
install-test: $(VENV)/.installed-test

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,site]'
	touch $@

generate: install
	$(BIN)/sdkgen generate $(SPEC) -o $(OUT) --config $(CONFIG)

check: install
	$(BIN)/sdkgen check $(SPEC) -o $(OUT) --config $(CONFIG)

# Both cores (pytest-xdist); `make test ARGS="tests/generator -k config"` passes arguments to pytest.
test: install-test prism official chromium
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(ARGS)

# The generator's tests on the lowest releases that pyproject.toml allows for its direct
# dependencies (test extras included), in $(LOWEST)/; resolved by uv, installed into $(VENV) from PyPI.
# Not part of `make test`: it runs the generator's tests a second time (minutes).
LOWEST := .venv-lowest

test-lowest: $(LOWEST)/.installed
	$(LOWEST)/bin/python -m pytest -n $(PYTEST_WORKERS) tests/generator $(ARGS)

$(BIN)/uv: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet 'uv>=0.5'
	touch $@

$(LOWEST)/.installed: pyproject.toml $(BIN)/uv
	rm -rf $(LOWEST)
	$(PYTHON) -m venv $(LOWEST)
	$(BIN)/uv pip install --quiet --python $(LOWEST)/bin/python --resolution lowest-direct -e '.[test]'
	touch $@

# The official Speakeasy-made SDKs (pinned) that tests/wire compares ours with, in a venv of
# their own. Without the package index the wire tests skip (with this reason) instead of failing.
OFFICIAL_VENV := tests/wire/.venv
official: $(OFFICIAL_VENV)/.installed

$(OFFICIAL_VENV)/.installed: tests/wire/requirements-official.txt
	rm -rf $(OFFICIAL_VENV)
	$(PYTHON) -m venv $(OFFICIAL_VENV)
	@if $(OFFICIAL_VENV)/bin/python -m pip install --quiet -r $<; then \
		touch $@; \
	else \
		echo "make official: the official SDKs did not install; the wire-compatibility tests will be skipped"; \
	fi

# The browser that checks the docs site (tests/test_site.py): Debian's chromium, driven by
# Playwright. Installed with apt-get where this runs as root; elsewhere those tests skip.
chromium:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "make chromium: installing Debian's chromium for the docs site's browser tests"; \
		{ DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
		  || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; } \
		|| echo "make chromium: apt-get could not install chromium; the browser tests of the docs site will be skipped"; \
	else \
		echo "make chromium: chromium is not installed and apt-get cannot install it here (needs root); the browser tests of the docs site will be skipped"; \
	fi

# The Prism mock server of the contract tests, pinned, in the repo-local $(NODE_PREFIX)/.
# Without node/npm the Prism tests skip (with this reason) instead of failing.
prism: $(PRISM_STAMP)

$(PRISM_STAMP):
	@if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then \
		npm install --prefix $(NODE_PREFIX) --no-save --no-audit --no-fund --loglevel=error @stoplight/prism-cli@$(PRISM_VERSION) \
		&& touch $@; \
	else \
		echo "make prism: node/npm not found; the Prism contract tests will be skipped"; \
	fi

build: install-test
	rm -rf $(DIST)
	$(BIN)/python -m build --outdir $(DIST) $(OUT)
	$(BIN)/python -m twine check --strict $(DIST)/*

# Uploads the sdist and wheel of $(OUT) to TWINE_REPOSITORY_URL (https://upload.pypi.org/legacy/
# for PyPI) as TWINE_USERNAME (default __token__, for an API token) with TWINE_PASSWORD.
publish: install-test
	@[ -n "$$TWINE_REPOSITORY_URL" ] || { echo "make publish: TWINE_REPOSITORY_URL is not set; set it to the package index's upload URL (https://upload.pypi.org/legacy/ for PyPI)" >&2; exit 2; }
	@[ -n "$$TWINE_PASSWORD" ] || { echo "make publish: TWINE_PASSWORD is not set; set it to an API token (with TWINE_USERNAME unset or __token__) or to the password of TWINE_USERNAME" >&2; exit 2; }
	$(MAKE) --no-print-directory build
	TWINE_USERNAME='$(TWINE_USERNAME)' $(BIN)/python -m twine upload --non-interactive --repository-url "$$TWINE_REPOSITORY_URL" $(DIST)/*

# Benchmarks against the peers (never part of `make test`): tables on stdout, bench/results.json.
BENCH_VENV := bench/.venv
bench: install-test $(BENCH_VENV)/generators/.installed $(BENCH_VENV)/clients/.installed
	$(BIN)/python -m bench

$(BENCH_VENV)/%/.installed: bench/requirements-%.txt
	rm -rf $(BENCH_VENV)/$*
	$(PYTHON) -m venv $(BENCH_VENV)/$*
	$(BENCH_VENV)/$*/bin/python -m pip install --quiet --upgrade pip
	$(BENCH_VENV)/$*/bin/python -m pip install --quiet -r $<
	if [ -f bench/optional-$*.txt ]; then $(BENCH_VENV)/$*/bin/python -m pip install --quiet -r bench/optional-$*.txt || echo "bench: optional peers of $* did not install; measured without them"; fi
	touch $@

clean:
	rm -rf $(VENV) $(LOWEST) dist $(NODE_PREFIX) $(OFFICIAL_VENV) .pytest_cache .mypy_cache
