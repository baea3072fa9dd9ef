# make benchmark: the performance benchmark (benchmarks/, docs/performance.md).
#
# Not a stage of `make test`: timings on a shared machine are noisy, so it measures and
# reports instead of passing or failing.  It starts the IAM emulator on 127.0.0.1 (nothing
# else is contacted), times the contenders in alternation, and writes its figures to
# $(BENCHMARK_DIR): results.json and fleet.json, performance.md (docs/performance.md with the
# generated parts replaced), performance.png and performance-fleet.png.  Tracked files change only with PUBLISH=1, which
# writes docs/performance.md and docs/performance.png instead.
# BENCHMARK_ROUNDS runs of each contender (default 7).

BENCHMARK_ROUNDS ?= 7
# Users of the 5,000-user account that the fleet section runs the amazon.aws loop on
BENCHMARK_FLEET_SAMPLE ?= 200
BENCHMARK_DIR := $(BUILD_DIR)/bench
BENCHMARK_AWSCLI_VENV := $(BENCHMARK_DIR)/awscli-venv
BENCHMARK_REPORT_VENV := $(BENCHMARK_DIR)/report-venv
BENCHMARK_PYTHON = $(shell '$(VENV)/bin/python' -c 'import sys; print(sys._base_executable)')
PUBLISH ?=
BENCHMARK_REPORT_DIR = $(if $(PUBLISH),docs,$(BENCHMARK_DIR))

.PHONY: benchmark benchmark-report

$(BENCHMARK_AWSCLI_VENV)/.installed: benchmarks/requirements-awscli.txt | venv
	test -x '$(BENCHMARK_AWSCLI_VENV)/bin/python' || '$(BENCHMARK_PYTHON)' -m venv '$(BENCHMARK_AWSCLI_VENV)'
	'$(BENCHMARK_AWSCLI_VENV)/bin/python' -m pip install --quiet --disable-pip-version-check -r $<
	touch '$@'

$(BENCHMARK_REPORT_VENV)/.installed: benchmarks/requirements.txt | venv
	test -x '$(BENCHMARK_REPORT_VENV)/bin/python' || '$(BENCHMARK_PYTHON)' -m venv '$(BENCHMARK_REPORT_VENV)'
	'$(BENCHMARK_REPORT_VENV)/bin/python' -m pip install --quiet --disable-pip-version-check -r $<
	touch '$@'

benchmark: venv $(BENCHMARK_AWSCLI_VENV)/.installed $(BENCHMARK_REPORT_VENV)/.installed ## API calls, wall time, loop cost and profiles against boto3, awscli and amazon.aws (PUBLISH=1: into docs/)
	'$(VENV)/bin/python' benchmarks/run.py --build-dir '$(BENCHMARK_DIR)' --rounds '$(BENCHMARK_ROUNDS)' \
	    --awscli '$(BENCHMARK_AWSCLI_VENV)/bin/aws'
	'$(VENV)/bin/python' benchmarks/fleet.py --build-dir '$(BENCHMARK_DIR)' --sample '$(BENCHMARK_FLEET_SAMPLE)'
	$(MAKE) --no-print-directory benchmark-report

# Only the report, from the last run's results.
benchmark-report: $(BENCHMARK_REPORT_VENV)/.installed ## the benchmark report from the last run's results (PUBLISH=1: into docs/)
	test '$(BENCHMARK_REPORT_DIR)' = docs || cp docs/performance.md '$(BENCHMARK_DIR)/performance.md'
	'$(BENCHMARK_REPORT_VENV)/bin/python' benchmarks/report.py '$(BENCHMARK_DIR)/results.json' \
	    '$(BENCHMARK_REPORT_DIR)/performance.md' '$(BENCHMARK_REPORT_DIR)/performance.png'
	'$(BENCHMARK_REPORT_VENV)/bin/python' benchmarks/report.py --fleet '$(BENCHMARK_DIR)/fleet.json' \
	    '$(BENCHMARK_REPORT_DIR)/performance.md' '$(BENCHMARK_REPORT_DIR)/performance-fleet.png'
