"""A check and everything it starts end with it, however the check or the tutor running it ends."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tutor.practice import containment
from tutor.practice.checker import run_check

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc"),
]

DEADLINE = 20.0  # generous: the check is expected to be gone in well under a second
REPO = Path(__file__).resolve().parent.parent

# Each solution records the pids of what it runs as files in PIDS, then keeps running. The roles:
# `check` is the pytest process running the learner's code, `session` a child that left the
# session (and so the process group), `daemon` the grandchild of a double fork.
SOLUTIONS = {
    "loop": """
        def work():
            record("check", os.getpid())
            while True:
                pass
    """,
    "new_session": """
        def work():
            record("check", os.getpid())
            child = subprocess.Popen(SLEEPER, start_new_session=True)
            record("session", child.pid)
            keep_running()
    """,
    "double_fork": """
        def work():
            record("check", os.getpid())
            daemonize()
            keep_running()
    """,
    "both": """
        def work():
            record("check", os.getpid())
            child = subprocess.Popen(SLEEPER, start_new_session=True)
            record("session", child.pid)
            daemonize()
            keep_running()
    """,
}
ROLES = {
    "loop": ("check",),
    "new_session": ("check", "session"),
    "double_fork": ("check", "daemon"),
    "both": ("check", "session", "daemon"),
}
PRELUDE = """
    import os, subprocess, sys, time
    from pathlib import Path

    PIDS = Path({pids!r})
    FOREVER = {forever!r}
    SLEEPER = [sys.executable, "-c", "import time; time.sleep(600)"]

    def keep_running():
        while FOREVER:
            time.sleep(0.05)

    def record(role, pid):
        (PIDS / f"{{role}}.tmp").write_text(str(pid))
        (PIDS / f"{{role}}.tmp").replace(PIDS / role)

    def daemonize():
        child = os.fork()
        if child == 0:
            try:
                os.setsid()
                if os.fork() == 0:
                    record("daemon", os.getpid())
                    time.sleep(600)
            finally:
                os._exit(0)
        os.waitpid(child, 0)
"""
CHECK = "import exercise\n\n\ndef test_work():\n    exercise.work()\n"
# The tutor as a learner runs it in a terminal: its main thread inside run_check, Ctrl-C raising
# KeyboardInterrupt, SIGTERM and SIGHUP ending it, even when the tests run under nohup or in the
# background (which ignore some of these for their children).
TUTOR = """
import signal, sys
from pathlib import Path
from tutor.practice.checker import run_check
signal.signal(signal.SIGINT, signal.default_int_handler)
signal.signal(signal.SIGTERM, signal.SIG_DFL)
signal.signal(signal.SIGHUP, signal.SIG_DFL)
run_check(Path(sys.argv[1]), Path(sys.argv[2]), timeout=600)
"""


def write_check(folder: Path, kind: str, *, forever: bool = True) -> tuple[Path, Path]:
    pids = folder / "pids"
    pids.mkdir()
    exercise = folder / "exercise.py"
    prelude = PRELUDE.format(pids=str(pids), forever=forever)
    exercise.write_text(textwrap.dedent(prelude) + textwrap.dedent(SOLUTIONS[kind]))
    (folder / "check.py").write_text(CHECK)
    return exercise, folder / "check.py"


def recorded(folder: Path) -> dict[str, int]:
    pids = folder / "pids"
    return {path.name: int(path.read_text()) for path in pids.iterdir() if path.suffix != ".tmp"}


def wait_for_roles(folder: Path, roles: tuple[str, ...], tutor: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + DEADLINE
    while not set(roles) <= recorded(folder).keys():
        assert tutor.poll() is None, "the tutor ended before the check started its processes"
        assert time.monotonic() < deadline, f"the check never recorded {roles}"
        time.sleep(0.02)


def parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def alive(pid: int) -> bool:
    # A killed process reparented to a container's init may linger as a zombie: dead, not reaped.
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return fields[0] != "Z"


def survivors(pids: list[int]) -> list[int]:
    """The pids still alive once all are gone or DEADLINE has passed."""
    deadline = time.monotonic() + DEADLINE
    while (left := [pid for pid in pids if alive(pid)]) and time.monotonic() < deadline:
        time.sleep(0.02)
    return left


@contextlib.contextmanager
def cleanup(folder: Path, *extra: int) -> Iterator[list[int]]:
    """Yields a list to add pids to; whatever the test's outcome, all of them end."""
    pids = list(extra)
    try:
        yield pids
    finally:
        for pid in [*pids, *recorded(folder).values()]:
            if alive(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize(
    "signum",
    [signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGKILL],
    ids=lambda signum: signal.Signals(signum).name,
)
@pytest.mark.parametrize("kind", ["loop", "new_session", "double_fork"])
def test_the_check_ends_with_the_tutor(tmp_path: Path, kind: str, signum: int) -> None:
    exercise, check = write_check(tmp_path, kind)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    tutor = subprocess.Popen(
        [sys.executable, "-c", TUTOR, str(exercise), str(check)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with cleanup(tmp_path, tutor.pid) as pids:
        try:
            wait_for_roles(tmp_path, ROLES[kind], tutor)
            roles = recorded(tmp_path)
            guard = parent_of(roles["check"])
            assert parent_of(guard) == tutor.pid
            pids += [guard, *roles.values()]
            tutor.send_signal(signum)
            tutor.wait(DEADLINE)
            assert survivors(pids) == []
        finally:
            tutor.kill()
            tutor.wait()


@pytest.mark.parametrize("kind", ["new_session", "double_fork"])
def test_what_left_the_session_ends_with_a_passing_check(tmp_path: Path, kind: str) -> None:
    exercise, check = write_check(tmp_path, kind, forever=False)
    with cleanup(tmp_path):
        result = run_check(exercise, check)
        assert result.passed, result.cause
        roles = recorded(tmp_path)
        assert set(roles) == set(ROLES[kind])
        assert survivors(list(roles.values())) == []


def test_what_left_the_session_ends_with_a_timed_out_check(tmp_path: Path) -> None:
    exercise, check = write_check(tmp_path, "both")
    with cleanup(tmp_path):
        result = run_check(exercise, check, timeout=2.0)
        assert result.outcome == "timeout"
        roles = recorded(tmp_path)
        assert set(roles) == set(ROLES["both"])
        assert survivors(list(roles.values())) == []


GROUP_AND_ESCAPE = """
import subprocess, sys, time
sleeper = [sys.executable, "-c", "import time; time.sleep(600)"]
group = subprocess.Popen(sleeper)
escaped = subprocess.Popen(sleeper, start_new_session=True)
print(group.pid, escaped.pid, flush=True)
time.sleep(600)
"""
# The guard with the subreaper switched off, as it runs where prctl does not exist (macOS).
PLAIN_GUARD = """
import importlib.util

spec = importlib.util.spec_from_file_location("real_guard", {path!r})
guard = importlib.util.module_from_spec(spec)
spec.loader.exec_module(guard)
guard._prctl = lambda: None
main = guard.main
"""


def test_without_a_subreaper_the_process_group_still_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "_guard.py").write_text(
        PLAIN_GUARD.format(path=str(containment._GUARD_DIR / "_guard.py"))
    )
    monkeypatch.setattr(containment, "_GUARD_DIR", plain)
    command = [sys.executable, "-c", GROUP_AND_ESCAPE]
    check = containment.start(command, cwd=tmp_path, env=dict(os.environ), cpu_seconds=0)
    group = escaped = 0
    try:
        group, escaped = (int(pid) for pid in check.output.readline().split())
        main = parent_of(group)
        ended = check.end()
        assert ended.returncode == -signal.SIGKILL  # stopped, not exited
        assert survivors([check.pid, main, group]) == []
    finally:
        check.end()  # only waits, if the test already ended it
        check.output.close()
        for pid in (group, escaped):
            with contextlib.suppress(ProcessLookupError):
                if pid:
                    os.kill(pid, signal.SIGKILL)


def test_a_command_that_cannot_start_is_reported(tmp_path: Path) -> None:
    check = containment.start(
        [str(tmp_path / "no-such-program")], cwd=tmp_path, env=dict(os.environ), cpu_seconds=0
    )
    deadline = time.monotonic() + DEADLINE
    while not check.poll() and time.monotonic() < deadline:  # end() would stop it at once
        time.sleep(0.01)
    with check.output:
        ended = check.end()
    assert ended.exec_errno == errno.ENOENT
