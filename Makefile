# Entry points for developing and testing the mfaops.aws collection.  `make help` lists them.
#
# Every target works inside this checkout: virtual environments in .venv and .tmp/,
# results in tests/output/, built docs and screenshots in build/.  Nothing is installed
# outside it (ansible-test keeps its own cache under ~/.ansible/test).  `make clean`
# removes all of it.
#
# .venv runs on Python 3.12 or newer (ansible-core 2.21 needs it on the controller):
# tests/utils/find-python.sh picks python3.13, python3.12 or a pyenv build; name another
# with PYTHON=/path/to/python.  .venv holds the pinned requirements-dev.txt (ansible
# 14.5.0: ansible-core 2.21.5 and amazon.aws 11.4.0).
#
# ansible-test runs with --venv --requirements --python <.venv's version> (no Docker) in a
# copy of the repository under .tmp/collections/ (tests/utils/run-ansible-test.sh).
# Results: tests/output/<stage>/ (junit XML in junit/, the IAM emulator's log in
# integration/iam-emulator/); `make summary` prints them with each stage's wall time.
# Pass more ansible-test options with ANSIBLE_TEST_ARGS, e.g.
#   make units ANSIBLE_TEST_ARGS='-v tests/unit/plugins/modules/'
# Files in mk/ add the style and ecosystem stages, the support matrix and the benchmark.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

VENV ?= .venv
BUILD_DIR ?= .tmp
ANSIBLE_TEST_ARGS ?=
# Empty: tests/utils/find-python.sh chooses (for .venv only; the other venvs are made from .venv's Python).
PYTHON ?=

VENV_STAMP := $(VENV)/.installed-requirements-dev
RUN_ANSIBLE_TEST := VENV='$(VENV)' BUILD_DIR='$(BUILD_DIR)' tests/utils/run-ansible-test.sh

.PHONY: help venv sanity units integration test summary demo clean

help: ## list the targets
	@grep -hE '^[a-z][a-z0-9-]*:.*## ' $(MAKEFILE_LIST) \
	    | sed -E 's/^([a-z0-9-]+):.*## (.*)$$/\1|\2/' | awk -F'|' '{ printf "  make %-18s %s\n", $$1, $$2 }'

venv: $(VENV_STAMP) ## create .venv (Python 3.12+, requirements-dev.txt); quick when up to date

$(VENV_STAMP): requirements-dev.txt
	test -x '$(VENV)/bin/python' || "$${PYTHON:-$$(tests/utils/find-python.sh)}" -m venv '$(VENV)'
	'$(VENV)/bin/python' -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch '$@'

sanity: venv ## ansible-test sanity
	$(RUN_ANSIBLE_TEST) sanity --junit $(ANSIBLE_TEST_ARGS)

units: venv ## ansible-test units (modules, lookup, action plugins, emulator)
	$(RUN_ANSIBLE_TEST) units $(ANSIBLE_TEST_ARGS)

integration: venv ## ansible-test integration against the IAM emulator on a free loopback port
	$(RUN_ANSIBLE_TEST) --iam-emulator integration $(ANSIBLE_TEST_ARGS)

# The stages of `make test`, in order; files in mk/ add their own stages to it.
TEST_STAGES := sanity units integration
include $(sort $(wildcard mk/*.mk))

# Each stage in its own make, stopping at the first failure; its wall time goes to
# tests/output/<stage>/wall-seconds, and the summary is printed either way.
test: venv ## style, sanity, units, integration and ecosystem, then a summary (what CI runs)
	rm -rf tests/output
	status=0; \
	for stage in $(TEST_STAGES); do \
	    started=$$SECONDS; \
	    $(MAKE) --no-print-directory "$$stage" || status=$$?; \
	    mkdir -p "tests/output/$$stage"; echo $$((SECONDS - started)) >"tests/output/$$stage/wall-seconds"; \
	    [[ $$status == 0 ]] || break; \
	done; \
	TEST_STAGES='$(TEST_STAGES)' $(MAKE) --no-print-directory summary; \
	exit $$status

summary: ## print the results in tests/output (passed, failed, skipped, wall time per stage)
	@'$(VENV)/bin/python' tests/utils/summarize_results.py tests/output $(TEST_STAGES)

# The demo: this checkout as the installed mfaops.aws, amazon.aws from .venv,
# and the IAM emulator on a free loopback port for the length of the play.
DEMO_COLLECTIONS := $(BUILD_DIR)/demo-collections

demo: venv ## the example playbook end to end against the IAM emulator
	mkdir -p '$(DEMO_COLLECTIONS)/ansible_collections/mfaops'
	ln -sfn '$(CURDIR)' '$(DEMO_COLLECTIONS)/ansible_collections/mfaops/aws'
	PATH='$(CURDIR)/$(VENV)/bin':"$$PATH" \
	ANSIBLE_COLLECTIONS_PATH='$(CURDIR)/$(DEMO_COLLECTIONS)' \
	ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false \
	tests/utils/with-iam-emulator.sh '$(VENV)/bin/python' . \
	    ansible-playbook demo/resync_demo.yml -e @tests/integration/integration_config.yml

clean: ## remove everything the targets create (.venv, .tmp, build, tests/output, caches)
	rm -rf '$(VENV)' '$(BUILD_DIR)' build tests/output tests/integration/integration_config.yml \
	    .hypothesis .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -not -path './.git/*' -prune -exec rm -rf {} +
