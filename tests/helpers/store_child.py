"""A second tutor process for the store tests: records attempts and prints each acknowledged id."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from tutor.store import new_attempt, open_store


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("--learner", default="child")
    parser.add_argument("--count", type=int, default=0, help="attempts to record; 0 = until killed")
    parser.add_argument("--wait", action="store_true", help="print 'ready', open on a stdin line")
    args = parser.parse_args()
    if args.wait:
        # The parent releases every child at once, so their opens and writes really overlap.
        print("ready", flush=True)
        sys.stdin.readline()
    with open_store(args.db) as store:
        number = 0
        while args.count == 0 or number < args.count:
            now = datetime.now(UTC)
            attempt = new_attempt(
                learner=args.learner,
                key=f"m{number % 7}/e{number % 3}",
                started=now,
                finished=now,
                outcome="passed" if number % 2 else "failed",
                score=0.5,
                hints_used=0,
                seconds=0.1,
                detail="x" * (number % 50),
            )
            store.record(attempt)
            # Printed only after record() returned: every id the parent reads was acknowledged.
            print(attempt.id, flush=True)
            number += 1


if __name__ == "__main__":
    main()
