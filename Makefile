# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-pg install lint clean mutation

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

# The tests run in parallel, one worker per core (pytest-xdist); PYTEST_WORKERS=0 runs them in
# this one process (e.g. to use a debugger). Bytecode is written even where
# PYTHONDONTWRITEBYTECODE is set: each worker and each `python -m safecomm.cli` the tests start
# would otherwise compile the project and re-rewrite the tests' asserts (~4 s per worker).
# mypy checks the types meanwhile (its ~20 s without a cache fill the tests' idle moments); its
# report follows the tests', and either failing fails the target.
PYTEST_WORKERS ?= auto
test: $(STAMP)
	$(BIN)/ruff check .
	@report=$$(mktemp); $(BIN)/mypy > $$report 2>&1 & typing=$$!; \
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup; tests=$$?; \
	wait $$typing; typed=$$?; echo "mypy: $$(cat $$report)"; rm -f $$report; \
	test $$tests -eq 0 -a $$typed -eq 0

# `make test` on a throw-away PostgreSQL server, as CI's second run does (.ci/run): .ci/pg.sh
# starts one on a free port (installing the server binaries first, as root, if missing),
# points TEST_DATABASE_URL at it, runs the tests and removes it whatever the outcome.
test-pg: $(STAMP)
	.ci/pg.sh $(MAKE) test
# Mutation testing of the rule modules (not part of `make test`; ~10-15 minutes on 2 cores).
# What is mutated and which tests run: [tool.mutmut] in pyproject.toml; survivors and the
# equivalent ones: docs/mutation.md. `.venv/bin/mutmut browse` shows each mutant afterwards.
MUTATION_MIN_SCORE ?= 95
mutation: $(STAMP)
	rm -rf mutants
	@start=$$(date +%s); \
	$(BIN)/mutmut run --max-children $$(nproc) > mutants.log 2>&1 || { tail -40 mutants.log; exit 1; }; \
	echo "mutmut run: $$(( $$(date +%s) - start )) s (log: mutants.log)"
	@$(BIN)/mutmut export-cicd-stats > /dev/null
	@$(BIN)/mutmut results
	@$(BIN)/python -c 'import json, sys; s = json.load(open("mutants/mutmut-cicd-stats.json")); \
	score = 100 * (s["killed"] + s["timeout"]) / s["total"]; \
	print("mutation score: {0:.1f}% = ({killed} killed + {timeout} timed out) / {total}; " \
	      "survived {survived}, no tests {no_tests}".format(score, **s)); \
	sys.exit(score < $(MUTATION_MIN_SCORE))'

clean:
	rm -rf $(VENV) demo.db demo.db-wal demo.db-shm demo.key bscp-trend-chart-*.png mutants \
		mutants.log
