#!/usr/bin/env bash
# Least privilege: the minimal policies of the README ("Minimal IAM policies") for
# iam_mfa_device_resync, enforced by the IAM emulator. least_privilege.yml sets up two users
# with enabled devices as the harness's unrestricted caller, then, with policy enforcement
# on and the first user's own access key: each mode works with its documented policy,
# fails (AccessDenied, 403) without the statement it needs, and the other user's device is
# refused. Enforcement is switched off again however the playbook ends (its always section,
# and this script's trap).
set -euo pipefail

config=../../integration_config.yml

enforcement_off() {
    python - "$config" <<'PYTHON' || true
import json, re, sys, urllib.request
url = re.search(r'^emulator_control_url: "([^"]+)"', open(sys.argv[1]).read(), re.M).group(1)
assert url.startswith("http://127.0.0.1:"), url
request = urllib.request.Request(url + "/authorization", data=json.dumps({"enforce": False}).encode(), method="POST")
urllib.request.build_opener(urllib.request.ProxyHandler({})).open(request, timeout=10).read()
PYTHON
}
trap enforcement_off EXIT

ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false \
    ansible-playbook least_privilege.yml -e @"$config" "$@"
echo "ok: least privilege: own device resynced under the minimal policies, another user's refused with AccessDenied (403)"
