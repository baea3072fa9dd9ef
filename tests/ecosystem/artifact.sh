#!/usr/bin/env bash
# Build the collection artifact, install it into an empty collections path offline,
# and run a module and the lookup from the installed copy against the IAM emulator.
# Run by `make artifact` (mk/ecosystem.mk), a check of the ecosystem stage.
#
# Usage: tests/ecosystem/artifact.sh VENV WORK_DIR
#
# VENV provides ansible-core, boto3 and the amazon.aws collection (site-packages/
# ansible_collections), installed beside mfaops.aws from its directory, offline.
# WORK_DIR (emptied first) gets the tarball (WORK_DIR/dist/), the collections path
# (WORK_DIR/collections/) and the playbook run directory (WORK_DIR/run/).
set -euo pipefail

venv=$(cd "$1" && pwd)
work=$2
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

rm -rf "$work"
mkdir -p "$work/dist" "$work/collections" "$work/run"
work=$(cd "$work" && pwd)
export PATH=$venv/bin:$PATH
amazon_aws_dirs=("$venv"/lib/python3*/site-packages/ansible_collections/amazon/aws)
amazon_aws=${amazon_aws_dirs[0]}

echo "== ansible-galaxy collection build"
(cd "$repo" && ansible-galaxy collection build --output-path "$work/dist" .)
tarball=$(ls "$work"/dist/mfaops-aws-*.tar.gz)

echo "== the artifact holds no local environments, caches or build/test output"
listing=$(tar -tzf "$tarball")
forbidden='(^|/)(\.venv|\.tmp|\.ansible|build|tests/output|\.pytest_cache|\.hypothesis|__pycache__|\.mypy_cache|\.ruff_cache)(/|$)|\.tar\.gz$|\.pyc$|integration_config\.yml$'
if grep -E "$forbidden" <<<"$listing"; then
    echo "FAILED: the files above must not be in $tarball (galaxy.yml build_ignore)" >&2
    exit 1
fi
for required in MANIFEST.json FILES.json meta/runtime.yml README.md COPYING requirements.txt \
    plugins/modules/iam_mfa_device_resync.py plugins/lookup/totp.py \
    plugins/module_utils/mfa_errors.py; do
    grep -qx "$required" <<<"$listing" || { echo "FAILED: $required missing from $tarball" >&2; exit 1; }
done
echo "$(wc -l <<<"$listing") entries, $(du -k "$tarball" | cut -f1) KiB"

echo "== ansible-galaxy collection install --offline into an empty collections path"
# Run from the work dir so that nothing resolves against the checkout.
cd "$work/run"
# Only the new collections path counts, not the collections in VENV's site-packages.
export ANSIBLE_COLLECTIONS_PATH=$work/collections
export ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false
ansible-galaxy collection install --offline -p "$work/collections" "$tarball" "$amazon_aws"
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
installed=$work/collections/ansible_collections/mfaops/aws
ansible-galaxy collection list
ansible-doc mfaops.aws.iam_mfa_device_resync >/dev/null
ansible-doc -t lookup mfaops.aws.totp >/dev/null

echo "== a module and the lookup from the installed copy, against the IAM emulator"
cp "$repo/tests/ecosystem/artifact_smoke.yml" "$work/run/"
# The emulator and its config file come from the installed copy's tests/ too, so
# this run shares nothing with the checkout's integration tests.
"$repo/tests/utils/with-iam-emulator.sh" "$venv/bin/python" "$installed" \
    ansible-playbook "$work/run/artifact_smoke.yml" -e "@$installed/tests/integration/integration_config.yml"
