"""Run one check of a `make test` stage and record it for summarize_results.py.

Called by mk/style.mk and mk/ecosystem.mk, once per check.

Usage: python tests/utils/run_check.py STAGE CHECK COMMAND [ARG...]

Runs COMMAND (its output goes straight through), then writes
tests/output/STAGE/junit/CHECK.xml with one test case, passed, failed or, when
COMMAND exits with SKIPPED_STATUS (77) because something it needs is missing,
skipped; its last line of output is the reason.  A failure raises
tests/output/STAGE/exit-status to COMMAND's exit status if that is higher.
Exits with COMMAND's exit status, 0 for a skip.  For stages that are not
ansible-test commands (docs, lint, artifact, ...).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

SKIPPED_STATUS = 77


def record(stage_dir: str, check: str, status: int, seconds: float, skip_reason: str = "") -> None:
    """Write the junit file of one check and the stage's exit status."""
    junit_dir = os.path.join(stage_dir, "junit")
    os.makedirs(junit_dir, exist_ok=True)
    suite = ET.Element("testsuite", name=check, tests="1", failures="1" if status else "0", time=f"{seconds:.3f}")
    case = ET.SubElement(suite, "testcase", classname=os.path.basename(stage_dir), name=check, time=f"{seconds:.3f}")
    if skip_reason:
        ET.SubElement(case, "skipped", message=skip_reason)
    elif status:
        ET.SubElement(case, "failure", message=f"exited with status {status}; see the output above")
    ET.ElementTree(suite).write(os.path.join(junit_dir, f"{check}.xml"), encoding="utf-8", xml_declaration=True)

    status_path = os.path.join(stage_dir, "exit-status")
    try:
        with open(status_path, encoding="utf-8") as status_file:
            previous = int(status_file.read().strip() or 0)
    except (OSError, ValueError):
        previous = 0
    with open(status_path, "w", encoding="utf-8") as status_file:
        status_file.write(f"{max(previous, status)}\n")


def main() -> int:
    """Run the command and record its outcome."""
    if len(sys.argv) < 4:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    stage, check, command = sys.argv[1], sys.argv[2], sys.argv[3:]
    started = time.monotonic()
    last_line = "skipped"
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        for line in process.stdout:
            sys.stdout.write(line)
            sys.stdout.flush()
            last_line = line.strip() or last_line
    status = process.returncode
    skip_reason = ""
    if status == SKIPPED_STATUS:
        skip_reason, status = last_line, 0
    record(os.path.join("tests", "output", stage), check, status, time.monotonic() - started, skip_reason)
    outcome = "skipped" if skip_reason else "passed" if status == 0 else f"FAILED (status {status})"
    print(f"{stage}: {check} {outcome}")
    return status


if __name__ == "__main__":
    sys.exit(main())
