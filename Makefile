# The course kit's commands. Everything runs inside .venv/ at the repository root,
# created on first use from requirements.txt (reused afterwards).
#   make lab     open the course in JupyterLab (your own copies in my_work/)
#   make instructor  the same course with nbgrader's instructor tools (Formgrader, ...)
#   make classroom ROSTER=class.csv  a class on JupyterHub with the nbgrader exchange (docs/CLASSROOM.md)
#   make test    run the whole test suite
#   make help    list every target

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.finmkt-installed
# the venv's tools (jupyter, nbgrader, alembic, finmkt) come first for every command below
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: help lab instructor classroom proxy test venv data release lint bench clean-venv

help:
	@echo "make lab       open the course in JupyterLab (creates .venv/ on first run)"
	@echo "make instructor  JupyterLab for instructors: Formgrader, Create Assignment, Course List"
	@echo "make classroom ROSTER=class.csv  JupyterHub for a class, nbgrader exchange set up (docs/CLASSROOM.md)"
	@echo "make test      run the whole test suite (creates .venv/ on first run)"
	@echo "make data      regenerate datasets/ from the seed"
	@echo "make release   regenerate notebooks/ (student release) from solutions/ with nbgrader"
	@echo "make lint      ruff on the package, tests and notebooks"
	@echo "make bench     print notebook execution, data build and grading times"

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "The course needs Python 3.11 or newer; found " + sys.version.split()[0] + ". Run: make PYTHON=python3.11 ...")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@# widgets and nbgrader ship prebuilt extensions; make sure both are switched on
	$(BIN)/jupyter labextension enable --level=sys_prefix @jupyter-widgets/jupyterlab-manager @jupyter/nbgrader > /dev/null 2>&1
	$(BIN)/jupyter server extension enable --sys-prefix nbgrader.server_extensions.assignment_list nbgrader.server_extensions.validate_assignment > /dev/null 2>&1
	@touch $(STAMP)

venv: $(STAMP)

# Extra JupyterLab options, e.g. make lab LAB_ARGS="--no-browser --port 8899"
# (finmkt lab adds --allow-root itself when run as root, as in containers)
LAB_ARGS ?=

# Both go through `finmkt lab` (also usable as .venv/bin/finmkt lab): venv tools on PATH,
# the course's lab settings, trainee or instructor set of nbgrader tools.
lab: $(STAMP)
	$(BIN)/finmkt lab $(LAB_ARGS)

instructor: $(STAMP)
	$(BIN)/finmkt lab --instructor $(LAB_ARGS)

# JupyterHub's proxy, pinned, from the npm registry into the venv (4.6.3: runs on Debian's Node.js 18
# as well as Node.js 20; 5.x needs 20) (make classroom; make test
# installs it when npm is there, for the classroom test)
CHP_VERSION := 4.6.3
CHP := $(VENV)/chp/.installed-$(CHP_VERSION)
$(CHP): | $(STAMP)
	@command -v npm > /dev/null 2>&1 || { echo "make classroom needs Node.js and npm for JupyterHub's proxy (Debian: apt-get install nodejs npm)"; exit 2; }
	npm install --silent --no-fund --no-audit --no-save --prefix $(VENV)/chp configurable-http-proxy@$(CHP_VERSION)
	@test -x $(VENV)/chp/node_modules/.bin/configurable-http-proxy && touch $(CHP)
proxy: $(CHP)

# A class on this machine: make classroom ROSTER=class.csv CLASS_ARGS="--ip 0.0.0.0 --port 8000"
ROSTER ?= roster.csv
CLASS_ARGS ?=
classroom: $(STAMP) $(CHP)
	$(BIN)/finmkt classroom $(ROSTER) $(CLASS_ARGS)

test: $(STAMP)
	@command -v npm > /dev/null 2>&1 && $(MAKE) --no-print-directory proxy || echo "JupyterHub's proxy is not installed (npm missing or its install failed): the classroom test is skipped (on CI it fails)"
	$(BIN)/python -m pytest -n auto --dist worksteal --durations=25

data: $(STAMP)
	$(BIN)/finmkt data build

release: $(STAMP)
	$(BIN)/finmkt release

lint: $(STAMP)
	$(BIN)/ruff check finmkt tests benchmarks solutions notebooks

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/grading.py

clean-venv:
	rm -rf $(VENV)
