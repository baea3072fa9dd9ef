#!/usr/bin/env bash
# shellcheck disable=SC2154  # runbook_config, runbook_python, runbook_account_id: set by runbook-lib.sh
# mfaops.aws.cleanup_orphaned_mfa_devices by its FQCN, as an operator runs it, in an account
# of this target's own (nothing another target left behind can be deleted here).
set -euo pipefail
source ../setup_runbook_account/runbook-lib.sh
use_own_account
runbook=mfaops.aws.cleanup_orphaned_mfa_devices
mfa="arn:aws:iam::$runbook_account_id:mfa"

account_helper orphan orphan-a orphan-b keep-me-1 keep-me-2 >/dev/null
account_helper orphan build-ci /zz/pathed >/dev/null
assigned=$(account_helper user enrolled-user virtual)
[[ $assigned == "$mfa/enrolled-user" ]] || fail "setup: no assigned device ($assigned)"
devices_before=$(account_helper devices)

# --- check mode: each serial number that would go on a line of its own, nothing deleted, only reads
account_helper clear-calls
output=$(ansible-playbook "$runbook" --check 2>&1) || fail "check mode failed" "$output"
for name in orphan-a orphan-b keep-me-1 keep-me-2 build-ci zz/pathed; do
    expect "check mode lists $name on a line of its own" "^ *\"WOULD DELETE: $mfa/$name\",\?\$" "$output"
done
refute "check mode never lists the assigned device" "WOULD DELETE: $mfa/enrolled-user" "$output"
expect "check mode: the summary" "SUMMARY: check mode, would delete 6, kept 0, failed 0." "$output"
[[ $(account_helper devices) == "$devices_before" ]] || fail "check mode changed the devices"
calls=$(account_helper calls)
refute "check mode: no write call" "^\(Delete\|Deactivate\|Create\|Enable\|Tag\|Untag\)" "$calls"
expect "check mode: listed the unassigned devices" "^ListVirtualMFADevices$" "$calls"
echo "ok: check mode deleted nothing"

# --- keep (a list: a serial number and a name pattern), and a device enabled for a user between
#     listing and deletion: IAM answers DeleteVirtualMFADevice with DeleteConflict. The module
#     then looks for the device's user and, finding none (the fault switch assigns nothing),
#     deletes once more; the second DeleteConflict is what a device enabled meanwhile gives.
account_helper fault DeleteVirtualMFADevice DeleteConflict 2
output=$(ansible-playbook "$runbook" -e "{\"keep\": [\"$mfa/build-ci\", \"keep-me-*\"]}" 2>&1) \
    || fail "a run with keep and a DeleteConflict failed (it must go on and succeed)" "$output"
expect "the DeleteConflict device is reported and kept" \
    "KEPT (enabled for a user since it was listed, IAM answered DeleteConflict): $mfa/orphan-a" "$output"
expect "the run went on with the next device" "DELETED: $mfa/orphan-b" "$output"
expect "keep by serial number" "KEPT (matches keep): $mfa/build-ci" "$output"
expect "keep by name pattern" "KEPT (matches keep): $mfa/keep-me-1" "$output"
expect "keep by name pattern (2)" "KEPT (matches keep): $mfa/keep-me-2" "$output"
expect "a device under a path is deleted" "DELETED: $mfa/zz/pathed" "$output"
expect "the summary" "SUMMARY: deleted 2, kept 4, failed 0." "$output"
expect "what a person does next" "NEXT: " "$output"
no_traceback "the keep run" "$output"
devices=$(account_helper devices)
expect "orphan-a is still there" "^$mfa/orphan-a -$" "$devices"
refute "orphan-b is gone" "$mfa/orphan-b" "$devices"
refute "zz/pathed is gone" "$mfa/zz/pathed" "$devices"
expect "the assigned device is untouched" "^$mfa/enrolled-user enrolled-user$" "$devices"

# --- keep as one string (an AWX textarea answer), and a deletion that fails: reported, the
#     others still deleted, a non-zero exit
account_helper fault DeleteVirtualMFADevice AccessDenied 1
status=0
output=$(ansible-playbook "$runbook" -e "keep='build-ci, no-such-device'" 2>&1) || status=$?
[[ $status -ne 0 ]] || fail "a run with a failed deletion exited 0" "$output"
expect "the failed device is named with IAM's error" "FAILED: $mfa/keep-me-1: .*AccessDenied" "$output"
expect "the others are still deleted" "DELETED: $mfa/keep-me-2" "$output"
expect "the others are still deleted (2)" "DELETED: $mfa/orphan-a" "$output"
expect "keep as a string" "KEPT (matches keep): $mfa/build-ci" "$output"
expect "the summary counts the failure" "SUMMARY: deleted 2, kept 1, failed 1." "$output"
expect "what a person does next after a failure" "NEXT: check the FAILED lines" "$output"
no_traceback "the failing run" "$output"
devices=$(account_helper devices)
[[ $(sort <<<"$devices") == "$(printf '%s\n' "$mfa/build-ci -" "$mfa/enrolled-user enrolled-user" "$mfa/keep-me-1 -" | sort)" ]] \
    || fail "unexpected devices left" "$devices"
echo "ok: only the kept, the failed and the assigned devices are left"

# --- nothing left to delete but what keep names: nothing is deleted
output=$(ansible-playbook "$runbook" -e '{"keep": ["*"]}' 2>&1) || fail "a run that keeps everything failed" "$output"
expect "keep * keeps everything" "SUMMARY: deleted 0, kept 2, failed 0." "$output"
