# The house style, amazon.aws's (pyproject.toml): `ruff check` (lint and import order) and
# `ruff format --check` on every Python file of the repository.  The first stage of
# `make test`, each check recorded by tests/utils/run_check.py; any deviation fails it.
# `make format` rewrites the files into the style.

RUFF := '$(VENV)/bin/ruff'
STYLE_CHECK := '$(VENV)/bin/python' tests/utils/run_check.py style

TEST_STAGES := style $(TEST_STAGES)

.PHONY: style format

style: venv ## ruff check and ruff format --check: the house style (the first stage of make test)
	rm -rf tests/output/style
	status=0; \
	$(STYLE_CHECK) ruff-check $(RUFF) check --no-cache . || status=$$?; \
	$(STYLE_CHECK) ruff-format $(RUFF) format --no-cache --check --diff . || status=$$?; \
	exit $$status

format: venv ## rewrite the Python files into the house style (ruff check --fix, ruff format)
	$(RUFF) check --fix .
	$(RUFF) format .
