# Two entry points: `make tutor` (set up, then today's session) and `make test` (set up, then
# every check CI runs). Both create .venv and install the project and what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# make test verifies every module, so it adds the heavy ones a learner installs on demand.
FULL := $(VENV)/.installed-full

.PHONY: tutor test lint typecheck bench bench-suite clean site serve bench-site

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "error: Python 3.11 or newer is needed (set PYTHON=python3.x)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# compat mode: a plain path entry, not an import hook that every start-up would pay for.
	$(BIN)/python -m pip install --quiet -e '.[curriculum,site,postgres,dev]' --config-settings editable_mode=compat
	@touch $(STAMP)

$(FULL): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[deep-learning]' --config-settings editable_mode=compat
	@touch $(FULL)

tutor: $(STAMP)
	$(BIN)/tutor today

test: $(FULL) lint typecheck
	$(BIN)/python -m pytest -n auto --dist worksteal --durations=25

lint: $(STAMP)
	$(BIN)/ruff check tutor tests benchmarks
	$(BIN)/ruff format --check tutor tests benchmarks
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

# The team site: build into site/ (notebooks executed, outputs cached), or serve with live reload.
# Every module's notebooks run, PyTorch's and JAX's too: the same set-up as make test.
site: $(FULL)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build

serve: $(FULL)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve

bench-site: $(STAMP)
	$(BIN)/python benchmarks/bench_site.py

# make test itself, timed between two runs of a baseline job (the machine's speed that day).
bench-suite: $(FULL)
	$(BIN)/python benchmarks/bench_suite.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
