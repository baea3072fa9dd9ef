#!/usr/bin/env bash
# Run galaxy-importer, the validator that Galaxy and Automation Hub run on upload, on
# the built collection tarball, and fail on any ERROR or WARNING it prints about it.
# Run by `make galaxy-importer` (mk/ecosystem.mk), a check of the ecosystem stage.
#
# Usage: tests/ecosystem/galaxy-importer.sh ECO_VENV DIST_DIR WORK_DIR
#
# ECO_VENV has galaxy-importer (tests/ecosystem/requirements.txt); DIST_DIR holds the
# tarball that tests/ecosystem/artifact.sh built; WORK_DIR (emptied first) gets the
# importer's log and its temporary files.  Settings: tests/ecosystem/galaxy-importer.cfg.
# What the importer reports that cannot be fixed here is listed, with the reason, in
# docs/galaxy_importer.md and matched by tests/ecosystem/galaxy-importer-accepted.txt
# (one extended regular expression per line).
set -euo pipefail

eco_venv=$(cd "$1" && pwd)
tarball=$(cd "$2" && ls "$PWD"/mfaops-aws-*.tar.gz)
work=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

rm -rf "$work"
mkdir -p "$work/tmp"
work=$(cd "$work" && pwd)
log=$work/importer.log

export GALAXY_IMPORTER_CONFIG=$here/galaxy-importer.cfg
export GALAXY_IMPORTER_TMP_ROOT_DIR=$work/tmp
export GALAXY_IMPORTER_ANSIBLE_LOCAL_TMP=$work/tmp/ansible
export PATH=$eco_venv/bin:$PATH
# As on Galaxy, the importer sees only this collection: amazon.aws is not on its collections
# path (docs/galaxy_importer.md says what follows from that).
unset ANSIBLE_COLLECTIONS_PATH

cd "$work"
status=0
python -m galaxy_importer.main "$tarball" 2>&1 | tee "$log" || status=$?
if [[ $status != 0 ]]; then
    echo "FAILED: galaxy-importer exited with status $status" >&2
    exit 1
fi
grep -q 'Importer processing completed successfully' "$log" || {
    echo 'FAILED: galaxy-importer did not end with "Importer processing completed successfully"' >&2
    exit 1
}
problems=$(grep -E '^(ERROR|WARNING)' "$log" | grep -v -E -f <(grep -v -E '^(#|$)' "$here/galaxy-importer-accepted.txt") || true)
if [[ -n $problems ]]; then
    echo "FAILED: galaxy-importer reported these about the collection:" >&2
    echo "$problems" >&2
    exit 1
fi
echo "galaxy-importer: completed, no ERROR or WARNING beyond the accepted ones (docs/galaxy_importer.md)"
