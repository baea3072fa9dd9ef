#!/usr/bin/env bash
# shellcheck disable=SC2154  # runbook_config, runbook_python, runbook_account_id: set by runbook-lib.sh
# mfaops.aws.mfa_audit_report by its FQCN, against two accounts of its own in the emulator:
# the credentials' account by default, then both through AssumeRole with a third role that
# cannot be assumed, then check mode; the report's CSV and HTML checked against the accounts.
set -euo pipefail
source ../setup_runbook_account/runbook-lib.sh
runbook=mfaops.aws.mfa_audit_report
work_dir=$(mktemp -d)
trap 'rm -rf "$work_dir"' EXIT
# (A user name with a comma is left out: the emulator's credential report does not quote it.)
# REPORT_COPY_DIR (optional): where to copy the multi-account report, for the browser check.

# Account B, set up with its own credentials; then account A, whose credentials the runbook gets.
use_own_account
account_b=$runbook_account_id
account_helper user erin virtual >/dev/null
account_helper user frank >/dev/null
account_helper console erin
use_own_account
account_a=$runbook_account_id
[[ $account_a != "$account_b" ]] || fail "setup: the same account twice"
account_helper user alice virtual >/dev/null
account_helper user bob >/dev/null
account_helper user carol >/dev/null
account_helper user dave hardware GAHT00000099 >/dev/null
account_helper user 'x+y=z.@_-' >/dev/null
account_helper user '=cmd' >/dev/null
account_helper console alice bob 'x+y=z.@_-' '=cmd'
account_helper orphan spare >/dev/null

users_a='"alice": {"console": true, "types": ["virtual"], "findings": []},
  "bob": {"console": true, "types": [], "findings": ["IAM.5", "IAM.19"]},
  "carol": {"console": false, "types": [], "findings": ["IAM.19"]},
  "dave": {"console": false, "types": ["hardware"], "findings": []},
  "x+y=z.@_-": {"console": true, "types": [], "findings": ["IAM.5", "IAM.19"]},
  "=cmd": {"console": true, "types": [], "findings": ["IAM.5", "IAM.19"]}'
users_b='"erin": {"console": true, "types": ["virtual"], "findings": []},
  "frank": {"console": false, "types": [], "findings": ["IAM.19"]}'
echo "{\"$account_a\": {$users_a}}" >"$work_dir/expected_a.json"
echo "{\"$account_a\": {$users_a}, \"$account_b\": {$users_b}}" >"$work_dir/expected_ab.json"

# --- by default, the credentials' account
output=$(ansible-playbook "$runbook" -e "report_dir=$work_dir/own" 2>&1) || fail "auditing the credentials' account failed" "$output"
expect "one line for the account" "ACCOUNT $account_a: 6 users, 4 with a console password, 2 with MFA (1 virtual, 1 hardware, 0 FIDO); IAM.5 (console without MFA): 3, IAM.19 (no MFA): 4; root MFA: none (IAM.9); unassigned virtual MFA devices: 1." "$output"
expect "a line per non-compliant user" "NON-COMPLIANT $account_a bob: IAM.5 Console password without MFA; IAM.19 No MFA device" "$output"
expect "a line per non-compliant user (IAM.19 only)" "NON-COMPLIANT $account_a carol: IAM.19 No MFA device" "$output"
refute "compliant users have no line" "NON-COMPLIANT $account_a alice" "$output"
expect "the report's paths" "REPORT: $work_dir/own/mfa_audit.html and $work_dir/own/mfa_audit.csv." "$output"
expect "what next" "NEXT: Ask the NON-COMPLIANT users to enrol an MFA device.*cleanup_orphaned_mfa_devices" "$output"
no_traceback "the default run" "$output"
"$runbook_python" check_report.py "$work_dir/own" "$work_dir/expected_a.json" || fail "the report of the credentials' account"

# --- several accounts; a role that cannot be assumed is reported, the others still run, exit non-zero.
# The emulator's STS lets any role be assumed; an ARN shorter than STS's API model allows fails.
bad_role="arn:aws:iam::1:role"
status=0
output=$(ansible-playbook "$runbook" -e "report_dir=$work_dir/multi" \
    -e "{\"accounts\": [\"arn:aws:iam::$account_a:role/MfaAudit\", \"$bad_role\", \"arn:aws:iam::$account_b:role/MfaAudit\"]}" 2>&1) || status=$?
[[ $status -ne 0 ]] || fail "a role that could not be assumed, and the runbook exited 0" "$output"
expect "account A audited" "ACCOUNT $account_a: 6 users" "$output"
expect "account B audited after the failure" "ACCOUNT $account_b: 2 users, 1 with a console password, 1 with MFA (1 virtual, 0 hardware, 0 FIDO); IAM.5 (console without MFA): 0, IAM.19 (no MFA): 1" "$output"
expect "the role that could not be assumed is named" "NOT AUDITED: $bad_role: could not assume the role: " "$output"
expect "the failure says how many" "FAILED: 1 of 3 account(s) not audited" "$output"
refute "no credentials in the output" "$(account_helper assume "arn:aws:iam::$account_b:role/x" | sed -n "s/^AWS_SECRET_ACCESS_KEY=//p" | cut -c1-12)" "$output"
refute "no secret key in the output" "sts_creds\|secret_key\"\: \"[^*]" "$output"
no_traceback "the multi-account run" "$output"
"$runbook_python" check_report.py "$work_dir/multi" "$work_dir/expected_ab.json" || fail "the multi-account report"
grep -q "$bad_role" "$work_dir/multi/mfa_audit.html" || fail "the HTML report does not name the role not audited"
if [[ -n ${REPORT_COPY_DIR:-} ]]; then
    mkdir -p "$REPORT_COPY_DIR"
    cp "$work_dir/multi/mfa_audit.html" "$work_dir/multi/mfa_audit.csv" "$REPORT_COPY_DIR/"
fi

# --- accounts as one string (an AWX textarea answer): both audited, exit 0
output=$(ansible-playbook "$runbook" -e "accounts='arn:aws:iam::$account_b:role/MfaAudit, arn:aws:iam::$account_a:role/MfaAudit'" 2>&1) \
    || fail "two roles given as one string" "$output"
expect "string form: account A" "ACCOUNT $account_a: 6 users" "$output"
expect "string form: account B" "ACCOUNT $account_b: 2 users" "$output"

# --- check mode: audits (reads only), writes no report
account_helper clear-calls
# (audit_line_limit, a play variable, caps the NON-COMPLIANT lines: 100 by default, 2 here)
output=$(ansible-playbook "$runbook" --check -e "report_dir=$work_dir/check" -e audit_line_limit=2 2>&1) || fail "check mode failed" "$output"
[[ $(grep -c '"NON-COMPLIANT ' <<<"$output") -eq 2 ]] || fail "the NON-COMPLIANT lines are not capped at 2" "$output"
expect "the cap says how many more" "\.\.\. and 2 more non-compliant users: see the report" "$output"
expect "check mode audits" "ACCOUNT $account_a: 6 users" "$output"
expect "check mode says it would write the report" "CHECK MODE: would write $work_dir/check/mfa_audit.html" "$output"
[[ ! -e $work_dir/check ]] || fail "check mode wrote $work_dir/check"
# GenerateCredentialReport only (re)builds the report IAM keeps for reading; nothing else is written.
refute "check mode: no write call" "^\(Create\|Delete\|Deactivate\|Enable\|Tag\|Untag\|Update\|Put\|Attach\|Detach\)" "$(account_helper calls)"
