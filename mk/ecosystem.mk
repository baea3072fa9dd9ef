# The collection as the Ansible ecosystem sees it: docs, changelog, lint, the built
# artifact and Galaxy's import check, execution environment.  Each check is recorded by
# tests/utils/run_check.py under the `ecosystem` stage of `make test`; a check that
# cannot run here (docs-browser without Chromium) is recorded as skipped, with the reason.
#
# The tools are pinned in tests/ecosystem/requirements.txt and live in their own venv,
# $(ECO_VENV), made from .venv's Python; .venv is left as it is.  amazon.aws comes from
# .venv's ansible package.

ECO_VENV ?= $(BUILD_DIR)/venv-ecosystem
ECO_PYTHON = $(shell '$(VENV)/bin/python' -c 'import sys; print(sys._base_executable)')
ECO_DIR := $(BUILD_DIR)/ecosystem
ECO_STAMP := $(ECO_VENV)/.installed-requirements
ECO_CHECK := '$(VENV)/bin/python' tests/utils/run_check.py ecosystem
# amazon.aws (and the rest of the ansible package) from .venv
VENV_COLLECTIONS = $(shell '$(VENV)/bin/python' -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
# This checkout as mfaops.aws, for tools that look collections up by name
ECO_COLLECTIONS := $(ECO_DIR)/checkout-collections
ECO_ENV = PATH='$(CURDIR)/$(ECO_VENV)/bin':"$$PATH" \
    ANSIBLE_COLLECTIONS_PATH='$(CURDIR)/$(ECO_COLLECTIONS):$(VENV_COLLECTIONS)'
COLLECTION_VERSION = $(shell sed -n 's/^version: *//p' galaxy.yml)
CHANGELOG_DATE ?= 2026-11-22
DOCS_DIR ?= build/docs
REPORT_DIR ?= build/report

ECOSYSTEM_CHECKS := changelog-lint docs-lint ansible-lint artifact galaxy-importer ee docs-site docs-browser report-browser

TEST_STAGES += ecosystem

.PHONY: ecosystem eco-venv eco-collections changelog $(ECOSYSTEM_CHECKS)

eco-venv: $(ECO_STAMP)

$(ECO_STAMP): tests/ecosystem/requirements.txt | venv
	test -x '$(ECO_VENV)/bin/python' || '$(ECO_PYTHON)' -m venv '$(ECO_VENV)'
	'$(ECO_VENV)/bin/python' -m pip install --quiet --disable-pip-version-check -r tests/ecosystem/requirements.txt
	touch '$@'

eco-collections:
	mkdir -p '$(ECO_COLLECTIONS)/ansible_collections/mfaops'
	ln -sfn '$(CURDIR)' '$(ECO_COLLECTIONS)/ansible_collections/mfaops/aws'

# Every check runs, even after a failure; the stage fails if any failed.
ecosystem: venv eco-venv ## the ecosystem checks below, each recorded (a stage of make test)
	$(MAKE) --no-print-directory -k $(ECOSYSTEM_CHECKS)

changelog-lint: venv eco-venv ## antsibull-changelog lint of the fragments and changelogs/changelog.yaml
	$(ECO_CHECK) changelog-lint env $(ECO_ENV) bash -c '\
	    antsibull-changelog lint && \
	    antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml && \
	    "$(VENV)/bin/python" tests/ecosystem/changelog_current.py'

# antsibull-docs copies the collections it lints; GIT_CEILING_DIRECTORIES keeps it from
# taking amazon.aws (in .venv, inside this git work tree) for a git checkout with no files.
docs-lint: venv eco-venv ## antsibull-docs lint of the plugin docs and extra docs
	$(ECO_CHECK) docs-lint env $(ECO_ENV) ANSIBLE_COLLECTIONS_PATH='$(VENV_COLLECTIONS)' \
	    GIT_CEILING_DIRECTORIES='$(VENV_COLLECTIONS)' \
	    antsibull-docs lint-collection-docs --plugin-docs --check-extra-docs-refs .

ansible-lint: venv eco-venv eco-collections ## ansible-lint --offline, production profile
	$(ECO_CHECK) ansible-lint env $(ECO_ENV) ansible-lint --offline --nocolor

artifact: venv ## build the tarball, install it offline, run a module and the lookup from it
	$(ECO_CHECK) artifact tests/ecosystem/artifact.sh '$(VENV)' '$(ECO_DIR)/artifact'

# Galaxy's importer on the tarball that the artifact check built.
galaxy-importer: venv eco-venv ## galaxy-importer, Galaxy's upload validator, on the built tarball
	test -n "$$(ls '$(ECO_DIR)'/artifact/dist/mfaops-aws-*.tar.gz 2>/dev/null)" || $(MAKE) --no-print-directory artifact
	$(ECO_CHECK) galaxy-importer tests/ecosystem/galaxy-importer.sh '$(ECO_VENV)' \
	    '$(ECO_DIR)/artifact/dist' '$(ECO_DIR)/galaxy-importer'

ee: venv eco-venv ## ansible-builder create and introspect (no image is built)
	$(ECO_CHECK) ee tests/ecosystem/ee.sh '$(ECO_VENV)' '$(ECO_DIR)/ee'

docs-site: venv eco-venv eco-collections ## the HTML docs site, offline, in build/docs/site/build/html
	$(ECO_CHECK) docs-site tests/ecosystem/docs-site.sh '$(ECO_VENV)' \
	    '$(CURDIR)/$(ECO_COLLECTIONS):$(VENV_COLLECTIONS)' '$(DOCS_DIR)/site'

docs-browser: venv eco-venv eco-collections ## the module page in headless Chromium, screenshot in build/docs/screenshots (skipped without Chromium)
	test -s '$(DOCS_DIR)/site/build/html/index.html' || $(MAKE) --no-print-directory docs-site
	$(ECO_CHECK) docs-browser env $(ECO_ENV) python3 tests/ecosystem/docs_browser.py \
	    '$(DOCS_DIR)/site/build/html' '$(DOCS_DIR)/screenshots'

changelog: venv eco-venv ## regenerate changelogs/changelog.yaml and CHANGELOG.rst from the fragments
	env $(ECO_ENV) ANSIBLE_COLLECTIONS_PATH='$(VENV_COLLECTIONS)' \
	    antsibull-changelog release --version '$(COLLECTION_VERSION)' --date '$(CHANGELOG_DATE)' \
	    $$(test -f changelogs/changelog.yaml && echo --update-existing --refresh-fragments without-archives)

# The runbook mfaops.aws.mfa_audit_report's page, made against the IAM emulator (it builds the
# collection tree in $(BUILD_DIR) and starts its own emulator, so not beside ansible-test).
report-browser: venv ## the MFA audit report page in headless Chromium, screenshot in build/report (skipped without Chromium)
	$(ECO_CHECK) report-browser tests/ecosystem/report-browser.sh '$(VENV)' '$(BUILD_DIR)' '$(REPORT_DIR)'
