#!/usr/bin/env bash
# Run a command while the IAM emulator (tests/iam_emulator) serves on 127.0.0.1.
# Called by tests/utils/run-ansible-test.sh --iam-emulator (make integration), make demo,
# tests/ecosystem/artifact.sh and tests/ecosystem/report-browser.sh.
#
# Usage: tests/utils/with-iam-emulator.sh PYTHON COLLECTION_DIR COMMAND [ARG...]
#
# Starts `PYTHON -m iam_emulator` from COLLECTION_DIR/tests on a free port, waits
# (at most IAM_EMULATOR_READY_TIMEOUT seconds, default 30) for its ready file,
# writes COLLECTION_DIR/tests/integration/integration_config.yml (ansible-test
# passes it to the integration targets as extra vars), runs COMMAND, and stops
# the emulator when this script exits, whether COMMAND passed, failed or was
# interrupted.  The emulator's log is COLLECTION_DIR/tests/output/iam-emulator/emulator.log.
# Exits with COMMAND's exit status.
set -euo pipefail

if [[ $# -lt 3 ]]; then
    echo "usage: $0 PYTHON COLLECTION_DIR COMMAND [ARG...]" >&2
    exit 2
fi

python=$1
collection_dir=$2
shift 2

ready_timeout=${IAM_EMULATOR_READY_TIMEOUT:-30}
stop_timeout=10
state_dir=$collection_dir/tests/output/iam-emulator
ready_file=$state_dir/ready
log_file=$state_dir/emulator.log
config_file=$collection_dir/tests/integration/integration_config.yml
emulator_pid=

show_log() {
    echo "----- IAM emulator log ($log_file) -----" >&2
    cat "$log_file" >&2 || true
    echo "----- end of IAM emulator log -----" >&2
}

stop_emulator() {
    local status=$?
    trap - EXIT INT TERM HUP
    if [[ -n $emulator_pid ]] && kill -0 "$emulator_pid" 2>/dev/null; then
        echo "Stopping IAM emulator (pid $emulator_pid)"
        kill -TERM "$emulator_pid" 2>/dev/null || true
        local waited=0
        while kill -0 "$emulator_pid" 2>/dev/null && ((waited < stop_timeout * 10)); do
            sleep 0.1
            waited=$((waited + 1))
        done
        if kill -0 "$emulator_pid" 2>/dev/null; then
            echo "IAM emulator did not stop within ${stop_timeout}s of SIGTERM; killing it" >&2
            kill -KILL "$emulator_pid" 2>/dev/null || true
        fi
        wait "$emulator_pid" 2>/dev/null || true
    fi
    exit "$status"
}

trap stop_emulator EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

rm -rf "$state_dir"
mkdir -p "$state_dir" "$(dirname "$config_file")"

PYTHONPATH="$collection_dir/tests${PYTHONPATH:+:$PYTHONPATH}" \
    "$python" -m iam_emulator --host 127.0.0.1 --port 0 --ready-file "$ready_file" \
    </dev/null >"$log_file" 2>&1 &
emulator_pid=$!
echo "Started IAM emulator (pid $emulator_pid), waiting up to ${ready_timeout}s for $ready_file"

url=
deadline=$((SECONDS + ready_timeout))
while :; do
    if [[ -s $ready_file ]]; then
        url=$(head -n 1 "$ready_file" | tr -d '[:space:]')
        if [[ $url =~ ^http://127\.0\.0\.1:[0-9]+$ ]]; then
            break
        fi
    fi
    if ! kill -0 "$emulator_pid" 2>/dev/null; then
        status=0
        wait "$emulator_pid" || status=$?
        emulator_pid=
        echo "$0: the IAM emulator exited (status $status) before it was ready" >&2
        show_log
        exit 1
    fi
    if ((SECONDS >= deadline)); then
        echo "$0: the IAM emulator did not write a URL to $ready_file within ${ready_timeout}s" >&2
        show_log
        exit 1
    fi
    sleep 0.1
done
echo "IAM emulator ready at $url"

cat >"$config_file" <<CONFIG
# Written by tests/utils/with-iam-emulator.sh for this test run; do not edit.
aws_endpoint_url: "$url"
aws_access_key: "AKIAMFAOPSTESTING000"
aws_secret_key: "mfaops-testing-secret-key"
aws_region: "us-east-1"
emulator_control_url: "$url/_emulator"
CONFIG

# Last command: with set -e its exit status is the script's (seen by stop_emulator).
"$@"
