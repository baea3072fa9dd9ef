# Entry points for developing and testing the mfaops.aws collection.
#
#   make venv         create .venv from requirements-dev.txt (quick when up to date)
#   make sanity       ansible-test sanity
#   make units        ansible-test units
#   make integration  ansible-test integration, with the IAM emulator running
#   make demo         the example playbook end to end against the IAM emulator
#   make test         sanity, units and integration, in that order, stopping at
#                     the first failure, then a summary of what ran
#   make clean        remove .venv, .tmp and tests/output
#
# ansible-test runs with --venv --requirements --python $(ANSIBLE_TEST_PYTHON)
# (no Docker) in a copy of the repository built under .tmp/collections/; see
# tests/utils/run-ansible-test.sh.  Results of each command: tests/output/sanity/,
# tests/output/units/, tests/output/integration/ (junit XML in junit/; the IAM
# emulator's log in integration/iam-emulator/); `make summary` prints them.
# Pass more ansible-test options with ANSIBLE_TEST_ARGS, e.g.
#   make units ANSIBLE_TEST_ARGS='-v tests/unit/plugins/modules/'

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3.11
ANSIBLE_TEST_PYTHON ?= 3.11
VENV ?= .venv
BUILD_DIR ?= .tmp
ANSIBLE_TEST_ARGS ?=

VENV_STAMP := $(VENV)/.installed-requirements-dev
RUN_ANSIBLE_TEST := VENV='$(VENV)' BUILD_DIR='$(BUILD_DIR)' ANSIBLE_TEST_PYTHON='$(ANSIBLE_TEST_PYTHON)' tests/utils/run-ansible-test.sh

.PHONY: help venv sanity units integration test summary demo clean

help:
	@sed -n '/^#   make venv/,/^#   make clean/s/^#   //p' $(firstword $(MAKEFILE_LIST))

venv: $(VENV_STAMP)

$(VENV_STAMP): requirements-dev.txt
	test -x '$(VENV)/bin/python' || $(PYTHON) -m venv '$(VENV)'
	'$(VENV)/bin/python' -m pip install --disable-pip-version-check -r requirements-dev.txt
	touch '$@'

sanity: venv
	$(RUN_ANSIBLE_TEST) sanity --junit $(ANSIBLE_TEST_ARGS)

units: venv
	$(RUN_ANSIBLE_TEST) units $(ANSIBLE_TEST_ARGS)

integration: venv
	$(RUN_ANSIBLE_TEST) --iam-emulator integration $(ANSIBLE_TEST_ARGS)

# Each step in its own make so that it stops at the first failure; the summary
# of tests/output/*/junit is printed either way.
# The stages of `make test`, in order; files in mk/ add their own stages to it.
TEST_STAGES := sanity units integration
include $(sort $(wildcard mk/*.mk))

test: venv
	rm -rf tests/output
	status=0; \
	for stage in $(TEST_STAGES); do \
	    $(MAKE) --no-print-directory "$$stage" || { status=$$?; break; }; \
	done; \
	TEST_STAGES='$(TEST_STAGES)' $(MAKE) --no-print-directory summary; \
	exit $$status

summary:
	@'$(VENV)/bin/python' tests/utils/summarize_results.py tests/output $(TEST_STAGES)

# The demo: this checkout as the installed mfaops.aws, amazon.aws from .venv,
# and the IAM emulator on a free loopback port for the length of the play.
DEMO_COLLECTIONS := $(BUILD_DIR)/demo-collections

demo: venv
	mkdir -p '$(DEMO_COLLECTIONS)/ansible_collections/mfaops'
	ln -sfn '$(CURDIR)' '$(DEMO_COLLECTIONS)/ansible_collections/mfaops/aws'
	PATH='$(CURDIR)/$(VENV)/bin':"$$PATH" \
	ANSIBLE_COLLECTIONS_PATH='$(CURDIR)/$(DEMO_COLLECTIONS)' \
	ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false \
	tests/utils/with-iam-emulator.sh '$(VENV)/bin/python' . \
	    ansible-playbook demo/resync_demo.yml -e @tests/integration/integration_config.yml

clean:
	rm -rf '$(VENV)' '$(BUILD_DIR)' tests/output
