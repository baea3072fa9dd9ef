# shellcheck shell=bash
# Sourced by the runbook targets' runme.sh (bash, set -euo pipefail): an account of the
# target's own in the IAM emulator, the operator's environment, and assertions.
#
#   source ../setup_runbook_account/runbook-lib.sh
#   use_own_account        # AWS_* credentials of a fresh account (STS AssumeRole), AWS_URL
#   account_helper CMD...  # runbook_account.py with those credentials
#   expect DESCRIPTION PATTERN OUTPUT / refute ... / fail MESSAGE [DETAIL]

runbook_config=../../integration_config.yml
runbook_helper=../setup_runbook_account/runbook_account.py
runbook_python=${ANSIBLE_TEST_PYTHON_INTERPRETER:-python}

config_value() {
    sed -n "s/^$1: \"\(.*\)\"\$/\1/p" "$runbook_config"
}

account_helper() {
    "$runbook_python" "$runbook_helper" "$runbook_config" "$@"
}

# A new 12-digit account ID each call.
random_account_id() {
    printf '%04d%04d%04d' $((RANDOM % 10000)) $((RANDOM % 10000)) $((RANDOM % 10000))
}

# What an operator's shell (or AWX's credential) has: credentials, region and endpoint in
# environment variables, nothing in the play. The credentials are those of an account of
# this target's own. Any request not for 127.0.0.1 goes to a proxy that does not exist.
use_own_account() {
    unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_ENDPOINT_URL AWS_ENDPOINT_URL_IAM AWS_SECURITY_TOKEN AWS_SESSION_TOKEN
    export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_REGION AWS_URL
    AWS_REGION=$(config_value aws_region)
    AWS_URL=$(config_value aws_endpoint_url)
    AWS_ACCESS_KEY_ID=$(config_value aws_access_key)
    AWS_SECRET_ACCESS_KEY=$(config_value aws_secret_key)
    runbook_account_id=${1:-$(random_account_id)}
    eval "$(account_helper assume "arn:aws:iam::$runbook_account_id:role/mfaops-runbook-test")"
    export HTTPS_PROXY=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9 http_proxy=http://127.0.0.1:9
    export NO_PROXY=127.0.0.1 no_proxy=127.0.0.1
    export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
}

fail() {
    echo "FAILED: $1" >&2
    if [[ $# -gt 1 ]]; then echo "$2" >&2; fi
    exit 1
}

expect() {
    local description=$1 pattern=$2 output=$3
    grep -q -- "$pattern" <<<"$output" || fail "$description: no match for '$pattern' in:" "$output"
    echo "ok: $description"
}

refute() {
    local description=$1 pattern=$2 output=$3
    if grep -q -- "$pattern" <<<"$output"; then fail "$description: '$pattern' found in:" "$output"; fi
    echo "ok: $description"
}

no_traceback() {
    local description=$1 output=$2
    if grep -q -e Traceback -e 'MODULE FAILURE' <<<"$output"; then fail "a traceback in the output of $description" "$output"; fi
}
