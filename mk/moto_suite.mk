# make moto-suite: moto's own IAM test suite (tests/test_iam of the moto 5.2.5 sdist, fetched
# from PyPI into $(MOTO_SUITE_DIR), never committed) with the IAM emulator installed
# (tests/iam_emulator/moto_suite/, docs/iam_emulator.md).  Not a stage of make test: it
# downloads moto's source.  Expected: 382 passed and 3 strict xfail, where moto is less
# faithful than IAM.

MOTO_SUITE_DIR ?= $(BUILD_DIR)/moto-suite

.PHONY: moto-suite

moto-suite: venv ## moto's own IAM tests against the IAM emulator (docs/iam_emulator.md)
	MOTO_SUITE_DIR='$(abspath $(MOTO_SUITE_DIR))' \
	PYTHON="$$('$(VENV)/bin/python' -c 'import sys; print(sys._base_executable)')" \
	    tests/iam_emulator/moto_suite/run.sh
