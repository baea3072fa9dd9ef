# The collection as the Ansible ecosystem sees it (issue 6): docs, changelog, lint,
# artifact, execution environment, support matrix.  Each check is recorded by
# tests/utils/run_check.py under the `ecosystem` stage of `make test`.
#
#   make ecosystem        all the checks below (the `ecosystem` stage of make test)
#   make changelog-lint   antsibull-changelog lint (fragments and changelogs/changelog.yaml)
#   make docs-lint        antsibull-docs lint-collection-docs --plugin-docs, extra docs refs
#   make ansible-lint     ansible-lint --offline, production profile (yamllint rules included)
#   make artifact         build the tarball, install it offline, run a module and the lookup
#   make ee               ansible-builder create + introspect (no image is built)
#   make docs-site        HTML docs site (build/docs/site/build/html), offline
#   make docs-browser     the module page in headless Chromium; screenshot in build/docs/screenshots/
#   make changelog        regenerate changelogs/changelog.yaml and CHANGELOG.rst (release $(COLLECTION_VERSION)),
#                         entries already there re-read from their fragments
#   make matrix           units and integration on ansible-core 2.17 (oldest supported);
#                         the newest, 2.19, is .venv and runs in make test.  Not in make test.
#
# The tools are pinned in tests/ecosystem/requirements.txt and live in their own venv,
# $(ECO_VENV); .venv is left as it is.  amazon.aws comes from .venv's ansible package.
# `make chromium` installs Debian's chromium with apt-get when it is missing.

ECO_VENV ?= $(BUILD_DIR)/venv-ecosystem
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
CORE_OLDEST ?= 2.17
CORE_OLDEST_VENV := $(BUILD_DIR)/venv-core$(CORE_OLDEST)
# The ansible package whose amazon.aws (9.x) goes into the ansible-core 2.17 venv
CORE_OLDEST_AMAZON_AWS_FROM ?= 11.13.0

ECOSYSTEM_CHECKS := changelog-lint docs-lint ansible-lint artifact ee docs-site docs-browser

TEST_STAGES += ecosystem

.PHONY: ecosystem eco-venv eco-collections chromium changelog matrix $(ECOSYSTEM_CHECKS)

eco-venv: $(ECO_STAMP)

$(ECO_STAMP): tests/ecosystem/requirements.txt
	test -x '$(ECO_VENV)/bin/python' || $(PYTHON) -m venv '$(ECO_VENV)'
	'$(ECO_VENV)/bin/python' -m pip install --quiet --disable-pip-version-check -r tests/ecosystem/requirements.txt
	touch '$@'

eco-collections:
	mkdir -p '$(ECO_COLLECTIONS)/ansible_collections/mfaops'
	ln -sfn '$(CURDIR)' '$(ECO_COLLECTIONS)/ansible_collections/mfaops/aws'

# Every check runs, even after a failure; the stage fails if any failed.
ecosystem: venv eco-venv
	$(MAKE) --no-print-directory -k $(ECOSYSTEM_CHECKS)

changelog-lint: venv eco-venv
	$(ECO_CHECK) changelog-lint env $(ECO_ENV) bash -c '\
	    antsibull-changelog lint && \
	    antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml && \
	    "$(VENV)/bin/python" tests/ecosystem/changelog_current.py'

# antsibull-docs copies the collections it lints; GIT_CEILING_DIRECTORIES keeps it from
# taking amazon.aws (in .venv, inside this git work tree) for a git checkout with no files.
docs-lint: venv eco-venv
	$(ECO_CHECK) docs-lint env $(ECO_ENV) ANSIBLE_COLLECTIONS_PATH='$(VENV_COLLECTIONS)' \
	    GIT_CEILING_DIRECTORIES='$(VENV_COLLECTIONS)' \
	    antsibull-docs lint-collection-docs --plugin-docs --check-extra-docs-refs .

ansible-lint: venv eco-venv eco-collections
	$(ECO_CHECK) ansible-lint env $(ECO_ENV) ansible-lint --offline --nocolor

artifact: venv
	$(ECO_CHECK) artifact tests/ecosystem/artifact-test.sh '$(VENV)' '$(ECO_DIR)/artifact'

ee: venv eco-venv
	$(ECO_CHECK) ee tests/ecosystem/ee-test.sh '$(ECO_VENV)' '$(ECO_DIR)/ee'

docs-site: venv eco-venv eco-collections
	$(ECO_CHECK) docs-site tests/ecosystem/docs-site.sh '$(ECO_VENV)' \
	    '$(CURDIR)/$(ECO_COLLECTIONS):$(VENV_COLLECTIONS)' '$(DOCS_DIR)/site'

docs-browser: venv eco-venv eco-collections chromium
	test -s '$(DOCS_DIR)/site/build/html/index.html' || $(MAKE) --no-print-directory docs-site
	$(ECO_CHECK) docs-browser env $(ECO_ENV) python3 tests/ecosystem/docs_browser_check.py \
	    '$(DOCS_DIR)/site/build/html' '$(DOCS_DIR)/screenshots'

chromium:
	command -v chromium >/dev/null || { \
	    sudo=; [[ $$(id -u) == 0 ]] || sudo=sudo; \
	    $$sudo apt-get update && \
	    DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y --no-install-recommends chromium; }

changelog: venv eco-venv
	env $(ECO_ENV) ANSIBLE_COLLECTIONS_PATH='$(VENV_COLLECTIONS)' \
	    antsibull-changelog release --version '$(COLLECTION_VERSION)' --date '$(CHANGELOG_DATE)' \
	    $$(test -f changelogs/changelog.yaml && echo --update-existing --refresh-fragments without-archives)

$(CORE_OLDEST_VENV)/.installed: tests/ecosystem/requirements-core$(CORE_OLDEST).txt tests/ecosystem/install-amazon-aws.sh
	test -x '$(CORE_OLDEST_VENV)/bin/python' || $(PYTHON) -m venv '$(CORE_OLDEST_VENV)'
	'$(CORE_OLDEST_VENV)/bin/python' -m pip install --quiet --disable-pip-version-check -r $<
	tests/ecosystem/install-amazon-aws.sh '$(CORE_OLDEST_VENV)' '$(CORE_OLDEST_AMAZON_AWS_FROM)'
	touch '$@'

# Units and integration with the oldest supported ansible-core, in their own build
# tree; results in tests/output/{units,integration}/ as for make units integration.
matrix: $(CORE_OLDEST_VENV)/.installed
	'$(CORE_OLDEST_VENV)/bin/ansible-galaxy' collection list amazon.aws
	$(MAKE) --no-print-directory -k -o '$(CORE_OLDEST_VENV)/.installed' units integration \
	    VENV='$(CORE_OLDEST_VENV)' VENV_STAMP='$(CORE_OLDEST_VENV)/.installed' BUILD_DIR='$(BUILD_DIR)/matrix-core$(CORE_OLDEST)'
