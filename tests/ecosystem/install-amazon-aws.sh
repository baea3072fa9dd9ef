#!/usr/bin/env bash
# Install the amazon.aws collection of one `ansible` package release into a venv's
# site-packages/ansible_collections, without that package's ansible-core pin.
#
# Usage: tests/ecosystem/install-amazon-aws.sh VENV ANSIBLE_VERSION   (make matrix, tests/ecosystem/matrix.sh)
#
# The ansible wheel comes from PyPI with `pip download --no-deps`; only its
# ansible_collections/amazon/aws/ is unpacked.
set -euo pipefail

venv=$1
ansible_version=$2
site_packages=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
download=$(mktemp -d)
trap 'rm -rf "$download"' EXIT

"$venv/bin/python" -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    -d "$download" "ansible==$ansible_version"
rm -rf "$site_packages/ansible_collections/amazon/aws"
"$venv/bin/python" - "$download"/ansible-*.whl "$site_packages" <<'PY'
import sys
import zipfile

wheel, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as archive:
    members = [name for name in archive.namelist() if name.startswith('ansible_collections/amazon/aws/')]
    archive.extractall(target, members)
print('amazon.aws from ansible %s: %d files' % (wheel.rsplit('/', 1)[-1], len(members)))
PY
grep -m1 '"version"' "$site_packages/ansible_collections/amazon/aws/MANIFEST.json"
