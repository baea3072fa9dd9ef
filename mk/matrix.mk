# make matrix: the support matrix (tests/ecosystem/matrix.txt, docs/support_matrix.md).  Not a
# stage of make test: it builds a venv per combination and runs units and integration in
# each, which takes about 8 minutes a combination.  MATRIX='NAME ...' runs only those.

MATRIX ?=

.PHONY: matrix

matrix: venv ## units and integration on every combination of tests/ecosystem/matrix.txt
	tests/ecosystem/matrix.sh '$(BUILD_DIR)' $(MATRIX)
