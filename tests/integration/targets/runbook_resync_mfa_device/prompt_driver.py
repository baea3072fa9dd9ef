# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Run a command in a pseudo-terminal and answer its prompts as a person would type them.

Usage: python prompt_driver.py COMMAND [ARGUMENT...]

The answers come from the environment, so that no code is on a command line:
PROMPT_N_TEXT is the text of the Nth prompt (1, 2...), PROMPT_N_ANSWER what to type.
Prints everything the command wrote to the terminal, exits with its exit status
(124 when it took more than two minutes).
"""

from __future__ import annotations

import os
import pty
import select
import signal
import sys
import time

TIMEOUT_SECONDS = 120


def answers_from_environment() -> list[tuple[bytes, bytes]]:
    answers = []
    number = 1
    while f"PROMPT_{number}_TEXT" in os.environ:
        answers.append(
            (os.environ[f"PROMPT_{number}_TEXT"].encode(), os.environ.get(f"PROMPT_{number}_ANSWER", "").encode())
        )
        number += 1
    return answers


def main() -> int:
    command = sys.argv[1:]
    pending = answers_from_environment()
    pid, terminal = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    output = b""
    searched_from = 0
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        readable, _writable, _failed = select.select([terminal], [], [], 1)
        if not readable:
            continue
        try:
            chunk = os.read(terminal, 4096)
        except OSError:  # the command ended and closed the terminal
            break
        if not chunk:
            break
        output += chunk
        if pending and pending[0][0] in output[searched_from:]:
            time.sleep(0.2)  # let the prompt switch echo off before typing
            os.write(terminal, pending.pop(0)[1] + b"\r")
            searched_from = len(output)
    else:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
        sys.stdout.write(output.decode(errors="replace"))
        print(f"\nprompt_driver: no end after {TIMEOUT_SECONDS} s", file=sys.stderr)
        return 124
    _pid, status = os.waitpid(pid, 0)
    sys.stdout.write(output.decode(errors="replace"))
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())
