# The whole setup is two commands: `make run` and `make test`. Each creates .venv and installs what it needs.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q

.PHONY: run test lint typecheck pytest evals wheel bench quality clean

$(PY):
	$(PYTHON) -m venv $(VENV)

# Stamps are rebuilt when pyproject.toml changes, so a plain `make test` picks up new dependencies.
$(VENV)/.run-installed: pyproject.toml | $(PY)
	$(PIP) install -e .
	@touch $@

$(VENV)/.dev-installed: pyproject.toml | $(PY)
	$(PIP) install -e '.[dev]'
	@touch $@ $(VENV)/.run-installed

run: $(VENV)/.run-installed
	$(PY) app.py

test: $(VENV)/.dev-installed lint typecheck pytest evals wheel

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(VENV)/.dev-installed
	$(VENV)/bin/mypy

pytest: $(VENV)/.dev-installed
	$(PY) -m pytest

# The offline eval suite against the committed baseline: exit 1 only when a gate check regressed.
evals: $(VENV)/.dev-installed
	$(VENV)/bin/coach eval --engine offline --baseline evals/baseline/offline.json --report out/evals

# A wheel built from the repo, installed non-editable in a fresh venv, runs the features from another directory.
wheel: $(VENV)/.dev-installed
	VENV_PY=$(PY) bash .ci/wheel_check.sh

bench: $(VENV)/.dev-installed
	$(PY) benchmarks/bench_analysis.py
	$(PY) benchmarks/bench_llm_overhead.py
	$(PY) benchmarks/bench_evals.py

# The offline engine on 50 public texts nobody here wrote (evals/real/): writes docs/quality.md.
quality: $(VENV)/.dev-installed
	$(PY) benchmarks/quality.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
