# sockconf -- conformance suite for the Tcl socket command.
#
#   make conformance   every case on tclsh8.6 and ref, in every available profile -> reports/
#   make check         the project's own tests (see README)
#   make coverage      lcov line/branch coverage of reference-impl -> reports/coverage/
#   make memcheck      the suite on ref under valgrind
#   make bench         benchmarks side by side, the C ceiling, the suite's own costs
#                      -> reports/bench.{json,md,png}
#   make bench-smoke   one short run of every benchmark (checks the machinery only)
#   make explore       the differential explorer on every pair, figures recorded
#                      -> reports/explore*/, spec/explorations.yaml, README

SOCKCONF = ./sockconf
JOBS = 2
PROFILES = --profile all

# Tcl 9.0: the newest Tcl 9.0 that ci/build-tcl.sh built (in its cache: as root
# /var/cache/sockconf/tcl-9.0.N, else ~/.cache/sockconf/tcl-9.0.N; harness/sockconf/tclbuilds.py
# finds it), else a tclsh9.0 on PATH. When found, its bin/ goes first on PATH for every
# recipe, so targets tclsh9.0 and ref9 find it.
# The harness's Python: .venv (ci/venv.sh: Debian's python3 and packages, this checkout installed).
VENV_PY = .venv/bin/python
TCLBUILDS = $(SOCKCONF) tcl
TCL9_BIN := $(shell $(TCLBUILDS) tcl9 2>/dev/null)
TCLSH9 := $(firstword $(wildcard $(TCL9_BIN)/tclsh9.0) $(shell command -v tclsh9.0))
ifneq ($(TCLSH9),)
export PATH := $(patsubst %/,%,$(dir $(TCLSH9))):$(PATH)
endif
TCL9_TARGETS = $(if $(TCLSH9),--target tclsh9.0 --target ref9)
# The folder of the Tcl source tarballs (ci/tcl-sources.txt names them) for make tcl-builds.
TCL_SOURCES =

.PHONY: all deps venv build native ref asan cov ref9 check selftest suite-check suite-check-tcl9 clause-gate junit-check \
	conformance coverage memcheck bench bench-smoke lint-workflow clean mutation mutation-smoke \
	tcl-builds releases suite-check-releases explore explore-smoke explore-releases

all: build

deps:
	sh ci/install-deps.sh

venv: deps
	sh ci/venv.sh

build: deps venv ref native

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
	$(MAKE) suite-check-releases
	$(MAKE) clause-gate
	$(MAKE) lint-workflow
	$(MAKE) bench-smoke
	$(MAKE) explore-smoke
	sh ci/check-leftovers.sh

# The harness's self-tests; pytest's temporary folders are removed afterwards.
selftest: venv
	@tmp=$$(mktemp -d "$${TMPDIR:-/tmp}/sockconf-selftest.XXXXXX") && \
	$(VENV_PY) -m pytest -p no:cacheprovider -n $(JOBS) --basetemp="$$tmp/t" harness/tests; \
	rc=$$?; rm -rf "$$tmp"; exit $$rc

# The reference implementation must pass every case and match tclsh 8.6.13 everywhere.
suite-check:
	$(SOCKCONF) run --target ref --target ref-asan $(PROFILES) --jobs $(JOBS) --strict-compat \
		--out reports/check

# Tcl 9.0 and refsock built for it, with their reasoned expectations; refsock's differences
# from tclsh 8.6.13 must be Tcl 9.0's own (those tclsh9.0 shows at the same checks: compat_of).
suite-check-tcl9:
ifeq ($(TCLSH9),)
	@echo "make check: no Tcl 9.0 (no tclsh9.0 on PATH, none built in $(TCL9_PREFIX)): tclsh9.0 and ref9 not run"
else
	$(SOCKCONF) run $(TCL9_TARGETS) $(PROFILES) --jobs $(JOBS) --out reports/check-tcl9
	$(SOCKCONF) releases compat --results reports/check-tcl9/results.json
endif

# The Tcl builds of harness/targets.toml (make releases): a short selection on each (the
# cases their expectations tell apart, and the first case of each area) and the whole
# suite, strict, on refsock in each (harness/sockconf/releases.py, check). Without builds:
# one line saying so.
suite-check-releases:
	$(SOCKCONF) releases check --jobs $(JOBS) --out reports/check-releases

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

# Every Tcl build harness/targets.toml declares (ci/build-tcl.sh, cached: one already
# built is kept), from the tarballs in TCL_SOURCES.
tcl-builds:
	@[ -n "$(TCL_SOURCES)" ] || { echo "make tcl-builds: give TCL_SOURCES=DIR, the folder of the Tcl source tarballs that ci/tcl-sources.txt names" >&2; exit 2; }
	$(TCLBUILDS) build --sources "$(TCL_SOURCES)"

# The whole suite on every Tcl release build, notifier variant and layered socket, and refsock
# in each, in every profile -> reports/releases/ (results.json, the usual pages, releases.html:
# what changed between them). With TCL_SOURCES=DIR, missing Tcl builds are made first.
releases: $(if $(TCL_SOURCES),tcl-builds) build
	if $(TCLBUILDS) tcl9 >/dev/null; then $(MAKE) ref9; fi
	$(SOCKCONF) releases run --jobs $(JOBS)

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
	$(SOCKCONF) coverage reports/coverage.info \
		--min-lines $(COVERAGE_MIN_LINES) --min-branches $(COVERAGE_MIN_BRANCHES)

memcheck: deps ref native
	$(SOCKCONF) run --target ref-valgrind $(PROFILES) --jobs $(JOBS) --out reports/memcheck

# Targets tclsh9.0 and ref9 join when Tcl 9.0 is found (TCLSH9 above).
BENCH_FLAGS = --suite --suite-runs

bench: build
	$(if $(TCLSH9),$(MAKE) ref9)
	$(SOCKCONF) bench $(BENCH_FLAGS)

bench-smoke: ref native
	$(SOCKCONF) bench --smoke --suite --out-dir reports/bench-smoke

# The suite's mutation score (harness/sockconf/mutation.py, reference-impl/mutants/):
# reports/mutation.json; fails unless every curated mutant is killed and the generated
# sample scores at least 0.85. mutation-smoke: two mutants through the machinery.
mutation: deps native
	$(SOCKCONF) mutation run --jobs $(JOBS)

mutation-smoke: venv native
	$(VENV_PY) -m pytest -p no:cacheprovider harness/tests/test_mutation.py

# The differential explorer (harness/sockconf/explore.py): explore-smoke is part of make check
# (a fixed seed, under a minute: tclsh8.6 and ref must show nothing that spec/explorations.yaml
# does not list); explore draws EXPLORE_BUDGET programs for tclsh8.6 vs ref and tclsh9.0 vs
# ref9, explore-releases for tclsh 8.6.13 vs every other Tcl release of harness/targets.toml,
# and both record their figures (spec/explorations.yaml, the README).
EXPLORE_SEED = 1
EXPLORE_BUDGET = 2000
EXPLORE_TIME = 5400
EXPLORE_SMOKE = --seed 7 --budget 150 --time-limit 55
EXPLORE_RELEASES = --target tclsh8.6.13 --target tclsh8.6.16 --target tclsh8.6.18 \
	--target tclsh8.6.18-nothreads --target tclsh9.0.4 --target tclsh9.0.4-select
EXPLORE_FULL = --seed $(EXPLORE_SEED) --budget $(EXPLORE_BUDGET) --time-limit $(EXPLORE_TIME) --jobs $(JOBS) --record

explore-smoke: ref native
	$(SOCKCONF) explore $(EXPLORE_SMOKE) --jobs $(JOBS) --out reports/explore-smoke

explore: deps ref native
	$(if $(TCLSH9),$(MAKE) ref9)
	$(SOCKCONF) explore $(EXPLORE_FULL) --out reports/explore
	$(if $(TCLSH9),$(SOCKCONF) explore $(EXPLORE_FULL) --target tclsh9.0 --target ref9 --out reports/explore-tcl9)

explore-releases: deps native
	$(SOCKCONF) explore $(EXPLORE_FULL) $(EXPLORE_RELEASES) --out reports/explore-releases

clean:
	$(MAKE) -C reference-impl clean
	$(MAKE) -C harness/native clean
	rm -rf reports/check reports/coverage reports/coverage-run reports/memcheck reports/coverage.info \
		reports/check-tcl9 reports/bench-smoke reports/releases reports/check-releases \
		reports/check-releases-ref reports/check-releases-ref9 reports/explore reports/explore-tcl9 \
		reports/explore-releases reports/explore-smoke \
		reports/results.json reports/junit.xml reports/summary.md reports/index.html \
		reports/clauses.html reports/diff.html reports/mutation.html reports/bench.html
