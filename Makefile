# sockconf -- conformance suite for the Tcl socket command.
#
#   make conformance   every case on tclsh8.6 and ref, in every available profile -> reports/
#   make check         the project's own tests (see README)
#   make coverage      lcov line/branch coverage of reference-impl -> reports/coverage/
#   make memcheck      the suite on ref under valgrind
#   make bench         benchmarks side by side, the C ceiling, the suite's own costs
#                      -> reports/bench.{json,md,png}
#   make bench-smoke   one short run of every benchmark (checks the machinery only)

SOCKCONF = ./sockconf
JOBS = 2
PROFILES = --profile all

# Tcl 9.0: tclsh9.0 on PATH, or the prefix ci/build-tcl9.sh builds into (as root
# /var/cache/sockconf/tcl9.0, else ~/.cache/sockconf/tcl9.0). When found, its bin/
# goes first on PATH for every recipe, so targets tclsh9.0 and ref9 find it.
TCL9_PREFIX ?= $(if $(filter 0,$(shell id -u)),/var/cache/sockconf/tcl9.0,$(HOME)/.cache/sockconf/tcl9.0)
TCLSH9 := $(firstword $(wildcard $(TCL9_PREFIX)/bin/tclsh9.0) $(shell command -v tclsh9.0))
ifneq ($(TCLSH9),)
export PATH := $(patsubst %/,%,$(dir $(TCLSH9))):$(PATH)
endif
TCL9_TARGETS = $(if $(TCLSH9),--target tclsh9.0 --target ref9)

.PHONY: all deps build native ref asan cov ref9 check selftest suite-check suite-check-tcl9 clause-gate junit-check \
	conformance coverage memcheck bench bench-smoke lint-workflow clean mutation mutation-smoke

all: build

deps:
	sh ci/install-deps.sh

build: deps ref native

ref:
	$(MAKE) -C reference-impl ref

asan:
	$(MAKE) -C reference-impl asan

cov:
	$(MAKE) -C reference-impl cov

ref9:
	$(MAKE) -C reference-impl ref9

native:
	$(MAKE) -C harness/native

# make check also needs a real browser and axe-core (npm, pinned) for the HTML report's test.
check:
	sh ci/install-deps.sh chromium
	sh ci/install-axe.sh >/dev/null
	$(MAKE) ref asan native $(if $(TCLSH9),ref9)
	$(MAKE) selftest
	$(MAKE) suite-check
	$(MAKE) junit-check
	$(MAKE) suite-check-tcl9
	$(MAKE) clause-gate
	$(MAKE) lint-workflow
	$(MAKE) bench-smoke
	sh ci/check-leftovers.sh

# The harness's self-tests; pytest's temporary folders are removed afterwards.
selftest:
	@tmp=$$(mktemp -d "$${TMPDIR:-/tmp}/sockconf-selftest.XXXXXX") && \
	/usr/bin/python3 -m pytest -p no:cacheprovider -n $(JOBS) --basetemp="$$tmp/t" harness/tests; \
	rc=$$?; rm -rf "$$tmp"; exit $$rc

# The reference implementation must pass every case and match tclsh 8.6.13 everywhere.
suite-check:
	$(SOCKCONF) run --target ref --target ref-asan $(PROFILES) --jobs $(JOBS) --strict-compat \
		--out reports/check

# Tcl 9.0 and refsock built for it, with tclsh9.0's reasoned expectations.
suite-check-tcl9:
ifeq ($(TCLSH9),)
	@echo "make check: no Tcl 9.0 (no tclsh9.0 on PATH, none built in $(TCL9_PREFIX)): tclsh9.0 and ref9 not run"
else
	$(SOCKCONF) run $(TCL9_TARGETS) $(PROFILES) --jobs $(JOBS) --out reports/check-tcl9
endif

# junit.xml of the suite check: valid against the JUnit schema pytest's own junit.xml is tested
# against (ci/junit-10.xsd), and smaller than the results.json it is written from.
junit-check:
	xmllint --noout --schema ci/junit-10.xsd reports/check/junit.xml
	@j=$$(stat -c %s reports/check/junit.xml); r=$$(stat -c %s reports/check/results.json); \
	echo "junit.xml: $$j bytes, results.json: $$r bytes"; \
	[ "$$j" -lt "$$r" ] || { echo "make check: junit.xml is not smaller than results.json" >&2; exit 1; }

# Every testable clause has a case that passes on ref in some profile.
clause-gate:
	$(SOCKCONF) clauses --uncovered --results reports/check/results.json --target ref

# actionlint on the GitHub Actions template (installs the pinned linter: ci/lint/).
lint-workflow:
	sh ci/lint-workflow.sh

conformance: build
	$(if $(TCLSH9),$(MAKE) ref9)
	$(SOCKCONF) run --target tclsh8.6 --target ref $(TCL9_TARGETS) $(PROFILES) --jobs $(JOBS)

# make coverage fails, in one line, when the suite covers less of reference-impl/ than this
# (percent of instrumented lines and of branches; harness/sockconf/coverage.py judges).
# Raise coverage with cases, never with exclusions.
COVERAGE_MIN_LINES = 95
COVERAGE_MIN_BRANCHES = 85

coverage: deps cov native
	find reference-impl/build/cov -name '*.gcda' -delete
	$(SOCKCONF) run --target ref-cov $(PROFILES) --jobs $(JOBS) --out reports/coverage-run
	lcov --quiet --capture --rc lcov_branch_coverage=1 --directory reference-impl/build/cov \
		--base-directory reference-impl --no-external --output-file reports/coverage.info
	genhtml --quiet --branch-coverage --output-directory reports/coverage reports/coverage.info
	lcov --summary --rc lcov_branch_coverage=1 reports/coverage.info
	PYTHONPATH=harness /usr/bin/python3 -m sockconf.coverage reports/coverage.info \
		--min-lines $(COVERAGE_MIN_LINES) --min-branches $(COVERAGE_MIN_BRANCHES)

memcheck: deps ref native
	$(SOCKCONF) run --target ref-valgrind $(PROFILES) --jobs $(JOBS) --out reports/memcheck

# Targets tclsh9.0 and ref9 join when Tcl 9.0 is found (TCLSH9 above).
BENCH_FLAGS = --suite --suite-runs

bench: build
	$(if $(TCLSH9),$(MAKE) ref9)
	/usr/bin/python3 harness/bench.py $(BENCH_FLAGS)

bench-smoke: ref native
	/usr/bin/python3 harness/bench.py --smoke --suite --out-dir reports/bench-smoke

# The suite's mutation score (harness/sockconf/mutation.py, reference-impl/mutants/):
# reports/mutation.json; fails unless every curated mutant is killed and the generated
# sample scores at least 0.85. mutation-smoke: two mutants through the machinery.
mutation: deps native
	PYTHONPATH=harness /usr/bin/python3 -m sockconf.mutation run --jobs $(JOBS)

mutation-smoke: native
	/usr/bin/python3 -m pytest -p no:cacheprovider harness/tests/test_mutation.py

clean:
	$(MAKE) -C reference-impl clean
	$(MAKE) -C harness/native clean
	rm -rf reports/check reports/coverage reports/coverage-run reports/memcheck reports/coverage.info \
		reports/check-tcl9 reports/bench-smoke \
		reports/results.json reports/junit.xml reports/summary.md reports/index.html \
		reports/clauses.html reports/diff.html reports/mutation.html reports/bench.html
