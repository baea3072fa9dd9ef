#!/usr/bin/env bash
# shellcheck disable=SC2154  # runbook_config, runbook_python, runbook_account_id: set by runbook-lib.sh
# Each runbook through `ansible-runner run`, as an AWX job template with a survey runs it:
#   project/main.yml   - ansible.builtin.import_playbook: mfaops.aws.RUNBOOK
#   env/envvars        AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SECURITY_TOKEN (AWX's
#                      Amazon Web Services credential injector), AWS_URL, AWS_REGION and
#                      ANSIBLE_COLLECTIONS_PATH; nothing AWS_* comes from this shell
#   env/extravars      the survey's answers (AWX sends "" for an optional text question left empty)
# Each run must succeed, and no code, seed or secret key may appear in its artifacts.
set -euo pipefail
source ../setup_runbook_account/runbook-lib.sh
use_own_account
work_dir=$(mktemp -d)
chmod 700 "$work_dir"
trap 'rm -rf "$work_dir"' EXIT

# The collection as ansible-playbook finds it here, for ANSIBLE_COLLECTIONS_PATH in the job.
collections_path=${ANSIBLE_COLLECTIONS_PATH:-$(cd ../../../../../../.. && pwd)}
ansible-galaxy collection list mfaops.aws -p "${collections_path%%:*}" 2>/dev/null | grep -q '^mfaops\.aws ' \
    || fail "mfaops.aws is not under $collections_path"

account_helper user runner-user virtual "$work_dir/seed" >/dev/null
account_helper orphan runner-orphan >/dev/null
secret_key=$AWS_SECRET_ACCESS_KEY
session_token=$AWS_SESSION_TOKEN

# job RUNBOOK EXTRAVARS_JSON: a private data directory for the job; prints its path.
job() {
    local runbook=$1 extravars=$2 dir=$work_dir/$1
    mkdir -p "$dir/project" "$dir/env"
    printf -- '---\n- name: %s as an AWX job\n  ansible.builtin.import_playbook: mfaops.aws.%s\n' "$runbook" "$runbook" >"$dir/project/main.yml"
    "$runbook_python" - "$dir/env/envvars" <<PYTHON
import json, os, sys
envvars = {"AWS_ACCESS_KEY_ID": os.environ["AWS_ACCESS_KEY_ID"], "AWS_SECRET_ACCESS_KEY": os.environ["AWS_SECRET_ACCESS_KEY"],
           "AWS_SECURITY_TOKEN": os.environ["AWS_SESSION_TOKEN"], "AWS_URL": os.environ["AWS_URL"],
           "AWS_REGION": os.environ["AWS_REGION"], "ANSIBLE_COLLECTIONS_PATH": "$collections_path",
           "ANSIBLE_LOCALHOST_WARNING": "false", "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false"}
with open(os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as handle:
    json.dump(envvars, handle)  # JSON is YAML
PYTHON
    printf '%s\n' "$extravars" >"$dir/env/extravars"
    echo "$dir"
}

# run_job DIR DESCRIPTION SECRET...: ansible-runner run, in an environment with no AWS_*
# variable (everything comes from env/envvars), then the checks on its artifacts.
run_job() {
    local dir=$1 description=$2
    shift 2
    local status=0 output
    output=$(env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN -u AWS_SECURITY_TOKEN -u AWS_URL \
        -u AWS_REGION -u ANSIBLE_COLLECTIONS_PATH \
        "$runbook_python" -m ansible_runner run "$dir" -p main.yml --ident job 2>&1) || status=$?
    local artifacts=$dir/artifacts/job
    [[ $status -eq 0 && $(cat "$artifacts/rc") == 0 && $(cat "$artifacts/status") == successful ]] \
        || fail "$description: the job did not succeed (exit $status, rc $(cat "$artifacts/rc" 2>/dev/null), status $(cat "$artifacts/status" 2>/dev/null))" "$output"
    ls "$artifacts"/job_events/*.json >/dev/null || fail "$description: no job events"
    local secret
    for secret in "$@" "$secret_key" "$session_token"; do
        # stdout and the job events: what AWX shows and stores for the job
        if grep -rqF -- "$secret" "$artifacts/stdout" "$artifacts/job_events"; then
            fail "$description: a code, seed or secret appears in the job's stdout or events"
        fi
    done
    no_traceback "$description" "$(cat "$artifacts/stdout")"
    echo "ok: $description: successful, $(find "$artifacts/job_events" -name "*.json" | wc -l) events, no code, seed or secret in them"
}

stdout_of() {
    cat "$work_dir/$1/artifacts/job/stdout"
}

seed=$(cat "$work_dir/seed")
serial="arn:aws:iam::$runbook_account_id:mfa/runner-user"

# --- resync: the survey's two password questions and the user name (serial_number left empty)
read -r code_1 code_2 <<<"$(account_helper codes "$work_dir/seed")"
dir=$(job resync_mfa_device "{\"user_name\": \"runner-user\", \"serial_number\": \"\", \"authentication_code_1\": \"$code_1\", \"authentication_code_2\": \"$code_2\"}")
run_job "$dir" "resync_mfa_device" "$code_1" "$code_2" "$seed"
expect "resync: the job resynchronized the device" "OK: resynchronized MFA device $serial of IAM user runner-user" "$(stdout_of resync_mfa_device)"
expect "resync: the emulator saw ResyncMFADevice" "^ResyncMFADevice$" "$(account_helper calls)"

# --- reset
dir=$(job reset_mfa_device '{"user_name": "runner-user", "serial_number": ""}')
run_job "$dir" "reset_mfa_device" "$seed"
expect "reset: the device is deactivated and deleted" "DEACTIVATED and DELETED (virtual device): $serial" "$(stdout_of reset_mfa_device)"

# --- cleanup (keep left empty)
dir=$(job cleanup_orphaned_mfa_devices '{"keep": ""}')
run_job "$dir" "cleanup_orphaned_mfa_devices"
expect "cleanup: the orphan is deleted" "DELETED: arn:aws:iam::$runbook_account_id:mfa/runner-orphan" "$(stdout_of cleanup_orphaned_mfa_devices)"

# --- audit report, in the job's own account, with a report directory
dir=$(job mfa_audit_report "{\"accounts\": \"\", \"report_dir\": \"$work_dir/report\"}")
run_job "$dir" "mfa_audit_report"
expect "audit: the account's line" "ACCOUNT $runbook_account_id: 1 users" "$(stdout_of mfa_audit_report)"
[[ -s $work_dir/report/mfa_audit.html && -s $work_dir/report/mfa_audit.csv ]] || fail "audit: the job wrote no report"
echo "ok: the audit job wrote its report"
