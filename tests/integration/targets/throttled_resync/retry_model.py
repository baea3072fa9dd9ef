# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A model of throttled_resync on a controller fast enough that module start-up costs nothing.

    python retry_model.py [TRIALS]

FORKS workers take USERS resyncs in turn. Each resync calls ResyncMFADevice, which a token
bucket (RATE a second, burst RATE) admits or throttles, and retries as AWSRetry.jittered_backoff
does (a wait drawn from 0 to min(delay * backoff ** n, max_delay) before each retry, the first
call counted among the attempts). Prints, for each retry policy, the share of runs in which
some user failed, and the longest a user's resync took from its first call to the accepted one
(which adds to the codes' age: they were taken before the module started).
On the shared test machine module start-up spreads the calls out (docs/reliability.md);
this is the load the same playbook puts on IAM from a faster controller.
"""

from __future__ import annotations

import heapq
import random
import sys

USERS, FORKS, RATE = 40, 20, 4.0
POLICIES = {  # label: (attempts, delay, backoff, max_delay)
    "before 0.2.0: 5 attempts, waits <= 1+2+4+8 s": (5, 1, 2.0, 8),
    "8 attempts, waits <= 1+2+4+8x4 s": (8, 1, 2.0, 8),
    "current: 10 attempts, waits <= 1+2+4x7 s": (10, 1, 2.0, 4),
}


def one_run(
    rng: random.Random, attempts: int, delay: float, backoff: float, max_delay: float, start_up: float
) -> tuple[int, float]:
    """(users failed, longest first call to acceptance in s) of one run; start_up: a module's start-up time, drawn from 0 to it."""
    tokens, counted_at = RATE, 0.0
    waiting = list(range(USERS))
    events: list[tuple[float, int, int, int]] = []  # (time, tie-breaker, user, attempt)
    first_call: dict[int, float] = {}
    failed, oldest, order = 0, 0.0, 0
    for _fork in range(FORKS):
        heapq.heappush(events, (start_up * rng.random(), order, waiting.pop(0), 1))
        order += 1
    while events:
        now, _order, user, attempt = heapq.heappop(events)
        first_call.setdefault(user, now)
        tokens, counted_at = min(RATE, tokens + (now - counted_at) * RATE), now
        if tokens >= 1:
            tokens -= 1
            oldest = max(oldest, now - first_call[user])
        elif attempt == attempts:
            failed += 1
        else:
            heapq.heappush(
                events,
                (now + rng.uniform(0, min(delay * backoff ** (attempt - 1), max_delay)), order, user, attempt + 1),
            )
            order += 1
            continue
        if waiting:  # the fork is free: the next user's module starts
            heapq.heappush(events, (now + start_up * rng.random(), order, waiting.pop(0), 1))
            order += 1
    return failed, oldest


def main() -> None:
    trials = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    for label, policy in POLICIES.items():
        for start_up in (0.0, 1.0):
            rng = random.Random(1)
            results = [one_run(rng, *policy, start_up) for _trial in range(trials)]
            failing = sum(1 for failed, _age in results if failed) / trials
            oldest = max(age for _failed, age in results)
            print(
                f"{label}; start-up 0-{start_up:g} s: {failing:.2%} of {trials} runs with a failed user; "
                f"at most {oldest:.1f} s from a user's first call to its accepted one"
            )


if __name__ == "__main__":
    main()
