# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The fleet benchmark (make benchmark's fleet section): an account-wide MFA audit at 5,000 users.

Run with .venv's python from the repository root:

    .venv/bin/python benchmarks/fleet.py --build-dir .tmp/bench [--users 5000] [--sample 200] [--rounds 3]

It starts the IAM emulator on a free port of 127.0.0.1 (as benchmarks/run.py does, whose
environment it reuses: nothing else is contacted) and measures:

1. calls per idempotent mfaops.aws.iam_virtual_mfa_device run (a device that exists, no
   change) in accounts of 100, 1,000 and 5,000 virtual devices: whatever the module does;
2. an account of USERS users, seeded straight into the emulator's backend (seconds, not the
   minutes 5,000 API round trips take): virtual, hardware and FIDO users, console users without
   MFA, users without console, unassigned devices. SAMPLE of them are under the path
   /fleet-sample/;
3. mfaops.aws.iam_mfa_audit_info over the whole account: IAM calls and wall time (ansible-playbook,
   ROUNDS runs; the report is expired before each, so each run generates one: the worst case);
4. the amazon.aws way on the sample: amazon.aws.iam_user_info (path /fleet-sample/) and a loop
   of amazon.aws.iam_mfa_device_info over its users; calls and seconds per user, times USERS.

Results go to BUILD_DIR/fleet.json; benchmarks/report.py renders them with --fleet.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import statistics
import sys
import time

from run import ROOT  # benchmarks/ is sys.path[0]; run.py puts tests/ on sys.path
from run import Bench  # benchmarks/ is sys.path[0]; run.py puts tests/ on sys.path

from iam_emulator import EmulatorServer  # noqa: E402  pylint: disable=wrong-import-position
from iam_emulator import account_backend  # noqa: E402  pylint: disable=wrong-import-position
from iam_emulator import age_credential_report  # noqa: E402  pylint: disable=wrong-import-position
from iam_emulator import reset  # noqa: E402  pylint: disable=wrong-import-position

ACCOUNT = "123456789012"
SAMPLE_PATH = "/fleet-sample/"
# The fleet's make-up, in shares of 100 users.
MIX = (("virtual", 50), ("hardware", 2), ("fido", 1), ("console_no_mfa", 20), ("no_console_no_mfa", 27))
# Every other virtual user has a console password too.
UNASSIGNED_DEVICES = 50
DEVICE_COUNTS = (100, 1000, 5000)
PROBE_DEVICE = "fleet-probe"


def user_kind(index: int) -> str:
    kinds = [kind for kind, share in MIX for _copy in range(share)]
    return kinds[index % len(kinds)]


def seed_devices(total: int) -> None:
    """Unassigned virtual devices, added straight to the backend until the account has total."""
    backend = account_backend()
    with backend.iam_state_lock:
        for index in range(len(backend.virtual_mfa_devices), total):
            backend.moto_create_virtual_mfa_device(f"fleet-device-{index:05d}", "/")


def seed_fleet(users: int, sample: int) -> dict:
    """The fleet, straight into the backend; the number of users of each kind."""
    backend = account_backend()
    counts: collections.Counter = collections.Counter()
    with backend.iam_state_lock:
        for index in range(users):
            kind = user_kind(index)
            name = f"fleet-{index:05d}"
            user = backend.create_user(
                region_name="us-east-1", user_name=name, path=SAMPLE_PATH if index < sample else "/fleet/"
            )
            counts[kind] += 1
            if kind == "console_no_mfa" or (kind == "virtual" and index % 2 == 0):
                user.password = "Correct-Horse-1"
            if kind == "virtual":
                device = backend.moto_create_virtual_mfa_device(name, "/")
                backend.moto_enable_mfa_device(name, device.serial_number, "", "")
            elif kind == "hardware":
                backend.moto_enable_mfa_device(name, f"GAHT{index:08d}", "", "")
            elif kind == "fido":
                backend.moto_enable_mfa_device(name, f"arn:aws:iam::{ACCOUNT}:u2f/user/{name}/key-{index}", "", "")
        for index in range(UNASSIGNED_DEVICES):
            backend.moto_create_virtual_mfa_device(f"fleet-spare-{index:03d}", "/")
    return dict(counts)


class Fleet(Bench):
    def counted(self, command: list, expect: str | None = None) -> tuple[float, dict]:
        """(seconds, IAM calls by action) of one run of command."""
        self.clear_calls()
        seconds = self.run(command, expect=expect)
        return seconds, dict(collections.Counter(call["action"] for call in self.calls()))

    def virtual_device_runs(self) -> list:
        reset()
        self.iam().create_virtual_mfa_device(VirtualMFADeviceName=PROBE_DEVICE)
        runs = []
        for total in DEVICE_COUNTS:
            seed_devices(total)
            seconds, calls = self.counted(
                self.adhoc("mfaops.aws.iam_virtual_mfa_device", f"name={PROBE_DEVICE}"), expect='"changed": false'
            )
            runs.append(dict(devices=total, calls=calls, total_calls=sum(calls.values()), seconds=seconds))
            print(f"  iam_virtual_mfa_device at {total} devices: {sum(calls.values())} calls {calls}", flush=True)
        return runs

    def playbook(self, name: str, extra: dict) -> list:
        path = self.build / f"{name}-vars.json"
        path.write_text(json.dumps(extra))
        return ["ansible-playbook", str(ROOT / "benchmarks" / f"{name}.yml"), "-e", f"@{path}"]

    def audit_runs(self, rounds: int) -> dict:
        times, calls = [], {}
        for _run in range(rounds):
            try:
                age_credential_report(4 * 3600)  # expired: the run generates a new report
            except ValueError:
                pass  # none yet
            seconds, calls = self.counted(self.playbook("fleet_audit", {}), expect="failed=0")
            times.append(seconds)
            print(f"  audit: {seconds:.1f} s, {sum(calls.values())} calls {calls}", flush=True)
        return dict(seconds=times, calls=calls, total_calls=sum(calls.values()))

    def amazon_aws_runs(self, sample: int) -> dict:
        seconds, calls = self.counted(
            self.playbook("fleet_amazon_aws", {"path_prefix": SAMPLE_PATH}), expect="failed=0"
        )
        total = sum(calls.values())
        print(f"  amazon.aws on {sample} users: {seconds:.1f} s, {total} calls {calls}", flush=True)
        return dict(
            sample=sample,
            seconds=seconds,
            calls=calls,
            total_calls=total,
            seconds_per_user=seconds / sample,
            calls_per_user=total / sample,
        )

    def main(self) -> int:
        self.build.mkdir(parents=True, exist_ok=True)
        args = self.args
        with EmulatorServer() as server:
            self.server = server
            print(f"IAM emulator at {server.url}", flush=True)
            self.prepare_environment()
            results = dict(
                users=args.users,
                sample=args.sample,
                rounds=args.rounds,
                started=time.strftime("%Y-%m-%d %H:%M:%S %Z"),
                nproc=os.cpu_count(),
                load_before=os.getloadavg(),
            )
            print("fleet 1. idempotent iam_virtual_mfa_device runs", flush=True)
            results["virtual_device_runs"] = self.virtual_device_runs()
            reset()
            started = time.perf_counter()
            results["kinds"] = seed_fleet(args.users, args.sample)
            results["seeding_seconds"] = time.perf_counter() - started
            results["unassigned_devices"] = UNASSIGNED_DEVICES
            print(
                f"fleet 2. {args.users} users seeded in {results['seeding_seconds']:.1f} s: {results['kinds']}",
                flush=True,
            )
            print("fleet 3. iam_mfa_audit_info", flush=True)
            results["audit"] = self.audit_runs(args.rounds)
            print("fleet 4. amazon.aws iam_user_info + iam_mfa_device_info loop", flush=True)
            results["amazon_aws"] = self.amazon_aws_runs(args.sample)
            results["finished"] = time.strftime("%Y-%m-%d %H:%M:%S %Z")
            results["load_after"] = os.getloadavg()
        kinds = results["kinds"]
        only_not_virtual = kinds.get("hardware", 0) + kinds.get("fido", 0)
        audit_seconds = statistics.median(results["audit"]["seconds"])
        amazon_seconds = results["amazon_aws"]["seconds_per_user"] * args.users
        results["goal"] = dict(
            only_not_virtual_users=only_not_virtual,
            call_budget=20 + only_not_virtual,
            audit_calls=results["audit"]["total_calls"],
            audit_seconds=audit_seconds,
            amazon_aws_seconds_extrapolated=amazon_seconds,
            amazon_aws_calls_extrapolated=results["amazon_aws"]["calls_per_user"] * args.users,
            speedup=amazon_seconds / audit_seconds,
        )
        output = self.build / "fleet.json"
        output.write_text(json.dumps(results, indent=1))
        print(json.dumps(results["goal"], indent=1))
        print(f"results: {output}")
        return 0


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--build-dir", default=".tmp/bench")
    parser.add_argument("--users", type=int, default=5000)
    parser.add_argument(
        "--sample", type=int, default=200, help="users the amazon.aws way is measured on (default: %(default)s)"
    )
    parser.add_argument("--rounds", type=int, default=3, help="audit runs (default: %(default)s)")
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(Fleet(parse_arguments(sys.argv[1:])).main())
