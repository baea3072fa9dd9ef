# make benchmark: the performance benchmark (benchmarks/, docs/performance.md).
#
# Not a stage of `make test`: timings on a shared machine are noisy, so it
# measures and reports instead of passing or failing.  It starts the IAM
# emulator on 127.0.0.1 (nothing else is contacted), times the contenders in
# alternation, then rewrites the generated part of docs/performance.md and
# docs/performance.png.  BENCHMARK_ROUNDS runs of each contender (default 7).

BENCHMARK_ROUNDS ?= 7
BENCHMARK_DIR := $(BUILD_DIR)/bench
BENCHMARK_AWSCLI_VENV := $(BENCHMARK_DIR)/awscli-venv
BENCHMARK_REPORT_VENV := $(BENCHMARK_DIR)/report-venv

.PHONY: benchmark benchmark-report

$(BENCHMARK_AWSCLI_VENV)/.installed: benchmarks/requirements-awscli.txt
	test -x '$(BENCHMARK_AWSCLI_VENV)/bin/python' || $(PYTHON) -m venv '$(BENCHMARK_AWSCLI_VENV)'
	'$(BENCHMARK_AWSCLI_VENV)/bin/python' -m pip install --quiet --disable-pip-version-check -r $<
	touch '$@'

$(BENCHMARK_REPORT_VENV)/.installed: benchmarks/requirements.txt
	test -x '$(BENCHMARK_REPORT_VENV)/bin/python' || $(PYTHON) -m venv '$(BENCHMARK_REPORT_VENV)'
	'$(BENCHMARK_REPORT_VENV)/bin/python' -m pip install --quiet --disable-pip-version-check -r $<
	touch '$@'

benchmark: venv $(BENCHMARK_AWSCLI_VENV)/.installed $(BENCHMARK_REPORT_VENV)/.installed
	'$(VENV)/bin/python' benchmarks/run.py --build-dir '$(BENCHMARK_DIR)' --rounds '$(BENCHMARK_ROUNDS)' \
	    --awscli '$(BENCHMARK_AWSCLI_VENV)/bin/aws'
	$(MAKE) --no-print-directory benchmark-report

# Only the report, from the last run's results.
benchmark-report: $(BENCHMARK_REPORT_VENV)/.installed
	'$(BENCHMARK_REPORT_VENV)/bin/python' benchmarks/report.py '$(BENCHMARK_DIR)/results.json' docs/performance.md docs/performance.png
