#!/usr/bin/env bash
# Build the collection's HTML docs site with antsibull-docs and Sphinx, offline.
# Run by `make docs-site` (mk/ecosystem.mk), a check of the ecosystem stage.
#
# Usage: tests/ecosystem/docs-site.sh ECO_VENV COLLECTIONS_PATH DEST_DIR
#
# ECO_VENV has antsibull-docs and Sphinx (tests/ecosystem/requirements.txt);
# COLLECTIONS_PATH holds mfaops.aws and amazon.aws.  The site is DEST_DIR/build/html.
# intersphinx is switched off in the generated conf.py, so that Sphinx fetches no
# inventories from the network, and unresolvable references to docs.ansible.com are
# not reported; other warnings are errors (-W).
set -euo pipefail

eco_venv=$(cd "$1" && pwd)
export ANSIBLE_COLLECTIONS_PATH=$2
dest=$3
export PATH=$eco_venv/bin:$PATH

rm -rf "$dest"
mkdir -p "$dest"
chmod 700 "$dest"   # antsibull-docs wants a directory only its owner can write to
antsibull-docs sphinx-init --use-current --dest-dir "$dest" mfaops.aws

# Offline: no intersphinx (it would download objects.inv files).
python3 - "$dest/conf.py" <<'PY'
import re
import sys

path = sys.argv[1]
with open(path, encoding='utf-8') as f:
    conf = f.read()
conf = conf.replace("'sphinx.ext.intersphinx', ", '').replace(", 'sphinx.ext.intersphinx'", '')
conf += '\n# Offline build (tests/ecosystem/docs-site.sh): no inventories from the network.\nintersphinx_mapping = {}\n'
# Without intersphinx, references to docs.ansible.com (ansible.builtin plugins, amazon.aws
# modules, config pages) cannot resolve; references within this collection are checked by
# antsibull-docs lint-collection-docs --check-extra-docs-refs (make docs-lint).
conf += "suppress_warnings = ['ref.ref']\n"
if 'sphinx.ext.intersphinx' in conf:
    sys.exit('conf.py still loads sphinx.ext.intersphinx')
with open(path, 'w', encoding='utf-8') as f:
    f.write(conf)
PY

bash "$dest/build.sh"

html=$dest/build/html
for page in index.html collections/mfaops/aws/iam_mfa_device_resync_module.html \
    collections/mfaops/aws/totp_lookup.html collections/mfaops/aws/docsite/resync_guide.html \
    collections/mfaops/aws/docsite/troubleshooting.html collections/mfaops/aws/docsite/iam_policies.html; do
    [[ -s $html/$page ]] || { echo "FAILED: $html/$page was not built" >&2; exit 1; }
done
echo "docs site: $html/index.html"
