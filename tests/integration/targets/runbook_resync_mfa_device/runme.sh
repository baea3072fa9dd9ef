#!/usr/bin/env bash
# shellcheck disable=SC2154  # runbook_config, runbook_python, runbook_account_id: set by runbook-lib.sh
# The helpdesk runbook, run by its FQCN as after installation (ansible-playbook
# mfaops.aws.resync_mfa_device): unattended with -e, credentials and endpoint from the
# standard AWS environment variables, and once through its prompts in a pseudo-terminal.
set -euo pipefail

source ../setup_runbook_account/runbook-lib.sh
config=$runbook_config

runbook_user="runbook-${RANDOM}${RANDOM}"
work_dir=$(mktemp -d)
chmod 700 "$work_dir"
setup_vars=(-e "@$config" -e "runbook_user=$runbook_user" -e "seed_file=$work_dir/seed" -e "serial_file=$work_dir/serial")

cleanup() {
    ansible-playbook setup.yml "${setup_vars[@]}" -e state=absent >/dev/null || true
    rm -rf "$work_dir"
}
trap cleanup EXIT

# What an operator's shell has: credentials, region and endpoint in amazon.aws's environment
# variables, nothing in the play. Any request that is not for the emulator on 127.0.0.1
# goes to a proxy that does not exist, so a lost endpoint fails here rather than reaching AWS.
export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_REGION AWS_URL
AWS_ACCESS_KEY_ID=$(config_value aws_access_key)
AWS_SECRET_ACCESS_KEY=$(config_value aws_secret_key)
AWS_REGION=$(config_value aws_region)
AWS_URL=$(config_value aws_endpoint_url)
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_ENDPOINT_URL AWS_ENDPOINT_URL_IAM
export HTTPS_PROXY=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9 http_proxy=http://127.0.0.1:9
export NO_PROXY=127.0.0.1 no_proxy=127.0.0.1

# no_code_in OUTPUT DESCRIPTION CODE...: none of the codes appears in the output.
no_code_in() {
    local output=$1 description=$2
    shift 2
    local code
    for code in "$@"; do
        if grep -q -- "$code" <<<"$output"; then
            fail "a code appears in the output of $description"
        fi
    done
    if grep -q "Traceback" <<<"$output"; then
        fail "a traceback in the output of $description" "$output"
    fi
    echo "ok: no code and no traceback in the output of $description"
}

# two_codes: two consecutive codes of the device, from the mfaops.aws.totp lookup (never printed).
two_codes() {
    local output
    output=$(ansible localhost -o -m ansible.builtin.debug \
        -a "msg={{ query('mfaops.aws.totp', lookup('ansible.builtin.file', seed_file), count=2) | join(' ') }}" \
        -e "seed_file=$work_dir/seed")
    grep -oE '"msg": "[0-9]{6} [0-9]{6}"' <<<"$output" | grep -oE '[0-9]{6} [0-9]{6}' \
        || fail "the totp lookup gave no codes"
}

ansible-playbook setup.yml "${setup_vars[@]}" -e state=present >/dev/null
serial_number=$(cat "$work_dir/serial")
[[ $serial_number == arn:aws:iam::*:mfa/$runbook_user ]] || fail "setup wrote no serial number"

# --- unattended, codes with -e, serial number discovered
read -r code_1 code_2 <<<"$(two_codes)"
output=$(ansible-playbook mfaops.aws.resync_mfa_device -e "user_name=$runbook_user" \
    -e "authentication_code_1=$code_1" -e "authentication_code_2=$code_2" 2>&1) \
    || fail "the runbook failed with the device's codes" "$output"
expect "the runbook resyncs, in one line naming the device it discovered" \
    "\"msg\": \"OK: resynchronized MFA device $serial_number of IAM user $runbook_user. Ask the user" "$output"
[[ $(grep -c '"msg": ' <<<"$output") -eq 1 ]] || fail "the runbook printed more than one message" "$output"
no_code_in "$output" "a successful run" "$code_1" "$code_2"

calls=$(ansible localhost -o -m ansible.builtin.uri -a "url=$(config_value emulator_control_url)/calls")
expect "the resync reached the emulator through AWS_URL" '"action": "ResyncMFADevice"' "$calls"

# --- wrong codes: one line with the error code and what to do, a non-zero exit
status=0
output=$(ansible-playbook mfaops.aws.resync_mfa_device -e "user_name=$runbook_user" \
    -e authentication_code_1=031415 -e authentication_code_2=092653 2>&1) || status=$?
[[ $status -ne 0 ]] || fail "the runbook succeeded with wrong codes" "$output"
expect "wrong codes: the failure line names IAM's error" \
    "\"msg\": \"FAILED: Could not resync MFA device $serial_number of user $runbook_user (InvalidAuthenticationCode)" "$output"
expect "wrong codes: the failure line says what to do" "Wait until the device shows a new code, note it and the one that follows it" "$output"
[[ $(grep -c '"msg": ' <<<"$output") -eq 1 ]] || fail "the failed runbook printed more than one message" "$output"
no_code_in "$output" "a run with wrong codes" 031415 092653

# --- a missing user: IAM's NoSuchEntity and the advice to check the name
status=0
output=$(ansible-playbook mfaops.aws.resync_mfa_device -e "user_name=$runbook_user-missing" \
    -e authentication_code_1=031415 -e authentication_code_2=092653 2>&1) || status=$?
[[ $status -ne 0 ]] || fail "the runbook succeeded for a missing user" "$output"
expect "a missing user: NoSuchEntity and what to check" "(NoSuchEntity). IAM does not know this user. Check user_name" "$output"
no_code_in "$output" "a run for a missing user" 031415 092653

# --- codes not given and no terminal to ask: a clear failure before any AWS call
status=0
output=$(ansible-playbook mfaops.aws.resync_mfa_device -e "user_name=$runbook_user" </dev/null 2>&1) || status=$?
[[ $status -ne 0 ]] || fail "the runbook succeeded without codes" "$output"
expect "codes missing: the failure names them" '"msg": "FAILED: authentication_code_1, authentication_code_2 not given' "$output"

# --- boto3's AWS_ENDPOINT_URL instead of AWS_URL, the serial number given, check mode
read -r code_1 code_2 <<<"$(two_codes)"
output=$(env -u AWS_URL AWS_ENDPOINT_URL="$(config_value aws_endpoint_url)" \
    ansible-playbook mfaops.aws.resync_mfa_device --check -e "user_name=$runbook_user" -e "serial_number=$serial_number" \
    -e "authentication_code_1=$code_1" -e "authentication_code_2=$code_2" 2>&1) \
    || fail "the runbook failed in check mode with AWS_ENDPOINT_URL" "$output"
expect "check mode, endpoint from AWS_ENDPOINT_URL: one line saying what would happen" \
    "\"msg\": \"CHECK MODE: would resynchronize MFA device $serial_number of IAM user $runbook_user.\"" "$output"
no_code_in "$output" "a check mode run" "$code_1" "$code_2"

# --- interactively: the prompts answered in a pseudo-terminal, the codes typed without echo
read -r code_1 code_2 <<<"$(two_codes)"
status=0
output=$(PROMPT_1_TEXT="IAM user name" PROMPT_1_ANSWER="$runbook_user" \
    PROMPT_2_TEXT="Code shown on the device now" PROMPT_2_ANSWER="$code_1" \
    PROMPT_3_TEXT="Wait for the next code" PROMPT_3_ANSWER="$code_2" \
    "${ANSIBLE_TEST_PYTHON_INTERPRETER:-python}" prompt_driver.py ansible-playbook mfaops.aws.resync_mfa_device 2>&1) || status=$?
[[ $status -eq 0 ]] || fail "the runbook failed when answered at its prompts (status $status)" "$output"
expect "interactive: all three prompts were shown" "Wait for the next code, then type it" "$output"
expect "interactive: the runbook resyncs" "\"msg\": \"OK: resynchronized MFA device $serial_number of IAM user $runbook_user." "$output"
no_code_in "$output" "an interactive run (the codes are typed without echo)" "$code_1" "$code_2"
