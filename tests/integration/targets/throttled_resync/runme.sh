#!/usr/bin/env bash
# Throttled load: USERS users' hardware tokens (seeds registered with the emulator, so their
# codes are checked) resynced by one playbook with FORKS forks while the IAM emulator allows
# RATE ResyncMFADevice calls a second and takes codes of at most WINDOW steps from now. Every
# user must be resynced with the module's own retries (AWSRetry: 10 attempts), none may fail.
# RUNS runs, each with new users; every run prints one "run N: ..." line; the target fails if any did.
set -uo pipefail

users=${THROTTLED_USERS:-40}
forks=${THROTTLED_FORKS:-20}
rate=${THROTTLED_RATE:-4}
# Codes must be accepted within 2 steps of the step they were taken in (60 to 90 s): stricter than IAM needs to be for
# resync (it exists for drifted clocks), loose enough for the 20 to 40 s a module takes to start here (docs/reliability.md).
window=${THROTTLED_CODE_WINDOW_STEPS:-2}
runs=${THROTTLED_RUNS:-1}
work_dir=$(mktemp -d)
python=$(command -v python)
trap '"$python" throttled_account.py reset >/dev/null || true; rm -rf "$work_dir"' EXIT

held=0
for run in $(seq 1 "$runs"); do
    run_id=$RANDOM$RANDOM
    started=$SECONDS
    if "$python" throttled_account.py setup "$run_id" "$users" "$python" >"$work_dir/inventory" \
        && ANSIBLE_LOCALHOST_WARNING=false ansible-playbook -i "$work_dir/inventory" -f "$forks" throttled.yml \
            -e @../../integration_config.yml -e "rate=$rate window=$window" "$@" >"$work_dir/output" 2>&1; then
        held=$((held + 1))
        outcome=held
    else
        causes=$(grep -o '"error": {"code": "[A-Za-z]*"' "$work_dir/output" | sed 's/.*"code": //' | sort | uniq -c | tr -s ' \n' ' ')
        outcome="FAILED (module errors:${causes:- none})"
        cat "$work_dir/output"
    fi
    figures=$(grep -o 'THROTTLED-RESULT[^"]*' "$work_dir/output" | head -n 1)
    echo "run $run: $outcome in $((SECONDS - started)) s; ${figures:-no figures (the playbook stopped before its report)}"
    "$python" throttled_account.py reset >/dev/null
done
echo "throttled_resync: $held of $runs runs held ($users users, $forks forks, $rate ResyncMFADevice calls a second, code window $window steps)"
[[ $held -eq $runs ]]
