#!/usr/bin/env bash
# Check that ansible-builder sees this collection's execution environment metadata.
# Run by `make ee` (mk/ecosystem.mk), a check of the ecosystem stage.
#
# Usage: tests/ecosystem/ee.sh ECO_VENV WORK_DIR
#
# 1. ansible-builder create (offline: it only writes a build context) from
#    tests/ecosystem/ee/execution-environment.yml, which lists mfaops.aws in its
#    Galaxy requirements; the context must hold those requirements and the
#    introspection step that collects collection dependencies during the build.
# 2. ansible-builder introspect, the step that runs inside that build, on the
#    collection installed from its artifact: it must report the Python packages of
#    requirements.txt and the system packages of bindep.txt, both attributed to
#    mfaops.aws through meta/execution-environment.yml.
set -euo pipefail

eco_venv=$(cd "$1" && pwd)
work=$2
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)
export PATH=$eco_venv/bin:$PATH

fail() { echo "FAILED: $*" >&2; exit 1; }

echo "== ansible-builder create"
ansible-builder create -f "$repo/tests/ecosystem/ee/execution-environment.yml" -c "$work/context" --output-filename Containerfile -v 2
ls -R "$work/context"
grep -q 'mfaops.aws' "$work/context/_build/requirements.yml" || fail "mfaops.aws missing from the context's Galaxy requirements"
grep -q introspect "$work/context/Containerfile" || fail "the Containerfile does not introspect collection dependencies"

echo "== the collection, as built and installed from its artifact"
ansible-galaxy collection build --output-path "$work/dist" "$repo"
ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false ANSIBLE_COLLECTIONS_PATH="$work/collections" \
    ansible-galaxy collection install --offline --no-deps -p "$work/collections" "$work"/dist/mfaops-aws-*.tar.gz

echo "== ansible-builder introspect"
ansible-builder introspect --write-pip "$work/pip.txt" --write-bindep "$work/bindep.txt" "$work/collections"
echo "-- pip:"; cat "$work/pip.txt"
echo "-- bindep:"; cat "$work/bindep.txt"
# Every requirement of requirements.txt, from mfaops.aws
while read -r requirement; do
    [[ -z $requirement || $requirement == \#* ]] && continue
    name=${requirement%%[<>=!~ ;]*}
    grep -Eiq "^${name}([<>=!~ ;].*)?#.*mfaops\.aws" "$work/pip.txt" || fail "$name (requirements.txt) is not in the EE's Python requirements"
done < "$repo/requirements.txt"
grep -Eq '^ca-certificates .*#.*mfaops\.aws' "$work/bindep.txt" || fail "bindep.txt's packages are not in the EE's system requirements"
echo "the EE build context and introspection hold mfaops.aws's Python and system requirements"
