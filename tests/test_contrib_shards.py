"""`validate --run --shard K/N`: the jobs of a CI matrix split the runs between them, each
computing the same split on its own: together they run everything, each run once."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tutor.authoring import verify
from tutor.authoring.shards import kind_of, parse_shard, partition
from tutor.cli import app
from tutor.curriculum import load_curriculum

SHIPPED = Path(__file__).parent.parent / "curriculum"


def shipped_keys() -> list[str]:
    """The key of every run of `validate --run` on the shipped curriculum (nothing is run)."""
    return [key for key, _ in verify.tasks(load_curriculum(SHIPPED))]


@pytest.mark.parametrize("count", [1, 2, 3, 4, 7, 16])
def test_shards_partition_the_runs_and_balance_each_kind(count: int) -> None:
    keys = shipped_keys()
    assert len(keys) == len(set(keys)) > 50
    shards = partition(keys, count)
    assert len(shards) == count
    together = [key for shard in shards for key in shard]
    assert sorted(together) == sorted(keys)  # the union is everything, and nothing twice
    for i, one in enumerate(shards):
        for other in shards[i + 1 :]:
            assert not set(one) & set(other)
    sizes = [len(shard) for shard in shards]
    assert max(sizes) - min(sizes) <= 1
    for kind in ("exercise", "counterexample", "notebook"):
        per_shard = [sum(kind_of(key) == kind for key in shard) for shard in shards]
        assert max(per_shard) - min(per_shard) <= 1, (kind, per_shard)


def test_every_job_computes_the_same_split_whatever_the_order() -> None:
    keys = shipped_keys()
    shuffled = keys[:]
    random.Random(7).shuffle(shuffled)
    assert partition(shuffled, 4) == partition(keys, 4)
    assert partition(keys[:3], 5)[3:] == [[], []]  # more jobs than runs: some have none


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("0/2", "K must be from 1 to N"),
        ("3/2", "K must be from 1 to N"),
        ("1/0", "K must be from 1 to N"),
        ("x", "is not K/N"),
        ("", "is not K/N"),
        ("2", "is not K/N"),
        ("-1/2", "is not K/N"),
        ("1/2/3", "is not K/N"),
    ],
)
def test_bad_shards_are_a_one_line_usage_error(
    tutor_env: dict[str, str], mini: Path, text: str, why: str
) -> None:
    result = CliRunner().invoke(
        app,
        ["--curriculum", str(mini), "validate", "--run", "--shard", text],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 2, result.output
    (line,) = result.output.strip().splitlines()
    assert line.startswith(f"Error: --shard {text!r}") and why in line, line
    assert line.endswith("this job's number K of N jobs, e.g. --shard 2/4" + ")" * (why[0] == "K"))


def test_a_shard_may_be_written_with_spaces() -> None:
    assert parse_shard(" 2 / 4 ") == (2, 4)


def test_shards_of_a_real_run_cover_the_whole_run(tutor_env: dict[str, str], mini: Path) -> None:
    def run(*args: str) -> dict[str, object]:
        result = CliRunner().invoke(
            app,
            ["--curriculum", str(mini), "validate", "--run", "--json", "--workers", "2", *args],
        )
        assert result.exit_code == 0, result.output
        return dict(json.loads(result.output))

    whole = {f["key"] for f in run()["findings"]}  # type: ignore[attr-defined]
    assert len(whole) == 7  # one exercise, five counterexamples, one notebook
    first, second = run("--shard", "1/2"), run("--shard", "2/2")
    one = {f["key"] for f in first["findings"]}  # type: ignore[attr-defined]
    two = {f["key"] for f in second["findings"]}  # type: ignore[attr-defined]
    assert one | two == whole and not one & two
    assert first["shard"] == {"shard": "1/2", "runs": len(one), "of": 7}
    result = CliRunner().invoke(
        app, ["--curriculum", str(mini), "validate", "--run", "--shard", "1/2", "--stamp"]
    )
    assert result.exit_code == 2 and "--stamp does not go with --shard" in result.output
    result = CliRunner().invoke(app, ["--curriculum", str(mini), "validate", "--shard", "1/2"])
    assert result.exit_code == 1 and "go with --run" in result.output
