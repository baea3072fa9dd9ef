#!/usr/bin/env bash
# Parallel load: one playbook resyncs the devices of USERS users (one inventory host
# each, ansible_connection=local) with FORKS forks against one IAM emulator. The playbook
# checks the emulator's call log: one successful ResyncMFADevice per user, none lost or
# duplicated, and every host changed.
set -euo pipefail

users=${PARALLEL_USERS:-24}
forks=${PARALLEL_FORKS:-12}
work_dir=$(mktemp -d)
trap 'rm -rf "$work_dir"' EXIT
run_id=$RANDOM$RANDOM

{
    echo "[users]"
    for i in $(seq -w 1 "$users"); do
        printf 'user%s ansible_connection=local ansible_python_interpreter=%s user_name=parallel-%s-%s serial_number=GAHT%04d%s\n' \
            "$i" "$(command -v python)" "$run_id" "$i" "$((10#$i))" "$(printf '%04d' $((run_id % 10000)))"
    done
} >"$work_dir/inventory"

ANSIBLE_LOCALHOST_WARNING=false ansible-playbook -i "$work_dir/inventory" -f "$forks" parallel.yml \
    -e @../../integration_config.yml "$@" | tee "$work_dir/output"
grep -q "$users devices resynced with $forks forks" "$work_dir/output"
echo "ok: $users devices resynced with $forks forks, one ResyncMFADevice call each"
