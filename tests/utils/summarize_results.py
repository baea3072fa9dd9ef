"""Print a summary of the ansible-test results in a tests/output directory.

Called by `make summary` (the end of `make test`) and tests/ecosystem/matrix.sh.

Usage: python tests/utils/summarize_results.py [OUTPUT_DIR [STAGE...]]
       (default tests/output, and the stages sanity units integration)

Reads the junit XML files in OUTPUT_DIR/<stage>/junit/, where
tests/utils/run-ansible-test.sh leaves the results of `make sanity`
(ansible-test sanity --junit: one file per sanity test), `make units` (pytest:
one test case per unit test) and `make integration` (Ansible's junit callback:
one file per target playbook, one test case per task; a target counts as failed
if any of its tasks failed; runme.sh targets count as passed when ansible-test
integration exited 0, and the junit files of their own playbook runs are not
target outcomes).  A stage whose ansible-test run failed (its
exit-status file is not 0) without a failed junit record, as when a runme.sh
target fails, counts one failure more.  Prints one line per stage, the failed
and skipped tests, and ends with the line "summary: <N> passed, <N> failed, <N> skipped".
"""

from __future__ import annotations

import collections
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

DEFAULT_STAGES = ("sanity", "units", "integration")


def outcome_of(test_case: ET.Element) -> tuple[str, str]:
    """Return the outcome (passed, failed or skipped) of a junit testcase element and its message."""
    for tag, outcome in (("failure", "failed"), ("error", "failed"), ("skipped", "skipped")):
        element = test_case.find(tag)
        if element is not None:
            message = element.get("message") or (element.text or "").strip()
            return outcome, message.splitlines()[0] if message else ""
    return "passed", ""


def integration_target_name(root: ET.Element) -> str | None:
    """Return the playbook target that a junit callback file is for, or None for another playbook.

    ansible-test runs a playbook target through a playbook named <target>-<8 random
    characters>.yml. A runme.sh target's own ansible-playbook runs write junit files
    too, under their own names; their tasks may fail on purpose, so they are not
    target outcomes.
    """
    suite = root.find("testsuite") if root.tag == "testsuites" else root
    match = re.fullmatch(r"(.+)-[a-z0-9_]{8}", (suite.get("name") if suite is not None else None) or "")
    return match.group(1) if match else None


def script_targets(targets_dir: str) -> list[str]:
    """Return the integration targets run by their runme.sh, which leave no junit file of their own."""
    return sorted(
        os.path.basename(os.path.dirname(path)) for path in glob.glob(os.path.join(targets_dir, "*", "runme.sh"))
    )


def exit_status(output_dir: str, stage: str) -> int:
    """Return the exit status run-ansible-test.sh recorded for a stage, 0 when none was recorded."""
    try:
        with open(os.path.join(output_dir, stage, "exit-status"), encoding="utf-8") as status_file:
            return int(status_file.read().strip() or 0)
    except (OSError, ValueError):
        return 0


def wall_seconds(output_dir: str, stage: str) -> str:
    """Return ', <m>m<s>s' for the wall time `make test` recorded for a stage, or ''."""
    try:
        with open(os.path.join(output_dir, stage, "wall-seconds"), encoding="utf-8") as seconds_file:
            seconds = int(seconds_file.read().strip())
    except (OSError, ValueError):
        return ""
    return ", {}m{:02d}s".format(*divmod(seconds, 60))


def main() -> None:
    """Count and print the results."""
    output_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join("tests", "output")
    stages = tuple(sys.argv[2:]) or DEFAULT_STAGES
    counts: dict[str, collections.Counter] = {stage: collections.Counter() for stage in stages}
    notes = []
    integration_tasks = 0
    paths = [
        (stage, path)
        for stage in stages
        for path in sorted(glob.glob(os.path.join(output_dir, stage, "junit", "*.xml")))
    ]

    for stage, path in paths:
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError as ex:
            counts[stage]["failed"] += 1
            notes.append(f"FAILED  {stage}: unreadable junit file {path}: {ex}")
            continue

        outcomes = [(test_case, outcome_of(test_case)) for test_case in root.iter("testcase")]

        if stage == "integration":
            target = integration_target_name(root)
            if target is None:
                continue
            integration_tasks += len(outcomes)
            failed = [test_case.get("name", "") for test_case, (outcome, _message) in outcomes if outcome == "failed"]
            counts[stage]["failed" if failed else "passed"] += 1
            notes.extend(f"FAILED  integration: {target}: {task}" for task in failed)
            continue

        for test_case, (outcome, message) in outcomes:
            counts[stage][outcome] += 1
            name = test_case.get("name", "")
            if stage == "units":
                name = "{}::{}".format(test_case.get("classname", ""), name)
            if outcome == "failed":
                notes.append(f"FAILED  {stage}: {name}")
            elif outcome == "skipped" and stage != "units":
                notes.append(f"SKIPPED {stage}: {name} ({message})")

    if (
        "integration" in stages
        and os.path.isdir(os.path.join(output_dir, "integration"))
        and not exit_status(output_dir, "integration")
    ):
        # ansible-test stops at the first failing target, so a clean exit means every script target passed.
        counts["integration"]["passed"] += len(script_targets(os.path.join("tests", "integration", "targets")))

    for stage in stages:
        status = exit_status(output_dir, stage)
        if status and not counts[stage]["failed"]:
            counts[stage]["failed"] += 1
            notes.append(
                f"FAILED  {stage}: ansible-test exited with status {status} with no failed test recorded in junit; see its output above"
            )

    print("")
    print("===== test summary ({}) =====".format(os.path.join(output_dir, "*", "junit")))
    for note in notes:
        print(note)
    for stage in stages:
        count = counts[stage]
        if not count:
            print(f"{stage:<12} did not run")
            continue
        unit = "tests"
        if stage == "integration":
            unit = f"targets, {integration_tasks} tasks"
        print(
            f"{stage:<12} {count['passed']} passed, {count['failed']} failed, {count['skipped']} skipped "
            f"({unit}{wall_seconds(output_dir, stage)})"
        )

    total: collections.Counter = collections.Counter()
    for count in counts.values():
        total.update(count)
    print(f"summary: {total['passed']} passed, {total['failed']} failed, {total['skipped']} skipped")


if __name__ == "__main__":
    main()
