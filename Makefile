# `make demo` and `make test` each do all setup on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install demo test lint typecheck bench train clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/saferail demo

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks scripts
	$(VENV)/bin/ruff format --check src tests benchmarks scripts

typecheck: $(STAMP)
	$(VENV)/bin/mypy

test: $(STAMP) lint typecheck
	$(PY) -m pytest -q

# Retrain the detector artifacts from ../shared/datasets (training-only tool: scikit-learn).
train: $(STAMP)
	$(PY) -m pip install -q scikit-learn
	$(PY) scripts/train_detectors.py

bench: $(STAMP)
	$(PY) benchmarks/guard_latency.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
