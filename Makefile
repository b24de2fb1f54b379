# KPI committee papers. `make help` lists the targets.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
READY := $(VENV)/.ready
# This machine's pip configuration names local mirrors that may be absent; their warnings are noise.
PIP_QUIET := grep -v -e "is ignored: it is neither a file nor a directory" || true

# MONTH, COUNCIL, FILE, NOWAIT, NAME, TEMPLATE, FORCE, JOBS, SCHEDULER and BENCH_RUNS reach Python through the environment only: $(value ...) stops make
# expanding a `$(...)` in them and the recipes quote "$$KPI_..." so the shell never parses them either.
export KPI_MONTH := $(value MONTH)
export KPI_COUNCIL := $(value COUNCIL)
export KPI_FILE := $(value FILE)
export KPI_NOWAIT := $(value NOWAIT)
export KPI_NAME := $(value NAME)
export KPI_TEMPLATE := $(value TEMPLATE)
export KPI_FORCE := $(value FORCE)
export KPI_JOBS := $(value JOBS)
export KPI_SCHEDULER := $(value SCHEDULER)
export KPI_BENCH_RUNS := $(value BENCH_RUNS)
unexport MONTH COUNCIL FILE NOWAIT NAME TEMPLATE FORCE JOBS SCHEDULER BENCH_RUNS

.PHONY: help venv report narrative import council docs demo lab test test-fast lint format accessibility bench clean lock

help: ## list the targets
	@echo "make report MONTH=YYYY-MM [COUNCIL=name] [NOWAIT=1] [FORCE=1] [JOBS=n] [SCHEDULER=tcp://host:8786]"
	@echo "                                           build papers into outputs/YYYY-MM/ (those not up to date)"
	@echo "make narrative MONTH=YYYY-MM COUNCIL=name  start a month's commentary file, drafted from the data"
	@echo "make import COUNCIL=name FILE=pack.xlsx    import a provider's monthly KPI pack (.xlsx or .csv)"
	@echo "make council NAME=folder TEMPLATE=type      create a new council (types: vital_signs, contract, overview, governance)"
	@echo "make docs                                  regenerate the README's configuration reference from the schemas"
	@echo "make demo                                  regenerate the synthetic demo council's data"
	@echo "make lab                                   open JupyterLab to edit narrative (params/) or templates"
	@echo "make test                                  run the tests (unit and end-to-end)"
	@echo "make test-fast                             the unit tests only, without building papers (about a minute)"
	@echo "make lint                                  ruff's lint and format checks (make format applies the formatting)"
	@echo "make accessibility                         axe-core in headless Chromium, reflow and PDF/UA checks on every paper type"
	@echo "make bench [BENCH_RUNS=n]                  time a month's batch against the hand-written pipeline (speed targets live here)"
	@echo "make clean                                 remove generated outputs (never narrative)"
	@echo "make venv                                  create .venv from requirements.txt (the others do it themselves)"
	@echo "make lock                                  re-pin requirements.txt from requirements.in"

$(READY): requirements.txt
	@echo "creating $(VENV) from requirements.txt (first run only)"
	$(PYTHON) -m venv $(VENV)
	{ $(PY) -m pip install --quiet -r requirements.txt 2>&1; } | { $(PIP_QUIET); }
	$(PY) -m ipykernel install --sys-prefix --name kpilib --display-name "Python (kpilib)" > /dev/null
	@# matplotlib's font cache, made now rather than by the first build's warm kernel process,
	@# which a build with nothing to do stops mid-import (a lock file left behind would stall the next).
	$(PY) -c "import matplotlib.font_manager" 2>/dev/null
	@# The project itself is imported from the work tree, so notebooks and tests see edits at once.
	echo "$(CURDIR)" > "$$($(PY) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/kpi-papers.pth"
	touch $@

venv: $(READY)

report: $(READY) ## build papers: make report MONTH=2019-02 [COUNCIL=norfolk]
	@$(PY) -m kpilib report --month "$$KPI_MONTH" --council "$$KPI_COUNCIL" --jobs "$$KPI_JOBS" \
		--scheduler "$$KPI_SCHEDULER" $${KPI_NOWAIT:+--no-wait} $${KPI_FORCE:+--force}

narrative: $(READY)
	@$(PY) -m kpilib narrative --month "$$KPI_MONTH" --council "$$KPI_COUNCIL"

import: $(READY)
	@$(PY) -m kpilib import --council "$$KPI_COUNCIL" --file "$$KPI_FILE"

council: $(READY)
	@$(PY) -m kpilib council --name "$$KPI_NAME" --template "$$KPI_TEMPLATE"

docs: $(READY)
	@$(PY) -m kpilib._driver.reference README.md

demo: $(READY) ## regenerate the synthetic demo council's data (params/demo/*.csv)
	@$(PY) -m kpilib._driver.demo params/demo

lab: $(READY)
	$(VENV)/bin/jupyter lab --notebook-dir=.

test: $(READY)
	$(PY) -m pytest

test-fast: $(READY)
	$(PY) -m pytest -m "not e2e"

accessibility: $(READY) ## axe-core (1280 px, 320 px, 200% zoom), reflow and tagged-PDF checks on each council's latest paper
	@tools/accessibility/run

lint: $(READY)
	$(VENV)/bin/ruff check kpilib tests tools
	$(VENV)/bin/ruff format --check kpilib tests tools

format: $(READY)
	$(VENV)/bin/ruff check --fix kpilib tests tools
	$(VENV)/bin/ruff format kpilib tests tools

bench: $(READY)
	@$(PY) -m kpilib._driver.bench --runs "$$KPI_BENCH_RUNS"

clean:
	@if [ -x $(PY) ]; then $(PY) -m kpilib clean; else find outputs -mindepth 1 ! -name .gitkeep -exec rm -rf {} +; fi
	@echo "removed generated outputs; params/ (including narrative) untouched"

lock: $(READY)
	$(PY) -m pip install --quiet -r requirements.in 2>&1 | { $(PIP_QUIET); }
	{ echo "# Generated by \`make lock\` from requirements.in: every package pinned, for reproducible builds."; \
	  echo "# Python 3.11."; $(PY) -m pip freeze --exclude-editable; } > requirements.txt
