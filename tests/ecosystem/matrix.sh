#!/usr/bin/env bash
# make matrix: ansible-test units and integration on every combination of
# tests/ecosystem/matrix.txt, each in its own venv and build tree under BUILD_DIR/matrix/NAME
# and with its results in tests/output/matrix/NAME/; then one summary per combination.
#
# Usage: tests/ecosystem/matrix.sh BUILD_DIR [NAME...]   (default: every combination)
# Every combination runs even after a failure; exits non-zero if any failed.
set -euo pipefail

build_dir=$1
shift
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
wanted=("$@")
status=0
ran=()

while read -r name core ansible_package python_version; do
    [[ -z $name || $name == \#* ]] && continue
    if [[ ${#wanted[@]} -gt 0 && " ${wanted[*]} " != *" $name "* ]]; then
        continue
    fi
    venv=$build_dir/matrix/$name/venv
    stamp=$venv/.installed-$core-$ansible_package
    if [[ ! -f $stamp || tests/ecosystem/requirements-matrix.txt -nt $stamp ]]; then
        echo "== $name: venv with Python $python_version, ansible-core $core, amazon.aws of ansible $ansible_package"
        rm -rf "$venv"
        python=$(tests/utils/find-python.sh "$python_version")
        "$python" -m venv "$venv"
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
            -r tests/ecosystem/requirements-matrix.txt "ansible-core==$core"
        tests/ecosystem/install-amazon-aws.sh "$venv" "$ansible_package"
        touch "$stamp"
    fi
    echo "== $name: make units integration"
    RESULTS_DIR=tests/output/matrix/$name make --no-print-directory -k units integration \
        VENV="$venv" VENV_STAMP="$stamp" BUILD_DIR="$build_dir/matrix/$name" || status=1
    ran+=("$name")
done <tests/ecosystem/matrix.txt

for name in "${ran[@]}"; do
    echo "== $name"
    "$repo/.venv/bin/python" tests/utils/summarize_results.py "tests/output/matrix/$name" units integration
done
exit $status
