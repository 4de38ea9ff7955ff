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
OPTIONAL_TARGETS = $(if $(shell command -v tclsh9.0),--target tclsh9.0)

.PHONY: all deps build native ref asan cov ref9 check selftest suite-check clause-gate \
	conformance coverage memcheck bench bench-smoke lint-workflow clean

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

# make check also needs a real browser for the HTML report's test.
check:
	sh ci/install-deps.sh chromium
	$(MAKE) ref asan native
	$(MAKE) selftest
	$(MAKE) suite-check
	$(MAKE) clause-gate

selftest:
	/usr/bin/python3 -m pytest -p no:cacheprovider -n $(JOBS) harness/tests

suite-check:
	$(SOCKCONF) run --target ref --target ref-asan $(PROFILES) --jobs $(JOBS) --out reports/check

clause-gate:
	$(SOCKCONF) clauses --uncovered

# actionlint on the GitHub Actions template (installs the pinned linter: ci/lint/).
lint-workflow:
	sh ci/lint-workflow.sh

conformance: build
	$(SOCKCONF) run --target tclsh8.6 --target ref $(OPTIONAL_TARGETS) $(PROFILES) --jobs $(JOBS)

coverage: deps cov native
	find reference-impl/build/cov -name '*.gcda' -delete
	$(SOCKCONF) run --target ref-cov $(PROFILES) --jobs $(JOBS) --out reports/coverage-run
	lcov --quiet --capture --rc lcov_branch_coverage=1 --directory reference-impl/build/cov \
		--base-directory reference-impl --no-external --output-file reports/coverage.info
	genhtml --quiet --branch-coverage --output-directory reports/coverage reports/coverage.info
	lcov --summary --rc lcov_branch_coverage=1 reports/coverage.info

memcheck: deps ref native
	$(SOCKCONF) run --target ref-valgrind $(PROFILES) --jobs $(JOBS) --out reports/memcheck

# Targets tclsh9.0 and ref9 join when tclsh9.0 is on PATH (or built in /var/cache/sockconf).
BENCH_FLAGS = --suite --suite-runs
HAVE_TCL9 = $(shell PATH=/var/cache/sockconf/tcl9.0/bin:$$PATH command -v tclsh9.0)

bench: build
	$(if $(HAVE_TCL9),PATH=$(dir $(HAVE_TCL9)):$$PATH $(MAKE) ref9)
	/usr/bin/python3 harness/bench.py $(BENCH_FLAGS)

bench-smoke: ref native
	/usr/bin/python3 harness/bench.py --smoke --suite --out-dir reports/bench-smoke

clean:
	$(MAKE) -C reference-impl clean
	$(MAKE) -C harness/native clean
	rm -rf reports/check reports/coverage reports/coverage-run reports/memcheck reports/coverage.info \
		reports/results.json reports/junit.xml reports/summary.md reports/index.html
