#!/usr/bin/env bash
# No code or seed in anything a person or a log collector reads: the playbook
# (secrets.yml) runs every module and the totp lookup with -vvvv, ANSIBLE_DEBUG=1 and
# ANSIBLE_LOG_PATH; stdout, stderr and the log file are then searched for every secret.
set -euo pipefail

work_dir=$(mktemp -d)
trap 'rm -rf "$work_dir"' EXIT
secrets_file=$work_dir/secrets
log_file=$work_dir/ansible.log

# Distinctive values; the seeds the emulator makes and the codes the lookup computes
# come back from the playbook in $secrets_file.
wrong_code_1=271828
wrong_code_2=314159
fixed_seed=MFAOPSFIXEDSEEDQWERTYZXCVBNMJKLP
bad_seed=MFAOPS0189NOTBASE32SEED

# Through a vars file: ansible-core's -vvvv prints -e KEY=VALUE arguments as typed.
cat >"$work_dir/secret_vars.yml" <<VARS
wrong_code_1: "$wrong_code_1"
wrong_code_2: "$wrong_code_2"
fixed_seed: "$fixed_seed"
bad_seed: "$bad_seed"
secrets_file: "$secrets_file"
VARS

export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
# run NAME [ENV=VALUE...] -- [ANSIBLE-PLAYBOOK OPTION...]: secrets.yml, all output in $work_dir/NAME
run() {
    local name=$1
    shift
    local environment=()
    while [[ $1 != -- ]]; do environment+=("$1"); shift; done
    shift
    env "${environment[@]}" ansible-playbook secrets.yml -e @../../integration_config.yml -e @"$work_dir/secret_vars.yml" "$@" \
        >"$work_dir/$name" 2>&1 || { tail -n 100 "$work_dir/$name" >&2; echo "FAILED: secrets.yml ($name)" >&2; exit 1; }
}

# leaks FILE: the lines of FILE with a secret (seeds and chosen codes anywhere; codes the
# lookup computed, random six-digit numbers, only as a number of their own).
leaks() {
    local file=$1 secret
    mapfile -t runtime_secrets <"$secrets_file"
    [[ ${#runtime_secrets[@]} -eq 5 ]] || { echo "FAILED: expected a seed and four codes in $secrets_file" >&2; exit 1; }
    for secret in "$wrong_code_1" "$wrong_code_2" "$fixed_seed" "$bad_seed" "${runtime_secrets[0]}"; do
        grep -n -F -- "$secret" "$file" || true
    done
    for secret in "${runtime_secrets[@]:1}"; do
        grep -n -E -- "(^|[^0-9A-Za-z.:_-])${secret}([^0-9A-Za-z.:_-]|$)" "$file" || true
    done
}

# no_leaks FILE WHAT: fails, showing the lines, when FILE holds a secret.
no_leaks() {
    local file=$1 what=$2 found
    found=$(leaks "$file")
    if [[ -n $found ]]; then
        echo "$found" | cut -c1-300 >&2
        echo "FAILED: a code or seed in the $what" >&2
        exit 1
    fi
}

# 1. -vvvv and ANSIBLE_LOG_PATH: nothing at all.
run verbose ANSIBLE_LOG_PATH="$log_file" -- -vvvv
cat "$log_file" >>"$work_dir/verbose"
[[ -s $log_file ]] || { echo "FAILED: ANSIBLE_LOG_PATH wrote nothing" >&2; exit 1; }
grep -q 'ESTABLISH LOCAL CONNECTION' "$work_dir/verbose" || { echo "FAILED: no -vvvv output" >&2; exit 1; }
no_leaks "$work_dir/verbose" "-vvvv / log file output"
echo "ok: no code or seed in $(wc -l <"$work_dir/verbose") lines of -vvvv output and ANSIBLE_LOG_PATH file (9 secrets searched)"

# 2. ANSIBLE_DEBUG=1: ansible-core's debug trace prints every module's arguments
# ("_execute_module (NAME, {...})") and raw output ("stdout=" then the JSON) whatever
# no_log says. The collection's action plugins hand the modules their arguments in a form
# that prints secrets masked, and get a created device's seed back sealed: nothing at all.
run debug ANSIBLE_DEBUG=1 --
grep -q '_low_level_execute_command' "$work_dir/debug" || { echo "FAILED: no ANSIBLE_DEBUG output" >&2; exit 1; }
no_leaks "$work_dir/debug" "ANSIBLE_DEBUG output"
# The trace was searched where the secrets would have been: our modules' arguments, with the
# codes masked, and the creation's raw output, with the seed sealed.
module_lines=$(grep -c 'done with _execute_module (mfaops\.aws\.' "$work_dir/debug" || true)
masked_code_lines=$(grep -c "done with _execute_module (mfaops\.aws\..*'authentication_code_1': 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'" "$work_dir/debug" || true)
sealed_outputs=$(grep -c '"sealed_secrets": "' "$work_dir/debug" || true)
masked_seed_lines=$(grep -c "done with _execute_module (mfaops\.aws\..*'seed': 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'" "$work_dir/debug" || true)
[[ $module_lines -ge 14 && $masked_code_lines -ge 6 && $masked_seed_lines -ge 4 && $sealed_outputs -ge 1 ]] || {
    echo "FAILED: expected >= 14 traced mfaops.aws module runs ($module_lines), >= 6 with masked codes ($masked_code_lines)," \
         ">= 4 with a masked seed ($masked_seed_lines), a sealed creation ($sealed_outputs)" >&2
    exit 1
}
# The AWS secret key is no_log in every AWS module; ours print it masked too.
aws_secret_key=$(sed -n 's/^aws_secret_key: "\(.*\)"$/\1/p' ../../integration_config.yml)
[[ -n $aws_secret_key ]] || { echo "FAILED: no aws_secret_key in integration_config.yml" >&2; exit 1; }
if grep 'done with _execute_module (mfaops\.aws\.' "$work_dir/debug" | grep -q -F -- "$aws_secret_key"; then
    echo "FAILED: the AWS secret key in the trace of an mfaops.aws module's arguments" >&2
    exit 1
fi
echo "ok: no code or seed in $(wc -l <"$work_dir/debug") lines of ANSIBLE_DEBUG=1 output ($module_lines mfaops.aws module runs traced, $masked_code_lines with masked codes, $masked_seed_lines with a masked seed, $sealed_outputs sealed creation)"
