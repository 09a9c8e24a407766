# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-pg install lint clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/safecomm demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

# `make test` on a throw-away PostgreSQL server, as CI's second run does (.ci/run): .ci/pg.sh
# starts one on a free port (installing the server binaries first, as root, if missing),
# points TEST_DATABASE_URL at it, runs the tests and removes it whatever the outcome.
test-pg: $(STAMP)
	.ci/pg.sh $(MAKE) test

clean:
	rm -rf $(VENV) demo.db demo.db-wal demo.db-shm demo.key bscp-trend-chart-*.png
