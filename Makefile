# sdkgen: `make generate` writes generated/ from spec/; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SPEC := spec/openapi.yaml
CONFIG := spec/sdk.yaml
OUT := generated
NODE_PREFIX := .node

.PHONY: install generate check test build lint clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

generate: install
	$(BIN)/sdkgen generate $(SPEC) -o $(OUT) --config $(CONFIG)

check: install
	$(BIN)/sdkgen check $(SPEC) -o $(OUT) --config $(CONFIG)

test: install
	$(BIN)/python -m pytest

build: install
	rm -rf dist
	$(BIN)/python -m build --outdir dist $(OUT)

clean:
	rm -rf $(VENV) dist $(NODE_PREFIX) .pytest_cache .mypy_cache
