#!/usr/bin/env bash
# Faults through ansible-playbook, as an operator would meet them in an incident:
#  - IAM errors injected through the emulator's fault switch (iam_faults.yml): retried
#    errors succeed or fail after exactly the retry policy's calls, within its time bound;
#    other errors fail after one call with the structured error and advice;
#  - broken endpoints (fake_endpoints.py): closed port, non-XML answer, XHTML answer with
#    HTTP 200, HTML 502, connection closed without an answer: each fails with a clear
#    message, no traceback, in bounded time.
# Figures (calls, seconds) go to $OUTPUT_DIR (set by ansible-test) and to stdout.
set -euo pipefail

config=../../integration_config.yml
work_dir=$(mktemp -d)
output_dir=${OUTPUT_DIR:-$work_dir}
endpoints_pid=

cleanup() {
    if [[ -n $endpoints_pid ]]; then
        kill "$endpoints_pid" 2>/dev/null || true
        wait "$endpoints_pid" 2>/dev/null || true
    fi
    rm -rf "$work_dir"
}
trap cleanup EXIT

export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false

no_traceback() {
    local description=$1 output_file=$2
    if grep -n -e Traceback -e 'MODULE FAILURE' "$output_file"; then
        echo "FAILED: $description: a traceback or MODULE FAILURE in the output:" >&2
        cat "$output_file" >&2
        exit 1
    fi
}

# --- IAM errors
faults_output=$work_dir/iam_faults.out
figures_file=$output_dir/reliability_faults_iam.json
ansible-playbook iam_faults.yml -e @"$config" -e figures_file="$figures_file" "$@" >"$faults_output" 2>&1 ||
    { cat "$faults_output" >&2; echo "FAILED: iam_faults.yml" >&2; exit 1; }
no_traceback "IAM errors" "$faults_output"
echo "ok: IAM error cases (figures: $figures_file)"
python -c '
import json, sys
print("| fault injected | outcome | error.code | HTTP | ResyncMFADevice calls | seconds |")
print("| --- | --- | --- | --- | --- | --- |")
for f in json.load(open(sys.argv[1])):
    times = "every call" if f["injected"] >= 100 else "%d x" % f["injected"]
    print("| %s %s | %s | %s | %s | %d | %.2f |" % (times, f["fault"], f["outcome"], f["error_code"] or "-", f["http_status"], f["resync_calls"], f["seconds"]))
' "$figures_file"

# --- broken endpoints
python fake_endpoints.py "$work_dir/ports" &
endpoints_pid=$!
for _ in $(seq 100); do [[ -s $work_dir/ports ]] && break; sleep 0.1; done
[[ -s $work_dir/ports ]] || { echo "FAILED: fake endpoints did not start" >&2; exit 1; }

echo "| endpoint | message | seconds (whole ansible-playbook run) |"
echo "| --- | --- | --- |"
# NAME EXPECTED_MESSAGE [SERIAL]: with a serial number the module calls ResyncMFADevice
# (no output shape), without one ListMFADevices (a result to parse).
while read -r name message serial more; do
    port=$(awk -v name="$name" '$1 == name { print $2 }' "$work_dir/ports")
    output_file=$work_dir/$name-$serial.out
    extra=()
    [[ $serial == - ]] || extra=(-e serial="$serial")
    [[ -z ${more:-} ]] || extra+=(-e "$more")
    started=$EPOCHREALTIME
    ansible-playbook broken_endpoint.yml -e @"$config" -e broken_endpoint_url="http://127.0.0.1:$port" \
        -e expected_message="${message//_/ }" "${extra[@]}" "$@" >"$output_file" 2>&1 ||
        { cat "$output_file" >&2; echo "FAILED: broken endpoint $name" >&2; exit 1; }
    seconds=$(python -c "import sys; print('%.1f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$started" "$EPOCHREALTIME")
    no_traceback "endpoint $name" "$output_file"
    python -c "import sys; assert float(sys.argv[1]) < 60, sys.argv[1]" "$seconds"
    echo "| $name (${serial/-/serial discovery}) | ${message//_/ } | $seconds |"
done <<'CASES'
closed could_not_be_reached GAHT27182818
closed could_not_be_reached -
garbage is_not_an_IAM_response GAHT27182818
garbage is_not_an_IAM_response -
xhtml is_not_an_IAM_response GAHT27182818
xhtml is_not_an_IAM_response -
html500 (502) GAHT27182818 iam_error_expected=true
hangup could_not_be_reached GAHT27182818
hangup could_not_be_reached -
CASES
echo "ok: broken endpoints"
