#!/usr/bin/env bash
# mfaops.aws.iam_mfa_device_resync as an operator types it in an incident: ad-hoc commands.
set -euo pipefail

vars=(-e @../../integration_config.yml)
connection='endpoint_url={{ aws_endpoint_url }} access_key={{ aws_access_key }} secret_key={{ aws_secret_key }} region={{ aws_region }}'
user_name="adhoc-${RANDOM}${RANDOM}"
# A hardware serial: the emulator accepts any well-formed codes for it, so leading zeros can be tried freely.
serial_number="GAHT$(printf '%08d' "$RANDOM")"

# adhoc MODULE 'KEY=VALUE ...' [ANSIBLE OPTION...]
adhoc() {
    local module=$1 arguments=$2
    shift 2
    ansible localhost -m "$module" -a "$arguments $connection" "${vars[@]}" "$@"
}

cleanup() {
    adhoc mfaops.aws.iam_mfa_device "user_name=$user_name serial_number=$serial_number state=absent" >/dev/null || true
    adhoc amazon.aws.iam_user "name=$user_name state=absent" >/dev/null || true
}
trap cleanup EXIT

expect() {
    local description=$1 pattern=$2 output=$3
    if ! grep -q -- "$pattern" <<<"$output"; then
        echo "FAILED: $description: no match for '$pattern' in:" >&2
        echo "$output" >&2
        exit 1
    fi
    echo "ok: $description"
}

adhoc amazon.aws.iam_user "name=$user_name state=present" >/dev/null
adhoc mfaops.aws.iam_mfa_device "user_name=$user_name serial_number=$serial_number authentication_code_1=100000 authentication_code_2=100001" >/dev/null

# key=value arguments keep leading zeros: the module accepts nothing but six digits,
# so a code that lost its zero (12345) would fail validation instead of resyncing.
output=$(adhoc mfaops.aws.iam_mfa_device_resync "user_name=$user_name serial_number=$serial_number authentication_code_1=012345 authentication_code_2=009876")
expect "codes with leading zeros in key=value arguments resync" '"changed": true' "$output"
expect "the result names the device" "\"serial_number\": \"$serial_number\"" "$output"

# The README's form: codes through -e, so that a failure's echo of -a shows no code.
output=$(adhoc mfaops.aws.iam_mfa_device_resync "user_name=$user_name authentication_code_1={{ code_1 }} authentication_code_2={{ code_2 }}" -e code_1=012345 -e code_2=009876)
expect "codes through -e keep leading zeros, serial discovered" "\"serial_number\": \"$serial_number\"" "$output"

output=$(adhoc mfaops.aws.iam_mfa_device_resync "user_name=$user_name authentication_code_1=012345 authentication_code_2=009876" --check)
expect "check mode predicts a change" '"changed": true' "$output"

# A failure: readable msg, structured error, and no code in the output.
status=0
output=$(adhoc mfaops.aws.iam_mfa_device_resync "user_name=$user_name-missing authentication_code_1={{ code_1 }} authentication_code_2={{ code_2 }}" \
    -e code_1=031415 -e code_2=092653 2>&1) || status=$?
[[ $status -ne 0 ]] || { echo "FAILED: resync for a missing user succeeded" >&2; exit 1; }
expect "a missing user fails with NoSuchEntity" '"code": "NoSuchEntity"' "$output"
expect "the failure says what to do" "Check user_name" "$output"
if grep -q -e 031415 -e 092653 <<<"$output"; then
    echo "FAILED: a code appears in the output of a failed ad-hoc resync:" >&2
    echo "$output" >&2
    exit 1
fi
echo "ok: no code in the output of a failed ad-hoc resync"
