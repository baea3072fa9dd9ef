#!/usr/bin/env bash
# Run one ansible-test command on a fresh copy of the collection, without Docker.
# Called by the Makefile's sanity, units and integration targets (and so by make test and make matrix).
#
# Usage: tests/utils/run-ansible-test.sh [--iam-emulator] COMMAND [ARG...]
#   e.g. tests/utils/run-ansible-test.sh sanity --junit
#        tests/utils/run-ansible-test.sh --iam-emulator integration
#
# Environment (the Makefile sets these):
#   VENV                 virtual environment with ansible-test in it (default .venv)
#   BUILD_DIR            where the collection tree is built (default .tmp)
#   ANSIBLE_TEST_PYTHON  Python version to test with (default: VENV's Python version)
#   RESULTS_DIR          where results go (default tests/output; make matrix uses one per combination)
#
# Steps: build BUILD_DIR/collections/ansible_collections/mfaops/aws from the
# repository (build-collection-tree.sh); install the offline get-pip stand-in
# (install_offline_get_pip.py); run `ansible-test COMMAND --venv --requirements
# --python X ARG...` inside that tree, with the IAM emulator running around it if
# --iam-emulator is given (with-iam-emulator.sh).  The tree's tests/output (test
# results, junit XML, emulator log) replaces the repository's
# RESULTS_DIR/COMMAND/, even when the command fails; ansible-test's exit status
# goes to RESULTS_DIR/COMMAND/exit-status.
set -euo pipefail

with_emulator=false
if [[ ${1:-} == --iam-emulator ]]; then
    with_emulator=true
    shift
fi
if [[ $# -lt 1 ]]; then
    echo "usage: $0 [--iam-emulator] COMMAND [ARG...]" >&2
    exit 2
fi
command=$1
shift

repo_root=$(git rev-parse --show-toplevel)
utils_dir=$repo_root/tests/utils
venv=$(cd "$repo_root" && realpath -m "${VENV:-.venv}")
build_dir=$(cd "$repo_root" && realpath -m "${BUILD_DIR:-.tmp}")
if [[ ! -x $venv/bin/ansible-test ]]; then
    echo "$0: $venv/bin/ansible-test not found; run 'make venv' first" >&2
    exit 1
fi
python_version=${ANSIBLE_TEST_PYTHON:-$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')}
results_root=$(cd "$repo_root" && realpath -m "${RESULTS_DIR:-tests/output}")
collection_dir=$build_dir/collections/ansible_collections/mfaops/aws

"$utils_dir/build-collection-tree.sh" "$venv" "$build_dir"
"$venv/bin/python" "$utils_dir/install_offline_get_pip.py" "$python_version"

copy_results_back() {
    local status=$?
    local output_dir=$collection_dir/tests/output
    local results_dir=$results_root/$command
    if [[ -d $output_dir ]]; then
        rm -rf "$results_dir"
        mkdir -p "$results_dir"
        tar -C "$output_dir" --exclude=./.tmp -cf - . | tar -C "$results_dir" -xf -
        # Read by summarize_results.py: a failure that left no junit record still counts.
        echo "$status" >"$results_dir/exit-status"
        echo "ansible-test $command results: $results_dir/ (copied from $output_dir)"
    fi
    exit "$status"
}
trap copy_results_back EXIT

runner=()
if [[ $with_emulator == true ]]; then
    runner=("$utils_dir/with-iam-emulator.sh" "$venv/bin/python" "$collection_dir")
fi

cd "$collection_dir"
# The virtual environment's bin first: ansible-test finds tools such as shellcheck on PATH.
export PATH="$venv/bin:$PATH"
# Last command: with set -e its exit status is the script's (seen by copy_results_back).
"${runner[@]}" "$venv/bin/ansible-test" "$command" --venv --requirements --python "$python_version" "$@"
