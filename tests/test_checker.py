"""The code-check runner against small exercises that pass, fail, hang, crash, flood and bloat."""

from __future__ import annotations

import getpass
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tutor.base.errors import CheckerError
from tutor.practice.checker import CheckCase, CheckResult, run_check, warm_checks

DATA = Path(__file__).parent / "data" / "checker"
INCOMPLETE = "exited without a complete test report (exit code 0)"

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True, params=["cold", "warm"])
def start(request: pytest.FixtureRequest) -> Iterator[str]:
    """Every test twice: each check its own interpreter, and each forked by a warm launcher
    (`validate --run`), which must end, limit and report alike."""
    if request.param == "cold":
        yield "cold"
        return
    with warm_checks():
        yield "warm"


def check(
    case: str, *, timeout: float = 20.0, memory_mb: int = 2048, output_limit: int = 256_000
) -> CheckResult:
    folder = DATA / case
    return run_check(
        folder / "exercise.py",
        folder / "check.py",
        timeout=timeout,
        memory_mb=memory_mb,
        output_limit=output_limit,
    )


def test_a_passing_exercise_passes() -> None:
    result = check("passing")
    assert (result.outcome, result.cause, result.passed) == ("passed", "", True)
    assert result.cases == (
        CheckCase("test_add", True, ""),
        CheckCase("test_zero", True, ""),
    )
    assert result.score == 1.0
    assert result.first_failure is None
    assert not result.output_truncated


def test_a_failure_names_the_check_and_the_assertion() -> None:
    result = check("failing")
    assert (result.outcome, result.cause) == ("failed", "1 of 2 checks failed")
    assert [case.passed for case in result.cases] == [False, True]
    assert result.score == 0.5
    failure = result.first_failure
    assert failure is not None
    assert failure.name == "test_add"
    assert failure.message.startswith("assert 2 == 3")
    assert "where 2 = <function add>(1, 2)" in failure.message
    assert len(failure.message.splitlines()) <= 15


def test_a_check_with_a_message_says_it_without_pytests_introspection(tmp_path: Path) -> None:
    """ "+ where -1 = add(1, 2)" shows the check's code; the check's message says what is wrong."""
    (tmp_path / "exercise.py").write_text("def add(a, b):\n    return a - b\n")
    (tmp_path / "check.py").write_text(
        "from exercise import add\n\n\ndef test_add():\n"
        "    assert add(1, 2) == 3, 'add(1, 2) should be 3,\\nnot a difference'\n"
    )
    failure = run_check(tmp_path / "exercise.py", tmp_path / "check.py").first_failure
    assert failure is not None
    assert failure.message == "AssertionError: add(1, 2) should be 3,\n  not a difference"


@pytest.mark.parametrize(
    ("case", "timeout", "outcome", "cause"),
    [
        ("infinite_loop", 1.0, "timeout", "timed out after 1 s"),
        ("infinite_loop", 1.5, "timeout", "timed out after 1.5 s"),
        ("exit_in_test", 20.0, "crashed", INCOMPLETE),
        ("exit_at_import", 20.0, "crashed", INCOMPLETE),
        ("exit_mid_session", 20.0, "crashed", INCOMPLETE),
        ("segfault", 20.0, "crashed", "the interpreter crashed (signal SIGSEGV)"),
        ("memory_append", 20.0, "memory", "ran out of memory (cap 2048 MiB)"),
        ("memory_bytearray", 20.0, "memory", "ran out of memory (cap 2048 MiB)"),
        (
            "killed",  # as by the kernel's OOM killer
            20.0,
            "memory",
            "ran out of memory (killed by the system below the cap of 2048 MiB)",
        ),
        ("syntax_error", 20.0, "failed", "SyntaxError in {exercise} line 2: invalid syntax"),
        (
            "import_error",
            20.0,
            "failed",
            "ModuleNotFoundError in {exercise} line 1: No module named 'no_such_module'",
        ),
        ("sys_exit_at_import", 20.0, "failed", "SystemExit in {exercise} line 3: 0"),
        ("no_tests", 20.0, "error", "check.py defines no tests"),
        ("skipped", 20.0, "failed", "1 of 1 checks failed"),
    ],
)
def test_outcome_and_cause(case: str, timeout: float, outcome: str, cause: str) -> None:
    result = check(case, timeout=timeout)
    exercise = DATA / case / "exercise.py"
    expected = cause.format(exercise=exercise)
    if outcome == "timeout" and result.cause.startswith(f"{expected} (at {exercise} line "):
        expected = result.cause  # where it was, when the stacks came in time (next test)
    assert (result.outcome, result.cause) == (outcome, expected)
    assert not result.passed


def test_a_timeout_names_the_line_the_learners_code_was_on(tmp_path: Path) -> None:
    (tmp_path / "exercise.py").write_text(
        "def settle(x):\n    return x\n\n\ndef add(a, b):\n    while settle(a) == a: pass\n"
    )
    (tmp_path / "check.py").write_text(
        "from exercise import add\n\ndef test_add():\n    assert add(1, 2) == 3\n"
    )
    result = run_check(tmp_path / "exercise.py", tmp_path / "check.py", timeout=4.0)
    assert result.outcome == "timeout"
    where = f"(at {tmp_path / 'exercise.py'} line"
    # Caught as settle is entered, its frame is still on its `def` line (1).
    assert result.cause in {
        f"timed out after 4 s {where} 1, in settle)",
        f"timed out after 4 s {where} 2, in settle)",
        f"timed out after 4 s {where} 6, in add)",
    }, result.cause


@pytest.mark.parametrize("case", ["infinite_loop", "ignores_cpu_limit"])
def test_a_busy_loop_ends_at_its_cpu_limit_before_the_wall_timeout(case: str) -> None:
    # SIGXCPU at the limit, or SIGKILL two seconds later for code that ignores SIGXCPU: either is
    # named as the CPU limit, not as a crash or the system's memory killer.
    folder = DATA / case
    result = run_check(folder / "exercise.py", folder / "check.py", timeout=120, cpu_seconds=1)
    assert (result.outcome, result.cause) == ("timeout", "ran out of CPU time (limit 1 s)")


def test_a_failure_names_the_learners_file_and_line(tmp_path: Path) -> None:
    learner = tmp_path / "my work" / "mean.py"
    learner.parent.mkdir()
    shutil.copyfile(DATA / "error_on_line_7" / "exercise.py", learner)
    check_file = DATA / "error_on_line_7" / "check.py"
    result = run_check(learner, check_file)
    assert result.outcome == "failed"
    failure = result.first_failure
    assert failure is not None
    assert failure.message.splitlines() == [
        "AttributeError: 'float' object has no attribute 'weight'",
        f"(at {learner} line 7)",
    ]
    # The traceback the check printed names both files where the learner can open them.
    assert f'File "{learner}", line 7, in mean' in result.output
    assert f'File "{check_file}", line 12, in test_mean_prints_its_traceback' in result.output
    everything = [result.cause, result.output, *(case.message for case in result.cases)]
    assert not any("tutor-check-" in text for text in everything)


def test_a_crash_trace_names_the_learners_file() -> None:
    result = check("segfault")
    assert f'File "{DATA / "segfault" / "exercise.py"}", line 5 in add' in result.output


def test_a_smaller_memory_cap_is_named() -> None:
    result = check("memory_append", memory_mb=256)
    assert (result.outcome, result.cause) == ("memory", "ran out of memory (cap 256 MiB)")
    assert result.first_failure is not None
    assert result.first_failure.message.startswith("MemoryError")


def test_numpy_works_under_the_default_memory_cap() -> None:
    pytest.importorskip("numpy")
    assert check("numpy_matmul").outcome == "passed"


def test_a_skipped_check_is_not_a_pass() -> None:
    result = check("skipped")
    assert result.cases == (CheckCase("test_later", False, "Skipped: not written yet"),)


def test_printing_forever_is_cut_off_at_the_limit() -> None:
    # Long enough for the interpreter and pytest to start and print past the limit, even on a
    # loaded machine: printing forever fills 10 kB in milliseconds once it runs.
    result = check("print_forever", timeout=6, output_limit=10_000)
    assert result.outcome == "timeout"
    assert result.output_truncated
    assert 0 < len(result.output.encode()) <= 10_000
    assert result.output.startswith("all work and no play")


def test_a_huge_print_is_truncated_and_the_check_still_passes() -> None:
    result = check("print_50mb")
    assert result.outcome == "passed"
    assert result.output_truncated
    assert len(result.output.encode()) <= 256_000


def test_the_check_sees_only_its_two_files_and_no_runner_secrets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Settings that would break or redirect a plain pytest run must not reach the check.
    monkeypatch.setenv("PYTEST_ADDOPTS", "--collect-only --no-such-option")
    monkeypatch.setenv("PYTEST_PLUGINS", "no_such_plugin")
    result = check("sandbox")
    assert result.outcome == "passed", result.first_failure


def test_the_learners_folder_is_left_untouched(tmp_path: Path) -> None:
    (tmp_path / "exercise.py").write_text("def add(a, b):\n    return a + b\n")
    check_file = DATA / "passing" / "check.py"
    assert run_check(tmp_path / "exercise.py", check_file).passed
    assert [path.name for path in tmp_path.iterdir()] == ["exercise.py"]


def test_a_failure_costs_no_rendering_of_its_traceback(tmp_path: Path) -> None:
    """Only the failure's last line is reported, so pytest is not asked for the rest: neither
    the arguments' reprs (a DataFrame's can take long) nor each entry's source, parsed."""
    rendered = tmp_path / "rendered"
    (tmp_path / "exercise.py").write_text("def add(a, b):\n    return a - b\n")
    (tmp_path / "check.py").write_text(
        "import pytest\n"
        "from exercise import add\n\n"
        "class Costly:\n"
        "    def __repr__(self):\n"
        f"        open({str(rendered)!r}, 'a').write('repr\\n')\n"
        "        return 'Costly()'\n\n"
        "@pytest.fixture\n"
        "def costly():\n"
        "    return Costly()\n\n"
        "def test_add(costly):\n"
        "    assert add(1, 2) == 3, 'add(1, 2) should be 3'\n"
    )
    result = run_check(tmp_path / "exercise.py", tmp_path / "check.py")
    assert result.first_failure is not None
    assert result.first_failure.message.startswith("AssertionError: add(1, 2) should be 3")
    assert not rendered.exists()


def test_a_check_keeps_out_of_other_pytest_sessions_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A check that asks for tmp_path gets a folder of its run's own: it neither adds to nor
    prunes the numbered folders that the user's other pytest sessions keep in the temp folder
    (pruning a test suite's old folders took a check past its time limit)."""
    temp = tmp_path / "temp"
    others = temp / f"pytest-of-{getpass.getuser()}"
    others.mkdir(parents=True, mode=0o700)
    for number in range(1, 7):
        (others / f"pytest-{number}").mkdir(mode=0o700)
        (others / f"pytest-{number}" / "kept").write_text("another session's file")
    monkeypatch.setenv("TMPDIR", str(temp))
    (tmp_path / "exercise.py").write_text("")
    (tmp_path / "check.py").write_text(
        "def test_writes_a_file(tmp_path):\n"
        "    (tmp_path / 'scratch').write_text('mine')\n"
        "    assert (tmp_path / 'scratch').read_text() == 'mine'\n"
    )
    result = run_check(tmp_path / "exercise.py", tmp_path / "check.py")
    assert result.passed, (result.cause, result.first_failure, result.output)
    assert sorted(path.name for path in others.iterdir()) == [f"pytest-{n}" for n in range(1, 7)]
    assert all((folder / "kept").is_file() for folder in others.iterdir())


def _alive(pid: int) -> bool:
    # A killed child reparented to a container's init may linger as a zombie: dead, not reaped.
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return False
    return fields[0] != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("new_session", [False, True])
def test_a_background_child_is_killed_when_the_check_ends(
    tmp_path: Path, new_session: bool
) -> None:
    pid_file = tmp_path / "pid"
    (tmp_path / "exercise.py").write_text(
        "import subprocess\n\n"
        "def spawn():\n"
        f"    child = subprocess.Popen(['sleep', '1000'], start_new_session={new_session})\n"
        f"    open({str(pid_file)!r}, 'w').write(str(child.pid))\n"
    )
    (tmp_path / "check.py").write_text(
        "import exercise\n\ndef test_spawn():\n    exercise.spawn()\n"
    )
    result = run_check(tmp_path / "exercise.py", tmp_path / "check.py")
    assert result.passed  # the child holds the output pipe open: the check still ends
    pid = int(pid_file.read_text())
    # SIGKILL was sent before run_check returned; give the kernel a moment to finish the kill.
    deadline = time.monotonic() + 5
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not _alive(pid)


@pytest.mark.parametrize("missing", ["exercise.py", "check.py"])
def test_a_missing_file_is_a_checker_error(tmp_path: Path, missing: str) -> None:
    for name in {"exercise.py", "check.py"} - {missing}:
        (tmp_path / name).write_text("")
    with pytest.raises(CheckerError, match=missing):
        run_check(tmp_path / "exercise.py", tmp_path / "check.py")


def test_a_missing_interpreter_is_a_checker_error() -> None:
    folder = DATA / "passing"
    with pytest.raises(CheckerError, match="no-such-python"):
        run_check(folder / "exercise.py", folder / "check.py", python="/no-such-python")


@pytest.mark.parametrize(
    ("passed", "score", "first"),
    [((), 0.0, None), ((True, True), 1.0, None), ((True, False, False), 1 / 3, "case1")],
)
def test_score_and_first_failure(passed: tuple[bool, ...], score: float, first: str | None) -> None:
    cases = tuple(CheckCase(f"case{i}", ok, "" if ok else "no") for i, ok in enumerate(passed))
    result = CheckResult("failed", cases, "", 0.0, False)
    assert result.score == pytest.approx(score)
    assert (result.first_failure.name if result.first_failure else None) == first


@pytest.mark.parametrize("own", [None, "/elsewhere"])
def test_jax_compiles_into_the_tutors_cache_unless_told_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, own: str | None
) -> None:
    """JAX's compilation cache lives in the tutor's cache folder, every entry kept (the small
    ones are most of a check's compiling); a learner's own setting wins."""
    monkeypatch.setenv("TUTOR_CACHE_DIR", str(tmp_path / "cache"))
    if own:
        monkeypatch.setenv("JAX_COMPILATION_CACHE_DIR", own)
    expected = own or str(tmp_path / "cache" / "jax")
    (tmp_path / "exercise.py").write_text("")
    (tmp_path / "check.py").write_text(
        "import os\n\n"
        "def test_where_jax_caches():\n"
        f"    assert os.environ['JAX_COMPILATION_CACHE_DIR'] == {expected!r}\n"
        "    assert os.environ.get('JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS') == "
        f"{None if own else '0'!r}\n"
    )
    result = run_check(tmp_path / "exercise.py", tmp_path / "check.py")
    assert result.passed, (result.cause, result.first_failure, result.output)
