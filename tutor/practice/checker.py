"""The code-check runner: a learner's exercise.py against its check.py, in a guarded pytest run."""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import json
import math
import os
import re
import secrets
import selectors
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from tutor.base import pysource
from tutor.base.errors import CheckerError
from tutor.practice import containment, warm

OUTCOMES = ("passed", "failed", "timeout", "memory", "crashed", "error")

_PLUGIN_SOURCE = Path(__file__).with_name("_checkplugin.py")
_PLUGIN_MODULE = "_tutor_checkplugin"
_READ_SIZE = 1 << 16
# Once the guard has ended the check, the output still in the pipe arrives at once; the grace only
# matters where a learner's process can escape the guard (setsid, without Linux's subreaper) and
# holds the pipe open.
_DRAIN_GRACE = 1.0
# The wall timeout ends a check; the CPU limit ends what the wall timeout cannot reach (a process
# whose tutor and guard are both gone), so it leaves room for two busy threads and the start-up.
_CPU_PER_WALL_SECOND = 2
_CPU_EXTRA = 5
# Only where pidfd_open is missing (not Linux) is the child's exit polled, at this interval.
_EXIT_POLL = 0.005
_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
_NO_TELEMETRY = {"DO_NOT_TRACK": "1", "MLFLOW_DISABLE_TELEMETRY": "true"}
_NO_PYTEST = "No module named pytest"
_NO_TESTS_COLLECTED = 5  # pytest.ExitCode.NO_TESTS_COLLECTED, without importing pytest here


_warm: warm.LauncherPool | None = None
_warm_lock = threading.Lock()


def new_warm_pool(python: str = sys.executable, keep: int | None = warm.KEEP) -> warm.LauncherPool:
    """Warm launchers for checks and scripts run with `python`, one per family of runs, to hand
    to `warm_checks()` as often as wanted: a caller whose batches of checks come at different
    times (a test session) imports each library once for them all. At most `keep` launchers
    stay open (None: all). The caller closes it."""
    env = _environment(Path(tempfile.gettempdir()), Path(os.devnull), "", 0)
    for variable in ("PYTHONPATH", "TUTOR_CHECK_REPORT", "TUTOR_CHECK_NONCE", "TUTOR_CHECK_MEMORY"):
        env.pop(variable, None)
    # Read once, when a launcher starts: what the scripts it runs (the lessons' code blocks)
    # expect of a new interpreter, the same hashes and no display.
    env.update(PYTHONHASHSEED="0", MPLBACKEND="Agg")
    return warm.LauncherPool(python, env, keep)


@contextlib.contextmanager
def warm_checks(pool: warm.LauncherPool | None = None) -> Iterator[None]:
    """Within it, checks run with this Python fork from warm launchers (warm.py) that have
    imported pytest and what the checks import, instead of each starting an interpreter: for
    many runs of trusted code, such as `tutor validate --run`. Runs of one family (`family=`,
    a curriculum module's) share a launcher, which imports only what they import. Limits and
    clean-up are a cold check's. Threads share it; nested, it is the outer one's pool (a test
    session's, say, which has imported each library once for all its runs). The pool is
    `pool` if given (from `new_warm_pool()`, and left open), else a new one, closed at the
    end."""
    global _warm
    with _warm_lock:
        nested = _warm is not None
        if not nested:
            _warm = active = pool or new_warm_pool()
    if nested:
        yield
        return
    try:
        yield
    finally:
        with _warm_lock:
            _warm = None
        if pool is None:
            active.close()


class ScriptRun(NamedTuple):
    """What a script forked from the warm launcher did: its output (stdout and stderr), whether
    it ran past its timeout, its exit code (negative: the signal that ended it)."""

    output: str
    timed_out: bool
    returncode: int


def run_warm_script(
    script: Path,
    args: Sequence[str],
    *,
    cwd: Path,
    env: dict[str, str],
    timeout: float,
    modules: Iterable[str] = (),
    output_limit: int = 4_000_000,
    family: str = "",
) -> ScriptRun | None:
    """`python SCRIPT ARGS` in `cwd`, forked from the launcher of the `warm_checks()` around it
    once it has imported `modules` (the launcher of `family`'s runs), under a guard as a check
    is (everything it starts ends with it); None outside `warm_checks()`, for the caller to start
    an interpreter itself. For trusted code run many times, such as the lessons' code blocks."""
    launcher = _launcher_for(sys.executable, set(modules), family)
    if launcher is None:
        return None
    command = [launcher.python, str(script), *args]
    deadline = time.monotonic() + timeout
    run = _execute(command, cwd, env, deadline, output_limit, 0, launcher)
    return ScriptRun(run.output, run.timed_out, run.returncode)


def _launcher_for(python: str, modules: set[str], family: str) -> warm.Launcher | None:
    """The warm launcher of `family` for `python` once it has imported `modules`: None outside
    `warm_checks()`, for another Python, or when it is gone or cannot start."""
    pool = _warm
    if pool is None or python != pool.python:
        return None
    try:
        launcher = pool.launcher(family)
        launcher.preload(sorted(modules))
    except OSError:  # LauncherError, or none could start: the run starts cold
        return None
    return launcher


def imported_modules(file: Path) -> set[str]:
    """The absolute imports of a Python file (`import a.b`, `from a.b import c`: a.b), except
    the learner's `exercise`; nothing for a file that cannot be read."""
    try:
        source = file.read_bytes()
    except OSError:
        return set()
    return {name for name in imports_in(source) if name.split(".")[0] != "exercise"}


def imports_in(source: str | bytes) -> set[str]:
    """The absolute imports of Python code, `__future__` aside; nothing for code that does not
    parse."""
    try:
        tree = pysource.parse(source)
    except (SyntaxError, ValueError):
        return set()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return {name for name in names if name.split(".")[0] != "__future__"}


@dataclass(frozen=True, slots=True)
class CheckCase:
    """One test of check.py: its name, whether it passed and, for a failure, why."""

    name: str
    passed: bool
    message: str


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The verdict on one run; `cause` is a line for the learner whenever it is not a pass."""

    outcome: str
    cases: tuple[CheckCase, ...]
    cause: str
    duration: float
    output_truncated: bool
    output: str = ""  # what the run printed (the learner's prints, crash traces), capped

    @property
    def passed(self) -> bool:
        return self.outcome == "passed"

    @property
    def score(self) -> float:
        if not self.cases:
            return 0.0
        return sum(case.passed for case in self.cases) / len(self.cases)

    @property
    def first_failure(self) -> CheckCase | None:
        return next((case for case in self.cases if not case.passed), None)


@dataclass(frozen=True, slots=True)
class _Report:
    """What the plugin wrote at the end of the pytest session."""

    exitstatus: int
    collected: int
    cases: tuple[CheckCase, ...]
    errors: tuple[str, ...]
    memory: bool


@dataclass(slots=True)
class _Sink:
    """Keeps the first `limit` bytes of output and discards the rest, so a flood never blocks."""

    limit: int
    data: bytearray = field(default_factory=bytearray)
    truncated: bool = False

    def read(self, fd: int) -> bool:
        """Takes what is waiting in the pipe; False once the pipe is closed."""
        try:
            chunk = os.read(fd, _READ_SIZE)
        except BlockingIOError:
            return True
        if not chunk:
            return False
        room = max(self.limit - len(self.data), 0)
        if len(chunk) > room:
            self.truncated = True
        self.data += chunk[:room]
        return True


@dataclass(frozen=True, slots=True)
class _Run:
    returncode: int
    timed_out: bool
    output: str
    truncated: bool
    cpu_seconds: float = 0.0


def run_check(
    exercise_file: Path,
    check_file: Path,
    *,
    timeout: float = 20.0,
    memory_mb: int = 2048,
    output_limit: int = 256_000,
    python: str = sys.executable,
    cpu_seconds: float | None = None,
    warm: bool = True,
    family: str = "",
) -> CheckResult:
    """Runs check.py against the learner's file; never raises for anything the learner's code does.

    Within `warm_checks()` it forks from the warm launcher of `family`'s runs unless `warm` is
    False (then, as outside, it starts an interpreter of its own). `memory_mb` <= 0 means no memory cap.
    `cpu_seconds` is the CPU time each process of the check may use (by default twice the
    timeout plus 5 s; <= 0 for no limit). The check and everything it starts end when it does,
    also when the tutor is interrupted or killed. Raises CheckerError only when the check cannot
    be run at all (a missing file, a missing interpreter, pytest not installed for it).
    """
    _require_file(exercise_file, "exercise")
    _require_file(check_file, "check")
    if cpu_seconds is None:
        cpu_seconds = _CPU_PER_WALL_SECOND * timeout + _CPU_EXTRA
    cpu_limit = max(math.ceil(cpu_seconds), 0)
    # A warm launcher first imports what the check imports, once for every check after it: that
    # is the launcher's warm-up, not this check's time, and on a busy machine it can be long.
    modules = imported_modules(exercise_file) | imported_modules(check_file)
    launcher = _launcher_for(python, modules, family) if warm else None
    start = time.monotonic()
    with (
        tempfile.TemporaryDirectory(prefix="tutor-check-", ignore_cleanup_errors=True) as work,
        tempfile.TemporaryDirectory(prefix="tutor-run-", ignore_cleanup_errors=True) as private,
        tempfile.TemporaryDirectory(prefix="tutor-tmp-", ignore_cleanup_errors=True) as scratch,
    ):
        workdir, privdir = Path(work), Path(private)
        shutil.copyfile(exercise_file, workdir / "exercise.py")
        shutil.copyfile(check_file, workdir / "check.py")
        shutil.copyfile(_PLUGIN_SOURCE, privdir / f"{_PLUGIN_MODULE}.py")
        (privdir / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
        nonce = secrets.token_hex(16)
        report_path = privdir / f"report-{secrets.token_hex(8)}.json"
        env = _environment(privdir, report_path, nonce, memory_mb)
        stall_path = privdir / f"stall-{secrets.token_hex(8)}.txt"
        env.update(_stall_dump(stall_path, timeout))
        command = _command(python, workdir, privdir, Path(scratch) / "pytest")
        run = _execute(command, workdir, env, start + timeout, output_limit, cpu_limit, launcher)
        report = _read_report(report_path, nonce)
        stalled_at = _stalled_at(stall_path) if run.timed_out else ""
        places = _places(workdir, {"exercise.py": exercise_file, "check.py": check_file})
    if report is None and not run.timed_out and _NO_PYTEST in run.output:
        raise CheckerError(
            f"pytest is not installed for {python}",
            hint=f"install it with `{python} -m pip install pytest`",
        )
    outcome, cause = _judge(run, report, timeout, memory_mb, cpu_limit)
    if stalled_at:
        cause += f" {stalled_at}"
    cases = report.cases if report is not None else ()
    duration = time.monotonic() - start
    result = CheckResult(outcome, cases, cause, duration, run.truncated, run.output)
    return _relocate(result, places)


def _require_file(path: Path, role: str) -> None:
    if not path.is_file():
        raise CheckerError(
            f"the {role} file {path} does not exist",
            hint="`tutor start ID` sets up an exercise; `tutor validate` checks the curriculum",
        )


def _command(python: str, workdir: Path, privdir: Path, basetemp: Path) -> list[str]:
    # The empty ini, --rootdir, --noconftest and no autoloaded plugins keep any pytest config of the
    # learner's or of the machine out. `-p no:terminal` silences pytest itself (quieter than -q,
    # which the terminal plugin owns), so the pipe carries only what the learner's code prints; -s
    # sends that to our capped pipe instead of pytest's unbounded capture files.
    # --basetemp: a check's tmp_path lives in the run's own folder, removed with it. pytest's
    # default, numbered folders under /tmp/pytest-of-USER, is shared with every other pytest
    # session of the user, and a session that asks for tmp_path deletes that folder's older
    # entries as it ends: a check could spend its whole time limit deleting another test suite's
    # files (it did, in this project's own suite).
    return [
        python,
        "-m",
        "pytest",
        "-p",
        _PLUGIN_MODULE,
        "-p",
        "no:cacheprovider",
        "-p",
        "no:terminal",
        "-c",
        str(privdir / "pytest.ini"),
        "--rootdir",
        str(workdir),
        "--noconftest",
        "--basetemp",
        str(basetemp),
        "-s",
        "check.py",
    ]


def _environment(privdir: Path, report: Path, nonce: str, memory_mb: int) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONUNBUFFERED"] = "1"  # the learner sees their prints even when the run crashes
    # Each BLAS/OpenMP thread holds its own buffers (about 40 MiB for OpenBLAS) that count against
    # the memory cap: on a 64-core machine `import numpy` alone would exceed 2 GiB. One thread also
    # makes floating-point results reproducible.
    env.update(dict.fromkeys(_THREAD_VARIABLES, "1"))
    # Checks run offline: libraries that report usage (MLflow's telemetry, any that honour the
    # DO_NOT_TRACK convention) are told not to, before anything imports them.
    env.update(_NO_TELEMETRY)
    if "JAX_COMPILATION_CACHE_DIR" not in env:
        env.update(_jax_cache())
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(privdir), env.get("PYTHONPATH")]))
    # The plugin pops these at import, before the learner's code can read them.
    env["TUTOR_CHECK_REPORT"] = str(report)
    env["TUTOR_CHECK_NONCE"] = nonce
    env["TUTOR_CHECK_MEMORY"] = str(max(memory_mb, 0) * 2**20)
    return env


# The plugin dumps the check's stacks this long before the deadline, so that a timeout can say
# where the learner's code was: a tenth of the time limit, at most a second.
_STALL_MARGIN = 0.1
_STALL_MARGIN_MAX = 1.0
_STALL_FRAME = re.compile(
    r'File "(?P<path>[^"]*exercise\.py)", line (?P<line>\d+) in (?P<name>\S+)'
)


def _stall_dump(path: Path, timeout: float) -> dict[str, str]:
    """What tells the plugin to write the check's stacks to `path` just before the deadline."""
    margin = min(timeout * _STALL_MARGIN, _STALL_MARGIN_MAX)
    deadline = time.time() + timeout - margin  # the wall clock: the same in the check's process
    return {"TUTOR_CHECK_STALL": str(path), "TUTOR_CHECK_STALL_AT": repr(deadline)}


def _stalled_at(path: Path) -> str:
    """Where the learner's code was when the stacks were dumped ("(at FILE line N, in NAME)"),
    from the innermost frame in exercise.py; "" when there is no dump or no such frame."""
    try:
        dump = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    frame = _STALL_FRAME.search(dump)  # faulthandler lists the most recent call first
    if frame is None:
        return ""
    return f"(at {frame['path']} line {frame['line']}, in {frame['name']})"


def _jax_cache() -> dict[str, str]:
    """JAX compiles every operation a check runs, in every new process: a cache on disk of what
    it compiled (keyed by the compiled program, so a check only ever gets its own code's) halves
    a JAX check's time from the second run on."""
    from tutor.curriculum.cache import default_cache_dir

    return {
        "JAX_COMPILATION_CACHE_DIR": str(default_cache_dir() / "jax"),
        "JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS": "0",
        "JAX_PERSISTENT_CACHE_MIN_ENTRY_SIZE_BYTES": "-1",
    }


def _execute(
    command: list[str],
    workdir: Path,
    env: dict[str, str],
    deadline: float,
    output_limit: int,
    cpu_limit: int,
    launcher: warm.Launcher | None = None,
) -> _Run:
    try:
        if launcher is not None:
            try:
                check = launcher.start(command, cwd=workdir, env=env, cpu_seconds=cpu_limit)
            except warm.LauncherError:  # gone: this check starts cold
                check = containment.start(command, cwd=workdir, env=env, cpu_seconds=cpu_limit)
        else:
            check = containment.start(command, cwd=workdir, env=env, cpu_seconds=cpu_limit)
    except OSError as error:
        raise _cannot_run(sys.executable, error.strerror or str(error)) from error
    sink = _Sink(output_limit)
    with check.output as pipe:
        try:
            timed_out = _watch(check, pipe.fileno(), sink, deadline)
        finally:  # also on KeyboardInterrupt in the tutor: nothing it started is left running
            ended = check.end()
            _drain(pipe.fileno(), sink, time.monotonic() + _DRAIN_GRACE)
    if ended.exec_errno is not None:
        raise _cannot_run(command[0], os.strerror(ended.exec_errno) if ended.exec_errno else "")
    output = sink.data.decode("utf-8", errors="replace")
    return _Run(ended.returncode, timed_out, output, sink.truncated, ended.cpu_seconds)


def _cannot_run(python: str, reason: str) -> CheckerError:
    return CheckerError(
        f"cannot run the Python interpreter {python}" + (f": {reason}" if reason else ""),
        hint="check the interpreter path, or run `tutor doctor`",
    )


def _watch(check: containment.Contained, fd: int, sink: _Sink, deadline: float) -> bool:
    """Collects output until the check ends (False) or the deadline passes (True)."""
    os.set_blocking(fd, False)
    # The end is the guard's exit, not the pipe's EOF: a background child of the learner's code
    # may hold the pipe open. A pidfd lets one select() wait for both without polling.
    pidfd = _open_pidfd(check.pid)
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(fd, selectors.EVENT_READ)
            if pidfd is not None:
                selector.register(pidfd, selectors.EVENT_READ)
            while (remaining := deadline - time.monotonic()) > 0:
                wait = remaining if pidfd is not None else min(remaining, _EXIT_POLL)
                ready = {key.fd for key, _ in selector.select(wait)}
                if fd in ready and not sink.read(fd):
                    selector.unregister(fd)
                if pidfd in ready or (pidfd is None and check.poll()):
                    return False
            return True
    finally:
        if pidfd is not None:
            os.close(pidfd)


def _open_pidfd(pid: int) -> int | None:
    pidfd_open = getattr(os, "pidfd_open", None)
    if pidfd_open is None:
        return None
    try:
        return int(pidfd_open(pid))
    except OSError:  # a kernel older than 5.3
        return None


def _drain(fd: int, sink: _Sink, deadline: float) -> None:
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while (remaining := deadline - time.monotonic()) > 0:
            if selector.select(remaining) and not sink.read(fd):
                return


def _read_report(path: Path, nonce: str) -> _Report | None:
    """The plugin's report, or None when it is missing, malformed or not from this run."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["nonce"] != nonce:
            return None
        cases = tuple(
            CheckCase(str(case["name"]), case["passed"] is True, str(case["message"] or ""))
            for case in data["cases"]
        )
        errors = tuple(str(error) for error in data["errors"])
        return _Report(
            int(data["exitstatus"]), int(data["collected"]), cases, errors, bool(data["memory"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _judge(
    run: _Run, report: _Report | None, timeout: float, memory_mb: int, cpu_limit: int
) -> tuple[str, str]:
    """The outcome and its one-line cause; only a complete report of passing checks is a pass."""
    if run.timed_out:
        return "timeout", f"timed out after {timeout:g} s"
    # SIGXCPU at the soft limit; SIGKILL at the hard one, for code that ignores SIGXCPU.
    over_cpu = cpu_limit > 0 and run.cpu_seconds >= cpu_limit
    if run.returncode == -signal.SIGXCPU or (run.returncode == -signal.SIGKILL and over_cpu):
        return "timeout", f"ran out of CPU time (limit {cpu_limit} s)"
    cap = f" (cap {memory_mb} MiB)" if memory_mb > 0 else ""
    if report is not None and report.memory:
        return "memory", f"ran out of memory{cap}"
    # We send SIGKILL only after the exit or at the deadline; before that it is the kernel's OOM
    # killer, when the machine has less memory free than the cap.
    if run.returncode == -signal.SIGKILL:
        below = f" below the cap of {memory_mb} MiB" if memory_mb > 0 else ""
        return "memory", f"ran out of memory (killed by the system{below})"
    if run.returncode < 0:
        return "crashed", f"the interpreter crashed ({_signal_name(-run.returncode)})"
    incomplete = f"exited without a complete test report (exit code {run.returncode})"
    if report is None:
        return "crashed", incomplete
    if report.errors:
        return "failed", report.errors[0]
    if report.collected == 0:
        no_tests = report.exitstatus == _NO_TESTS_COLLECTED
        return ("error", "check.py defines no tests") if no_tests else ("crashed", incomplete)
    if len(report.cases) != report.collected:
        return "crashed", incomplete
    failed = sum(not case.passed for case in report.cases)
    if failed:
        return "failed", f"{failed} of {len(report.cases)} checks failed"
    if run.returncode != 0 or report.exitstatus != 0:
        return "crashed", f"exited with code {run.returncode} after the checks passed"
    return "passed", ""


def _signal_name(number: int) -> str:
    try:
        return f"signal {signal.Signals(number).name}"
    except ValueError:
        return f"signal {number}"


def _places(workdir: Path, copies: dict[str, Path]) -> dict[str, str]:
    """The temporary copies' paths, as tracebacks may spell them, to the learner's own."""
    places = {}
    for name, original in copies.items():
        copy = workdir / name
        for spelling in {str(copy), os.path.realpath(copy)}:
            places[spelling] = str(original)
    return places


def _relocate(result: CheckResult, places: dict[str, str]) -> CheckResult:
    """The result with every location in the temporary folder named as the learner's file.

    The copies are byte for byte, so the line numbers are right as they stand.
    """

    def fix(text: str) -> str:
        # Longest first: one spelling may end with another (/private/tmp/... and /tmp/... on macOS).
        for copy in sorted(places, key=len, reverse=True):
            text = text.replace(copy, places[copy])
        return text

    cases = tuple(dataclasses.replace(case, message=fix(case.message)) for case in result.cases)
    return dataclasses.replace(
        result, cases=cases, cause=fix(result.cause), output=fix(result.output)
    )
