"""A tutor process for the restart tests: records attempts (and events) in a loop, printing each.

    python tests/helpers/pg_recorder.py URL [--learner L] [--count N] [--events] [--reads]
                                            [--every S] [--wait] [--drain]

For every attempt acknowledged (record() returned) it prints `a <id> <sent|queued>`, and with
--events, for every event before it, `e <number> <sent|queued>`: `queued` when the store kept it
in the outbox (store.offline after the call). --reads also reads the log after each attempt,
as the progress cache does (a pipelined read). --count 0 records until stdin closes or the
process is killed; a line on stdin stops it after the attempt in hand. --drain only opens the
store (which sends the outbox) and prints `pending <n>`. --wait prints `ready` and waits for a
line on stdin before opening, so that several processes open at once.

A failure leaves as the CLI's do, one `Error:` line and one hint line on stderr, exit status 1:
the tests assert that stderr holds nothing else (no traceback, no driver warning).
"""

from __future__ import annotations

import argparse
import selectors
import sys
import time
from datetime import UTC, datetime

from helpers.store_data import attempt as made

from tutor.base.errors import StoreError
from tutor.store import Event, ProgressStore, open_store


def state(store: ProgressStore) -> str:
    return "queued" if store.offline else "sent"


def record(store: ProgressStore, learner: str, number: int, events: bool) -> None:
    now = datetime.now(UTC)
    key = f"m{number % 7}/e{number % 3}"
    if events:
        store.record_event(Event(learner, key, now, "hint", number))
        print("e", number, state(store), flush=True)
    attempt = made(
        learner=learner,
        key=key,
        started=now,
        finished=now,
        outcome="passed" if number % 2 else "failed",
        detail="y" * (number % 40),
    )
    store.record(attempt)
    # Printed only after record() returned: every id the parent reads was acknowledged.
    print("a", attempt.id, state(store), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--learner", default="child")
    parser.add_argument("--count", type=int, default=0)
    parser.add_argument("--events", action="store_true")
    parser.add_argument("--reads", action="store_true")
    parser.add_argument("--every", type=float, default=0.0, help="seconds between attempts")
    parser.add_argument("--wait", action="store_true")
    parser.add_argument("--drain", action="store_true")
    args = parser.parse_args()
    if args.wait:
        print("ready", flush=True)
        sys.stdin.readline()
    stop = selectors.DefaultSelector()
    stop.register(sys.stdin, selectors.EVENT_READ)
    try:
        with open_store(args.url) as store:
            if args.drain:
                print("pending", store.pending().total, flush=True)
                return
            number = position = 0
            while args.count == 0 or number < args.count:
                record(store, args.learner, number, args.events)
                number += 1
                if args.reads:
                    _, position = store.attempts_after(args.learner, position)
                if stop.select(timeout=0):
                    break
                if args.every:
                    time.sleep(args.every)
    except StoreError as error:
        print(f"Error: {error.message}", file=sys.stderr)
        print(f"→ {error.hint}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
