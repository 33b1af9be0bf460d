"""Writes a large synthetic curriculum (for benchmarks): N modules of M exercises each."""

from __future__ import annotations

import argparse
from pathlib import Path

STARTER = "def f(x):\n    return None\n"
SOLUTION = "def f(x):\n    return x\n"
CHECK = "import exercise\n\n\ndef test_identity():\n    assert exercise.f(3) == 3\n"


def generate(root: Path, modules: int, exercises: int) -> Path:
    """A valid curriculum: a prerequisite chain, two tracks, one code exercise in five."""
    root.mkdir(parents=True, exist_ok=True)
    ids = [f"m{i:04d}" for i in range(modules)]
    half = modules // 2
    (root / "curriculum.yaml").write_text(
        "format: 1\ntitle: Generated\ntracks:\n"
        f"  - id: first\n    title: First\n    modules: [{', '.join(ids[:half])}]\n"
        f"  - id: second\n    title: Second\n    modules: [{', '.join(ids[half:])}]\n"
    )
    for n, module_id in enumerate(ids):
        folder = root / module_id
        (folder / "lessons").mkdir(parents=True, exist_ok=True)
        (folder / "lessons" / "one.md").write_text(f"# Lesson of {module_id}\n")
        prereq = f"[{ids[n - 1]}]" if n else "[]"
        lines = [
            f"id: {module_id}",
            f"title: Module {n}",
            "summary: A generated module.",
            "level: beginner",
            f"skills: [skill-{n % 12:02d}, benchmark]",
            f"prerequisites: {prereq}",
            'requires: ["pytest>=7"]',
            "lessons:",
            "  - id: one",
            "    title: One",
            "    file: lessons/one.md",
            "    exercises:",
        ]
        for e in range(exercises):
            ex_id = f"e{e:02d}"
            if e % 5 == 0:
                ex_folder = folder / "exercises" / ex_id
                ex_folder.mkdir(parents=True, exist_ok=True)
                (ex_folder / "starter.py").write_text(STARTER)
                (ex_folder / "solution.py").write_text(SOLUTION)
                (ex_folder / "check.py").write_text(CHECK)
                lines += [
                    f"      - id: {ex_id}",
                    "        type: code",
                    "        prompt: Return x.",
                    "        minutes: 5",
                    '        hints: ["Identity."]',
                ]
            else:
                lines += [
                    f"      - id: {ex_id}",
                    "        type: choice",
                    f"        question: Question {e} of {module_id}?",
                    '        options: ["yes", "no", "maybe"]',
                    f"        answer: {e % 3}",
                    "        explanation: Because.",
                    "        minutes: 2",
                    '        hints: ["Think."]',
                ]
        (folder / "module.yaml").write_text("\n".join(lines) + "\n")
    return root


def generate_history(
    db: Path, curriculum: Path, learner: str, attempts: int, *, days: int = 3 * 365, seed: int = 7
) -> None:
    """A heavy learner's log: `attempts` over `days`, working through the curriculum's modules
    in order (a new exercise every so often), reviewing and retrying what they met before."""
    import random
    from datetime import UTC, datetime, timedelta

    from tutor.curriculum import load_curriculum
    from tutor.store import new_attempt, open_store

    rng = random.Random(seed)
    keys = [ex.key for ex in load_curriculum(curriculum).exercises]
    start = datetime.now(UTC) - timedelta(days=days)
    per_day = attempts / days
    met = 1
    batch = []
    with open_store(db) as store:
        for n in range(attempts):
            day = int(n / per_day)
            # New exercises arrive steadily until every one has been met by the end.
            met = max(met, min(len(keys), 1 + n * len(keys) // int(attempts * 0.9)))
            key = keys[met - 1] if rng.random() < 0.3 else keys[rng.randrange(met)]
            passed = rng.random() < 0.8
            seconds = rng.uniform(20, 600)
            finished = start + timedelta(days=day, hours=8 + rng.uniform(0, 12))
            batch.append(
                new_attempt(
                    learner=learner,
                    key=key,
                    started=finished - timedelta(seconds=seconds),
                    finished=finished,
                    outcome="passed" if passed else "failed",
                    score=1.0 if passed else rng.choice((0.0, 0.5, 0.8)),
                    hints_used=rng.choice((0, 0, 0, 1, 2)),
                    seconds=seconds,
                )
            )
            if len(batch) == 5000:
                store.record_many(batch)
                batch = []
        store.record_many(batch)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--modules", type=int, default=1000)
    parser.add_argument("--exercises", type=int, default=20)
    args = parser.parse_args()
    generate(args.root, args.modules, args.exercises)


if __name__ == "__main__":
    main()
