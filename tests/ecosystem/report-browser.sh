#!/usr/bin/env bash
# The MFA audit report in headless Chromium: make the report as the runbook writes it (the
# integration target runbook_mfa_audit_report, against the IAM emulator, two accounts and a
# role that cannot be assumed), then check the page and save its screenshot.
# Run by `make report-browser` (mk/ecosystem.mk), a check of the ecosystem stage.
#
# Usage: tests/ecosystem/report-browser.sh VENV BUILD_DIR OUTPUT_DIR
#   VENV        virtual environment with ansible, boto3, pyotp and moto (.venv)
#   BUILD_DIR   where the collection tree is built (.tmp)
#   OUTPUT_DIR  gets report/mfa_audit.html, report/mfa_audit.csv and mfa_audit.png
# Needs chromium on PATH; without it, says so and exits 77, which tests/utils/run_check.py
# records as skipped. Installs nothing.
set -euo pipefail

if [[ $# -ne 3 ]]; then
    echo "usage: $0 VENV BUILD_DIR OUTPUT_DIR" >&2
    exit 2
fi
if ! command -v chromium >/dev/null; then
    echo "SKIPPED: the audit report check needs chromium, which is not on PATH; install Chromium to run it (Debian and Ubuntu: apt-get install chromium)"
    exit 77
fi
repo_root=$(git rev-parse --show-toplevel)
venv=$(realpath -m "$1")
build_dir=$(realpath -m "$2")
output_dir=$(realpath -m "$3")
collection_dir=$build_dir/collections/ansible_collections/mfaops/aws

"$repo_root/tests/utils/build-collection-tree.sh" "$venv" "$build_dir"
rm -rf "$output_dir/report"
mkdir -p "$output_dir"
target_dir=$collection_dir/tests/integration/targets/runbook_mfa_audit_report
"$repo_root/tests/utils/with-iam-emulator.sh" "$venv/bin/python" "$collection_dir" \
    env -C "$target_dir" PATH="$venv/bin:$PATH" ANSIBLE_COLLECTIONS_PATH="$build_dir/collections" \
    ANSIBLE_TEST_PYTHON_INTERPRETER="$venv/bin/python" REPORT_COPY_DIR="$output_dir/report" ./runme.sh
"$venv/bin/python" "$repo_root/tests/ecosystem/report_browser.py" "$output_dir/report" "$output_dir/mfa_audit.png"
