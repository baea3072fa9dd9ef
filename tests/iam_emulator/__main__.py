# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""python -m iam_emulator [--host 127.0.0.1] [--port 0] [--ready-file PATH] [--quiet]

Serves the IAM emulator until SIGTERM or SIGINT, then stops cleanly (exit status 0).
Once the server answers requests, its base URL (http://127.0.0.1:PORT) is written to
the ready file, atomically, and printed on stdout.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
import time

from .mfa_codes import code_window_steps
from .server import DEFAULT_HOST
from .server import EmulatorServer
from .server import loopback_host


class StopRequested(Exception):
    """Raised in the main thread by the SIGTERM/SIGINT handler, to leave the wait and stop the server."""


def _request_stop(signum: int, frame: object) -> None:  # pylint: disable=unused-argument
    raise StopRequested(signal.Signals(signum).name)


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m iam_emulator",
        description="Serve moto's IAM, with the IAM emulator's MFA rules, on a loopback port.",
    )
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help="loopback address to bind (default: %(default)s); any other address is refused",
    )
    parser.add_argument("--port", type=int, default=0, help="port to bind; 0 (the default) picks a free one")
    parser.add_argument(
        "--ready-file", metavar="PATH", help="write the server's base URL to PATH once it answers requests"
    )
    parser.add_argument("--quiet", action="store_true", help="do not log a line per request")
    arguments = parser.parse_args(argv)
    try:
        arguments.host = loopback_host(arguments.host)
        code_window_steps()  # a bad $IAM_EMULATOR_CODE_WINDOW_STEPS fails here, not at the first request
    except ValueError as error:
        parser.error(str(error))
    if not 0 <= arguments.port <= 65535:
        parser.error(f"--port must be from 0 to 65535, not {arguments.port}")
    return arguments


def write_ready_file(path: str, url: str) -> None:
    # Written beside the target, then renamed over it: a reader never sees half a URL.
    directory = os.path.dirname(os.path.abspath(path))
    descriptor, temporary = tempfile.mkstemp(prefix=".iam-emulator-ready-", dir=directory)
    try:
        os.chmod(temporary, 0o644)  # mkstemp makes it owner-only; the URL is no secret
        with os.fdopen(descriptor, "w", encoding="utf-8") as ready:
            ready.write(url + "\n")
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    server = EmulatorServer(arguments.host, arguments.port, log_requests=not arguments.quiet)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, _request_stop)
    try:
        server.start()
        if arguments.ready_file:
            write_ready_file(arguments.ready_file, server.url)
        print(server.url, flush=True)
        while True:
            time.sleep(3600)
    except StopRequested as stop:
        print(f"IAM emulator stopping on {stop}", file=sys.stderr, flush=True)
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, signal.SIG_IGN)  # a second signal must not cut the stop short
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
