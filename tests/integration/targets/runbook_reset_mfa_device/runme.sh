#!/usr/bin/env bash
# shellcheck disable=SC2154  # runbook_config, runbook_python, runbook_account_id: set by runbook-lib.sh
# mfaops.aws.reset_mfa_device by its FQCN, as the helpdesk runs it, in an account of its own.
set -euo pipefail
source ../setup_runbook_account/runbook-lib.sh
use_own_account
runbook=mfaops.aws.reset_mfa_device
mfa="arn:aws:iam::$runbook_account_id:mfa"

alice_virtual=$(account_helper user alice virtual)
account_helper user bob virtual >/dev/null
account_helper user carol >/dev/null
# A second device for alice: a hardware token (the emulator takes any codes for it).
account_helper user dave hardware GAHT00000042 >/dev/null   # someone else's token
account_helper enable-hardware alice GAHT00000007
[[ $(account_helper user-devices alice | sort) == "$(printf '%s\n' GAHT00000007 "$alice_virtual" | sort)" ]] \
    || fail "setup: alice has not her two devices" "$(account_helper user-devices alice)"

# --- check mode: what would happen, only reads
account_helper clear-calls
output=$(ansible-playbook "$runbook" --check -e user_name=alice 2>&1) || fail "check mode failed" "$output"
expect "check mode: the virtual device" "CHECK MODE: would have DEACTIVATED and DELETED (virtual device): $alice_virtual" "$output"
expect "check mode: the hardware token" "CHECK MODE: would have DEACTIVATED (hardware token or FIDO key, not deleted): GAHT00000007" "$output"
expect "check mode: what next" "NEXT: run again without --check" "$output"
refute "check mode: no write call" "^\(Delete\|Deactivate\|Create\|Enable\|Tag\|Untag\)" "$(account_helper calls)"
[[ $(account_helper user-devices alice | wc -l) -eq 2 ]] || fail "check mode changed alice's devices"

# --- refusals, before any change
account_helper clear-calls
for root_name in root '<root_account>'; do
    status=0
    output=$(ansible-playbook "$runbook" -e "user_name=$root_name" 2>&1) || status=$?
    [[ $status -ne 0 ]] || fail "the runbook reset $root_name" "$output"
    expect "the root user ($root_name) is refused" "REFUSED: this runbook does not reset the root user's MFA" "$output"
done
status=0
output=$(ansible-playbook "$runbook" -e user_name=carol -e "serial_number=$mfa/root-account-mfa-device" 2>&1) || status=$?
[[ $status -ne 0 ]] || fail "the runbook took the root's device" "$output"
expect "the root user's device is refused" "REFUSED: this runbook does not reset the root user's MFA" "$output"
refute "refusals call nothing" "." "$(account_helper calls)"

status=0
output=$(ansible-playbook "$runbook" -e user_name=alice -e "serial_number=$mfa/bob" 2>&1) || status=$?
[[ $status -ne 0 ]] || fail "the runbook accepted another user's device" "$output"
expect "another user's device is refused" "REFUSED: $mfa/bob is not an MFA device of IAM user alice" "$output"
status=0
output=$(ansible-playbook "$runbook" -e user_name=alice -e serial_number=GAHT00000042 2>&1) || status=$?
[[ $status -ne 0 ]] || fail "the runbook accepted another user's token" "$output"
expect "another user's token is refused" "REFUSED: GAHT00000042 is not an MFA device of IAM user alice" "$output"
refute "refusals change nothing" "^\(Delete\|Deactivate\)" "$(account_helper calls)"
[[ $(account_helper user-devices bob) == "$mfa/bob" ]] || fail "bob's device was touched"
[[ $(account_helper user-devices dave) == GAHT00000042 ]] || fail "dave's token was touched"

status=0
output=$(ansible-playbook "$runbook" -e user_name=nobody-here 2>&1) || status=$?
[[ $status -ne 0 ]] || fail "the runbook succeeded for a missing user" "$output"
expect "a missing user: NoSuchEntity and what to check" "(NoSuchEntity).*Check user_name" "$output"
status=0
output=$(ansible-playbook "$runbook" </dev/null 2>&1) || status=$?
[[ $status -ne 0 ]] || fail "the runbook succeeded without a user name" "$output"
expect "no user name" "FAILED: user_name not given" "$output"

# --- one device: the hardware token only, deactivated and not deleted
output=$(ansible-playbook "$runbook" -e user_name=alice -e serial_number=GAHT00000007 2>&1) || fail "resetting the token failed" "$output"
expect "the token is deactivated" "\"DEACTIVATED (hardware token or FIDO key, not deleted): GAHT00000007\"" "$output"
expect "a deactivated token can be enabled again" "A hardware token that was only deactivated can be enabled again" "$output"
[[ $(account_helper user-devices alice) == "$alice_virtual" ]] || fail "alice's virtual device should still be enabled"

# --- a deletion that fails: reported, non-zero, the device stays deactivated (never less than
#     found), and the line says how to finish
account_helper fault DeleteVirtualMFADevice AccessDenied 1
status=0
output=$(ansible-playbook "$runbook" -e user_name=alice 2>&1) || status=$?
[[ $status -ne 0 ]] || fail "a failed deletion exited 0" "$output"
expect "the failed deletion is named with IAM's error" "FAILED: $alice_virtual: .*AccessDenied" "$output"
expect "what to do after a failed deletion" "NEXT: check the FAILED lines.*cleanup_orphaned_mfa_devices" "$output"
expect "the device is left unassigned" "^$alice_virtual -\$" "$(account_helper devices)"

# --- all of a user's devices, in one run: virtual deleted, nothing of anyone else's touched
erin_virtual=$(account_helper user erin virtual)
output=$(ansible-playbook "$runbook" -e user_name=erin 2>&1) || fail "resetting erin failed" "$output"
expect "the virtual device is deactivated and deleted" "\"DEACTIVATED and DELETED (virtual device): $erin_virtual\"" "$output"
expect "what the user does next" "NEXT: erin signs in with their password and enrols a new MFA device" "$output"
no_traceback "the reset" "$output"
refute "erin's device is gone" "$erin_virtual" "$(account_helper devices)"
[[ -z $(account_helper user-devices erin) ]] || fail "erin still has an MFA device"
[[ $(account_helper user-devices bob) == "$mfa/bob" ]] || fail "bob's device was touched"
[[ $(account_helper user-devices dave) == GAHT00000042 ]] || fail "dave's token was touched"

# --- a user without MFA: nothing to do, exit 0
output=$(ansible-playbook "$runbook" -e user_name=erin 2>&1) || fail "a user without MFA failed" "$output"
expect "nothing to reset" "OK: IAM user erin has no MFA device; nothing to reset." "$output"
