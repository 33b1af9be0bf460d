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


def test_a_launcher_handed_to_warm_checks_serves_each_and_outlives_them() -> None:
    """A test session hands its launcher to each module's `warm_checks`: the first module's
    imports serve the next, and the launcher stays open until its owner closes it."""
    launcher = checker.new_warm_launcher()
    try:
        for _ in range(2):
            with warm_checks(launcher):
                assert checker._warm is launcher
                result = run_check(DATA / "passing" / "exercise.py", DATA / "passing" / "check.py")
                assert result.passed, (result.cause, result.output)
            assert checker._warm is None
            launcher.preload(["json"])  # still there to ask
        with warm_checks():  # without one, warm_checks starts its own
            assert checker._warm not in (None, launcher)
    finally:
        launcher.close()
    with pytest.raises(LauncherError):
        launcher.preload(["csv"])


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
