"""The warm launcher of `validate --run` (tutor/practice/warm.py, _warm.py): checks forked from
it share its imports and warm-ups, never a check's state; nested uses share one launcher.
test_checker.py runs every check of its own both cold and warm."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tutor.practice import checker
from tutor.practice.checker import run_check, warm_checks
from tutor.practice.warm import LauncherError

DATA = Path(__file__).parent / "data" / "checker"


@pytest.fixture
def warm() -> Iterator[None]:
    with warm_checks():
        yield


@pytest.mark.usefixtures("warm")
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_warm_checks_are_forked_by_the_launcher_and_share_imports_not_state(tmp_path: Path) -> None:
    (tmp_path / "exercise.py").write_text("import json\n\nMARK = 1\n")
    (tmp_path / "check.py").write_text(
        "import json\nimport os\n\n"
        "def parent(pid):\n"
        "    return int(open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()[1])\n\n"
        "def test_forked_from_the_launcher_with_json_imported_before():\n"
        "    guard = parent(os.getpid())\n"
        "    launcher = open(f'/proc/{parent(guard)}/cmdline').read()\n"
        "    assert '_warm.main' in launcher, launcher\n"
        "    assert not hasattr(json, 'LEFT_BY_A_CHECK')\n"
        "    json.LEFT_BY_A_CHECK = True\n"
    )
    for _ in range(2):  # the second run sees the module as the launcher imported it
        result = run_check(tmp_path / "exercise.py", tmp_path / "check.py")
        assert result.passed, (result.cause, result.first_failure, result.output)


@pytest.mark.usefixtures("warm")
def test_nested_warm_checks_share_the_outer_launcher() -> None:
    """A test session's launcher serves the `validate --run` inside it, and outlives it."""
    outer = checker._warm
    assert outer is not None
    with warm_checks():
        assert checker._warm is outer
    assert checker._warm is outer
    result = run_check(DATA / "passing" / "exercise.py", DATA / "passing" / "check.py")
    assert result.passed, (result.cause, result.output)


def test_a_pool_handed_to_warm_checks_serves_each_and_outlives_them() -> None:
    """A test session hands its pool to each module's `warm_checks`: the first module's
    imports serve the next, and the launchers stay open until their owner closes the pool."""
    pool = checker.new_warm_pool()
    try:
        for _ in range(2):
            with warm_checks(pool):
                assert checker._warm is pool
                result = run_check(DATA / "passing" / "exercise.py", DATA / "passing" / "check.py")
                assert result.passed, (result.cause, result.output)
            assert checker._warm is None
            pool.launcher().preload(["json"])  # still there to ask
        with warm_checks():  # without one, warm_checks starts its own
            assert checker._warm not in (None, pool)
    finally:
        pool.close()
    with pytest.raises(LauncherError):
        pool.launcher()


IMPORTS_WAVE = "import wave\n\n\ndef test_imports_wave():\n    assert wave.Error\n"
NO_WAVE = (
    "import sys\n\n\ndef test_wave_was_never_imported_here():\n"
    "    assert 'wave' not in sys.modules\n"
)


def test_each_family_forks_from_a_launcher_that_imported_only_its_own_runs_imports(
    tmp_path: Path,
) -> None:
    """A module's libraries stay out of another module's forks (a bigger launcher forks
    slower); within a family, what one run imported is there for the next."""
    (tmp_path / "exercise.py").write_text("")
    (tmp_path / "imports_wave.py").write_text(IMPORTS_WAVE)
    (tmp_path / "no_wave.py").write_text(NO_WAVE)

    def run(check: str, family: str) -> bool:
        return run_check(tmp_path / "exercise.py", tmp_path / check, family=family).passed

    with warm_checks():
        assert run("imports_wave.py", "audio")
        assert run("no_wave.py", "text")
        assert not run("no_wave.py", "audio")  # the launcher of "audio" imported wave
        assert checker._warm is not None and set(checker._warm.families) == {"audio", "text"}


def test_a_pool_keeps_its_most_recently_used_launchers_open() -> None:
    with checker.new_warm_pool(keep=2) as pool:
        first = pool.launcher("a")
        assert pool.launcher("a") is first
        second = pool.launcher("b")
        pool.launcher("a")  # used last: "b" is now the oldest
        pool.launcher("c")
        assert pool.families == ("a", "c")
        with pytest.raises(LauncherError):  # closed when "c" came
            second.preload(["csv"])
        first.preload(["csv"])  # "a" was kept, and answers
        assert pool.launcher("b") is not second  # asked for again, "b" starts anew


# functorch imports torch, and sorts before it in a check's imports (as skops.io does): a library
# that another import brought in must be warmed up too, not left cold for every check after.
@pytest.mark.usefixtures("warm")
@pytest.mark.parametrize(
    "imports", [["torch"], ["functorch", "torch"]], ids=["torch", "by-another"]
)
def test_a_library_slow_on_first_use_is_warmed_up_before_the_forks(
    tmp_path: Path, imports: list[str]
) -> None:
    """torch.optim's first step imports TorchDynamo; the launcher imports it once for all."""
    for name in imports:
        pytest.importorskip(name)
    (tmp_path / "exercise.py").write_text("")
    (tmp_path / "check.py").write_text(
        "import sys\n\n"
        + "".join(f"import {name}\n" for name in imports)
        + "\n\ndef test_dynamo_came_with_torch():\n"
        "    assert 'torch._dynamo' in sys.modules\n"
    )
    result = run_check(tmp_path / "exercise.py", tmp_path / "check.py")
    assert result.passed, (result.cause, result.first_failure, result.output)
