# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The mfaops.aws benchmark (make benchmark): API calls, wall time, loop cost, profiles.

Run with .venv's python from the repository root:

    .venv/bin/python benchmarks/run.py --build-dir .tmp/bench --rounds 7 --awscli .tmp/bench/awscli-venv/bin/aws

It starts the IAM emulator (tests/iam_emulator, EmulatorServer) on a free port of
127.0.0.1, and every contender talks to it only: AWS_ENDPOINT_URL points there, the
AWS config and credential files point to empty files, instance metadata is off.
Results go to BUILD_DIR/results.json; benchmarks/report.py turns them into
docs/performance.md and docs/performance.png.

The resync contenders use hardware serial numbers (GAHT...) enabled for each user:
the emulator accepts any well-formed codes for them, so the same two codes pass
on every run.  The lifecycle operations that need real codes (enabling a virtual
device) compute TOTP codes from the seed with pyotp.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from importlib import metadata
from pathlib import Path

import boto3
import pyotp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from iam_emulator import EmulatorServer  # noqa: E402  pylint: disable=wrong-import-position

ACCESS_KEY = "AKIAMFAOPSTESTING000"
SECRET_KEY = "mfaops-testing-secret-key"
# Hardware devices accept any well-formed codes; these occur in no ARN or account ID (no_log masking).
CODE_1, CODE_2 = "314159", "265358"
LOOP_USERS = 20
USER = "bench-user-00"

RESYNC = "mfaops.aws.iam_mfa_device_resync"
PEER = "amazon.aws.iam_mfa_device_info"


def hardware_serial(index: int) -> str:
    return f"GAHT{10000000 + index}"


class Bench:
    def __init__(self, args):
        self.args = args
        self.build = Path(args.build_dir).resolve()
        self.python = sys.executable
        self.server = None
        self.env = None

    # ----- emulator and environment -------------------------------------------------------

    def control(self, method: str, path: str) -> dict:
        request = urllib.request.Request(f"{self.server.url}/_emulator/{path}", method=method)
        with urllib.request.urlopen(request, timeout=10) as answer:  # 127.0.0.1 only
            return json.load(answer)

    def calls(self) -> list:
        return self.control("GET", "calls")["calls"]

    def clear_calls(self) -> None:
        self.control("DELETE", "calls")

    def iam(self):
        return boto3.client(
            "iam",
            endpoint_url=self.server.url,
            region_name="us-east-1",
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )

    def prepare(self) -> None:
        self.prepare_environment()
        self.create_bench_users()

    def prepare_environment(self) -> None:
        """A collections path holding this checkout, and an environment that reaches the emulator only."""
        if self.build.exists():
            for name in ("bench-collections", "ansible-home", "remote-tmp", "profiles"):
                shutil.rmtree(self.build / name, ignore_errors=True)
        (self.build / "bench-collections/ansible_collections/mfaops").mkdir(parents=True, exist_ok=True)
        os.symlink(ROOT, self.build / "bench-collections/ansible_collections/mfaops/aws")
        (self.build / "aws-empty-config").write_text("")
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("AWS_", "ANSIBLE_")) and k.lower() not in ("http_proxy", "https_proxy", "all_proxy")
        }
        env.update(
            PATH=f"{Path(self.python).parent}:{env.get('PATH', '/usr/bin:/bin')}",
            NO_PROXY="127.0.0.1",
            AWS_ACCESS_KEY_ID=ACCESS_KEY,
            AWS_SECRET_ACCESS_KEY=SECRET_KEY,
            AWS_DEFAULT_REGION="us-east-1",
            AWS_ENDPOINT_URL=self.server.url,
            AWS_CONFIG_FILE=str(self.build / "aws-empty-config"),
            AWS_SHARED_CREDENTIALS_FILE=str(self.build / "aws-empty-config"),
            AWS_EC2_METADATA_DISABLED="true",
            AWS_PAGER="",
            ANSIBLE_COLLECTIONS_PATH=str(self.build / "bench-collections"),
            ANSIBLE_HOME=str(self.build / "ansible-home"),
            ANSIBLE_LOCAL_TEMP=str(self.build / "ansible-home/tmp"),
            ANSIBLE_REMOTE_TMP=str(self.build / "remote-tmp"),
            ANSIBLE_LOCALHOST_WARNING="false",
            ANSIBLE_INVENTORY_UNPARSED_WARNING="false",
            ANSIBLE_NOCOLOR="1",
            ANSIBLE_RETRY_FILES_ENABLED="false",
        )
        self.env = env

    def create_bench_users(self) -> None:
        iam = self.iam()
        for index in range(LOOP_USERS):
            user = f"bench-user-{index:02d}"
            iam.create_user(UserName=user)
            iam.enable_mfa_device(
                UserName=user,
                SerialNumber=hardware_serial(index),
                AuthenticationCode1=CODE_1,
                AuthenticationCode2=CODE_2,
            )
        # For the lifecycle modules: a user with an enabled virtual device, and a spare user.
        iam.create_user(UserName="bench-virtual")
        device = iam.create_virtual_mfa_device(
            VirtualMFADeviceName="bench-virtual", Tags=[{"Key": "team", "Value": "ops"}]
        )["VirtualMFADevice"]
        seed = device["Base32StringSeed"]
        self.virtual_serial = device["SerialNumber"]
        self.virtual_totp = pyotp.TOTP(seed.decode() if isinstance(seed, bytes) else seed)
        self.enable_virtual(iam)
        iam.create_user(UserName="bench-spare")

    def enable_virtual(self, iam) -> None:
        code_1, code_2 = self.virtual_codes()
        iam.enable_mfa_device(
            UserName="bench-virtual",
            SerialNumber=self.virtual_serial,
            AuthenticationCode1=code_1,
            AuthenticationCode2=code_2,
        )

    def virtual_codes(self) -> tuple:
        now = time.time()
        return self.virtual_totp.at(now), self.virtual_totp.at(now + 30)

    # ----- running things ------------------------------------------------------------------

    def run(self, command: list, extra_env: dict | None = None, expect: str | None = None) -> float:
        env = dict(self.env, **(extra_env or {}))
        start = time.perf_counter()
        done = subprocess.run(command, env=env, cwd=self.build, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - start
        if done.returncode != 0 or (expect and not re.search(expect, done.stdout)):
            raise RuntimeError(f"{command!r} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return elapsed

    def adhoc(self, module: str, args: str, check: bool = False) -> list:
        command = ["ansible", "localhost", "-m", module, "-a", args]
        if check:
            command.append("--check")
        return command

    def contenders(self) -> dict:
        serial = hardware_serial(0)
        return {
            "boto3 script": [self.python, str(ROOT / "benchmarks/resync_boto3.py"), USER, serial, CODE_1, CODE_2],
            "aws cli": [
                self.args.awscli,
                "iam",
                "resync-mfa-device",
                "--user-name",
                USER,
                "--serial-number",
                serial,
                "--authentication-code1",
                CODE_1,
                "--authentication-code2",
                CODE_2,
            ],
            f"ansible {RESYNC}": self.adhoc(
                RESYNC,
                f"user_name={USER} serial_number={serial} authentication_code_1={CODE_1} authentication_code_2={CODE_2}",
            ),
            f"ansible {PEER} (peer)": self.adhoc(PEER, f"user_name={USER}"),
        }

    # ----- 1. API calls per operation ------------------------------------------------------

    def count_calls(self, command: list, before=None, after=None, expect=None) -> dict:
        if before:
            before()
        self.clear_calls()
        self.run(command, expect=expect)
        calls = self.calls()
        if after:
            after()
        actions = [call["action"] for call in calls]
        reads = [a for a in actions if a.startswith(("List", "Get"))]
        return dict(actions=actions, reads=len(reads), writes=len(actions) - len(reads))

    def api_calls(self) -> list:
        iam = self.iam()
        serial = hardware_serial(0)
        resync_args = f"user_name={USER} authentication_code_1={CODE_1} authentication_code_2={CODE_2}"
        vdev = self.virtual_serial

        def deactivate_virtual():
            iam.deactivate_mfa_device(UserName="bench-virtual", SerialNumber=vdev)

        def enable_virtual_again():
            self.enable_virtual(iam)

        def enable_args():
            code_1, code_2 = self.virtual_codes()
            return f"user_name=bench-virtual serial_number={vdev} authentication_code_1={code_1} authentication_code_2={code_2}"

        operations = [
            # (module, operation, floor (reads, writes), why, command thunk, before, after)
            (
                RESYNC,
                "resync, serial_number given",
                (0, 1),
                "the resync itself; IAM checks user, device and codes",
                lambda: self.adhoc(RESYNC, f"{resync_args} serial_number={serial}"),
                None,
                None,
            ),
            (
                RESYNC,
                "resync, serial discovered",
                (1, 1),
                "one ListMFADevices to find the only device, then the resync",
                lambda: self.adhoc(RESYNC, resync_args),
                None,
                None,
            ),
            (
                RESYNC,
                "check mode (serial_number given)",
                (1, 0),
                "one ListMFADevices confirms user and device; no write",
                lambda: self.adhoc(RESYNC, f"{resync_args} serial_number={serial}", check=True),
                None,
                None,
            ),
            (
                "mfaops.aws.iam_mfa_device",
                "present, already enabled (re-run)",
                (1, 0),
                "ListMFADevices of the user answers it",
                lambda: self.adhoc("mfaops.aws.iam_mfa_device", f"user_name=bench-virtual serial_number={vdev}"),
                None,
                None,
            ),
            (
                "mfaops.aws.iam_mfa_device",
                "present, enabling a virtual device",
                (2, 1),
                "ListMFADevices (idempotency), EnableMFADevice, ListMFADevices for IAM's enable date (a documented result "
                "EnableMFADevice does not return); another owner is looked up only after IAM refused",
                enable_args,
                deactivate_virtual,
                None,
            ),
            (
                "mfaops.aws.iam_mfa_device",
                "check mode, would enable a virtual device",
                (2, 0),
                "ListMFADevices, and ListVirtualMFADevices to predict a refusal: no EnableMFADevice answer will tell",
                enable_args,
                deactivate_virtual,
                enable_virtual_again,
            ),
            (
                "mfaops.aws.iam_mfa_device",
                "absent, already absent (re-run)",
                (1, 0),
                "ListMFADevices of the user",
                lambda: self.adhoc(
                    "mfaops.aws.iam_mfa_device", f"user_name=bench-spare serial_number={vdev} state=absent"
                ),
                None,
                None,
            ),
            (
                "mfaops.aws.iam_virtual_mfa_device",
                "present with tags, unchanged (re-run)",
                (1, 0),
                "ListMFADeviceTags of the serial number built from the account ID (STS GetCallerIdentity, not an IAM call) "
                "finds the device and gives its tags, at any account size",
                lambda: self.adhoc("mfaops.aws.iam_virtual_mfa_device", "name=bench-virtual tags={'team':'ops'}"),
                None,
                None,
            ),
            (
                "mfaops.aws.iam_virtual_mfa_device",
                "absent, already absent (re-run)",
                (0, 1),
                "DeleteVirtualMFADevice, answered NoSuchEntity: the deletion is tried first, as it also tells an assigned device",
                lambda: self.adhoc("mfaops.aws.iam_virtual_mfa_device", "name=bench-nonexistent state=absent"),
                None,
                None,
            ),
            (
                "mfaops.aws.iam_virtual_mfa_device_info",
                "list (re-run)",
                (1, 0),
                "ListVirtualMFADevices, one call per 100 devices",
                lambda: self.adhoc("mfaops.aws.iam_virtual_mfa_device_info", "assignment_status=Any"),
                None,
                None,
            ),
        ]
        results = []
        for module, operation, floor, why, command, before, after in operations:
            if module == "mfaops.aws.iam_mfa_device" and operation.startswith(("present, enabling", "check mode")):
                if before:
                    before()
                cmd = self.adhoc(module, command(), check=operation.startswith("check"))
                counted = self.count_calls(cmd, after=after)
            else:
                counted = self.count_calls(command(), before=before, after=after)
            counted.update(module=module, operation=operation, floor_reads=floor[0], floor_writes=floor[1], why=why)
            counted["at_floor"] = (counted["reads"], counted["writes"]) == floor
            results.append(counted)
            print(f"  {module} {operation}: {counted['actions']} (floor {floor})", flush=True)
        return results

    # ----- 2. and 3. wall time, alternating ------------------------------------------------

    def wall_times(self) -> dict:
        contenders = self.contenders()
        names = list(contenders)
        times = {name: [] for name in names}
        for round_ in range(self.args.rounds):
            order = names[round_ % len(names) :] + names[: round_ % len(names)]
            for name in order:
                times[name].append(self.run(contenders[name]))
            print(
                f"  round {round_ + 1}: " + ", ".join(f"{n.split()[-1]} {times[n][-1]:.2f}s" for n in names), flush=True
            )
        return times

    def loop_times(self) -> dict:
        users = [f"bench-user-{i:02d}" for i in range(LOOP_USERS)]
        serials = {user: hardware_serial(i) for i, user in enumerate(users)}
        playbooks = {
            "mfaops.aws.iam_mfa_device_resync": "loop_mfaops.yml",
            "amazon.aws.iam_mfa_device_info (peer)": "loop_amazon_aws.yml",
        }
        runs = []
        for name, playbook in playbooks.items():
            for count in (1, LOOP_USERS):
                extra = self.build / f"loop-{count}.json"
                extra.write_text(json.dumps(dict(users=users[:count], serials=serials, code_1=CODE_1, code_2=CODE_2)))
                runs.append((name, count, ["ansible-playbook", str(ROOT / "benchmarks" / playbook), "-e", f"@{extra}"]))
        times = {f"{name}|{count}": [] for name, count, _command in runs}
        for round_ in range(self.args.rounds):
            order = runs[round_ % len(runs) :] + runs[: round_ % len(runs)]
            for name, count, command in order:
                times[f"{name}|{count}"].append(self.run(command))
            print(
                f"  loop round {round_ + 1}: " + ", ".join(f"{k.split('|')[1]}:{v[-1]:.1f}s" for k, v in times.items()),
                flush=True,
            )
        per_item = {}
        for name in playbooks:
            one, twenty = times[f"{name}|1"], times[f"{name}|{LOOP_USERS}"]
            per_item[name] = [(t20 - t1) / (LOOP_USERS - 1) for t1, t20 in zip(one, twenty)]
        return dict(runs=times, per_item=per_item)

    # ----- 4. profiles ---------------------------------------------------------------------

    def ansiballz(self, module: str, args: str) -> Path:
        remote = self.build / "remote-tmp"
        shutil.rmtree(remote, ignore_errors=True)
        remote.mkdir(parents=True)
        self.run(self.adhoc(module, args), extra_env={"ANSIBLE_KEEP_REMOTE_FILES": "1"})
        found = glob.glob(str(remote / "**" / "AnsiballZ_*.py"), recursive=True)
        if len(found) != 1:
            raise RuntimeError(f"expected one AnsiballZ file under {remote}, found {found}")
        target = self.build / "profiles" / Path(found[0]).name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(found[0], target)
        shutil.rmtree(remote, ignore_errors=True)
        return target

    def import_profile(self, payload: Path) -> dict:
        env = dict(self.env)
        done = subprocess.run(
            [self.python, "-X", "importtime", str(payload)],
            env=env,
            cwd=self.build,
            capture_output=True,
            text=True,
            check=True,
        )
        modules = {}
        top = []
        total = 0
        for line in done.stderr.splitlines():
            match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
            if not match:
                continue
            self_us, cumulative_us, indent, name = int(match[1]), int(match[2]), len(match[3]), match[4]
            modules[name] = self_us
            total += self_us
            if indent == 1:
                top.append((name, cumulative_us))
        return dict(total_us=total, modules=modules, top=sorted(top, key=lambda item: -item[1])[:12])

    def run_profile(self, payload: Path, label: str) -> dict:
        output = self.build / "profiles" / f"{label}.prof"
        # Not python -m cProfile PAYLOAD: AnsiballZ drops its __main__'s directory (then the stdlib's) from sys.path.
        runner = "import cProfile, runpy, sys; sys.argv = sys.argv[1:2]; cProfile.run('runpy.run_path(sys.argv[0], run_name=\"__main__\")', sys.argv_out)"
        runner = runner.replace("sys.argv_out", repr(str(output)))
        done = subprocess.run(
            [self.python, "-c", runner, str(payload)],
            env=self.env,
            cwd=self.build,
            capture_output=True,
            text=True,
            check=False,
        )
        if '"failed": true' in done.stdout or not output.exists():
            raise RuntimeError(f"profiled run of {payload} failed:\n{done.stdout}\n{done.stderr}")
        stats = pstats.Stats(str(output))
        total = stats.total_tt
        wanted = {
            "imports": ("<frozen importlib._bootstrap>", "_find_and_load"),
            "boto3 sessions": ("boto3/session.py", "__init__"),
            "botocore clients": ("botocore/session.py", "create_client"),
            "HTTP requests": ("botocore/endpoint.py", "_send"),
        }
        counts = {key: 0 for key in wanted}
        cumulative = {key: 0.0 for key in wanted}
        rows = []
        for (filename, _line, function), (primitive, _ncalls, _tt, ct, _callers) in stats.stats.items():
            for key, (suffix, name) in wanted.items():
                if filename.endswith(suffix) and function == name:
                    counts[key] += primitive
                    cumulative[key] += ct
            rows.append((f"{shorten(filename)}:{function}", ct))
        rows.sort(key=lambda item: -item[1])
        return dict(total_s=total, counts=counts, cumulative_s=cumulative, top=rows[:15])

    def profiles(self) -> dict:
        serial = hardware_serial(0)
        payloads = {
            "mfaops": self.ansiballz(
                RESYNC,
                f"user_name={USER} serial_number={serial} authentication_code_1={CODE_1} authentication_code_2={CODE_2}",
            ),
            "peer": self.ansiballz(PEER, f"user_name={USER}"),
        }
        imports = {label: [] for label in payloads}
        for round_ in range(self.args.rounds):
            order = list(payloads.items())
            for label, payload in order if round_ % 2 == 0 else reversed(order):
                imports[label].append(self.import_profile(payload))
        result = {}
        peer_modules = set(imports["peer"][0]["modules"])
        for label, runs in imports.items():
            totals = [run["total_us"] for run in runs]
            median_run = sorted(runs, key=lambda run: run["total_us"])[len(runs) // 2]
            extra = {name: us for name, us in median_run["modules"].items() if name not in peer_modules}
            profiled = [self.run_profile(payloads[label], f"{label}-{index}") for index in range(3)]
            profile = dict(
                counts=profiled[0]["counts"],
                total_s=statistics.median(run["total_s"] for run in profiled),
                cumulative_s={
                    key: statistics.median(run["cumulative_s"][key] for run in profiled)
                    for key in profiled[0]["cumulative_s"]
                },
                top=profiled[0]["top"],
            )
            result[label] = dict(
                import_total_ms=[t / 1000 for t in totals],
                modules_loaded=len(median_run["modules"]),
                top_imports=[(name, us / 1000) for name, us in median_run["top"]],
                beyond_peer=dict(
                    count=len(extra),
                    self_ms=sum(extra.values()) / 1000,
                    heaviest=sorted(((n, us / 1000) for n, us in extra.items()), key=lambda item: -item[1])[:10],
                ),
                profile=profile,
            )
            print(
                f"  {label}: imports median {statistics.median(totals) / 1000:.0f} ms, {len(extra)} modules beyond the peer; "
                f"profile {result[label]['profile']['counts']}",
                flush=True,
            )
        return result

    # ----- the whole run ---------------------------------------------------------------------

    def machine(self) -> dict:
        cpu = "unknown"
        try:
            for line in Path("/proc/cpuinfo").read_text().splitlines():
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        except OSError:
            pass
        memory = "unknown"
        try:
            for line in Path("/proc/meminfo").read_text().splitlines():
                if line.startswith("MemTotal"):
                    memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
        except OSError:
            pass
        awscli = subprocess.run(
            [self.args.awscli, "--version"], capture_output=True, text=True, check=True, env=self.env
        ).stdout.strip()
        versions = {name: metadata.version(name) for name in ("ansible-core", "ansible", "boto3", "botocore", "moto")}
        manifests = (Path(self.python).parent.parent / "lib").glob(
            "python*/site-packages/ansible_collections/amazon/aws/MANIFEST.json"
        )
        versions["amazon.aws"] = json.loads(next(manifests).read_text())["collection_info"]["version"]
        versions["awscli"] = awscli
        versions["python"] = platform.python_version()
        return dict(
            nproc=os.cpu_count(),
            cpu=cpu,
            memory=memory,
            kernel=platform.release(),
            load_before=os.getloadavg(),
            versions=versions,
        )

    def main(self) -> int:
        self.build.mkdir(parents=True, exist_ok=True)
        with EmulatorServer() as server:
            self.server = server
            print(f"IAM emulator at {server.url}", flush=True)
            self.prepare()
            results = dict(
                machine=self.machine(), rounds=self.args.rounds, started=time.strftime("%Y-%m-%d %H:%M:%S %Z")
            )
            # Warm the page cache and ansible's caches once, untimed, for every contender.
            for command in self.contenders().values():
                self.run(command)
            sections = [
                ("api_calls", "1. API calls per operation", self.api_calls),
                ("wall", "2. wall time of one resync", self.wall_times),
                ("loop", "3. cost per item in a loop", self.loop_times),
                ("profiles", "4. profiles", self.profiles),
            ]
            for key, title, measure in sections:
                if key in self.args.sections:
                    print(title, flush=True)
                    results[key] = measure()
            results["machine"]["load_after"] = os.getloadavg()
            results["finished"] = time.strftime("%Y-%m-%d %H:%M:%S %Z")
        output = self.build / "results.json"
        output.write_text(json.dumps(results, indent=1))
        print(f"results: {output}")
        return 0


def shorten(filename: str) -> str:
    for marker in ("site-packages/", "ansible_collections/", "lib/python3"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--build-dir", default=".tmp/bench")
    parser.add_argument(
        "--rounds", type=int, default=7, help="runs of each contender, alternated (default: %(default)s)"
    )
    parser.add_argument("--awscli", default=".tmp/bench/awscli-venv/bin/aws")
    parser.add_argument(
        "--sections",
        default="api_calls,wall,loop,profiles",
        type=lambda text: text.split(","),
        help="what to measure (default: %(default)s; report.py needs all four)",
    )
    return parser.parse_args(argv)


if __name__ == "__main__":
    arguments = parse_arguments(sys.argv[1:])
    arguments.awscli = str(Path(arguments.awscli).resolve())
    sys.exit(Bench(arguments).main())
