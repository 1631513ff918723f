# The whole setup is two commands: `make run` and `make test`. Each creates .venv and installs what it needs.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q

.PHONY: run test lint typecheck pytest evals wheel bench soak quality load clean

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

# Every benchmark that writes a row of docs/performance.md (bench_*.py; the soak and load runs write
# docs/reliability.md and have their own targets). Each one replaces only its own section. bench_make_test.py runs
# `make test` on a fresh clone of HEAD, so a whole `make bench` takes several minutes.
BENCHES := $(filter-out benchmarks/bench_soak.py benchmarks/bench_load.py,$(sort $(wildcard benchmarks/bench_*.py)))
bench: $(VENV)/.dev-installed
	@set -e; for bench in $(BENCHES); do echo "== $$bench"; $(PY) $$bench; done

# 1,000 requests across the features against an endpoint that fails ~22% of the time (seeded): writes the
# "Retry budget" and "Soak" sections of docs/reliability.md; exit 1 on a crash, an unclear error or a blown budget.
soak: $(VENV)/.dev-installed
	$(PY) benchmarks/bench_soak.py

# The offline engine on real public texts nobody here wrote (evals/real/, and the sets kept apart, evals/holdout/
# and evals/blind4/): writes docs/quality.md.
quality: $(VENV)/.dev-installed
	$(PY) benchmarks/quality.py

# 50 web UI users through gradio_client while one pastes an adversarial 20,000-character text (each shape that was
# once slow, worst reported), side by side with long texts analysed in the server's threads: writes the "Load"
# section of docs/reliability.md.
load: $(VENV)/.dev-installed
	$(PY) benchmarks/bench_load.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
