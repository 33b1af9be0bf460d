"""Runs a command so that it, and everything it starts, ends with it or with the tutor."""

# The work is done by a guard process (_guard.py) between the tutor and the command, because the
# tutor cannot be relied on to clean up: a SIGKILL, or a SIGTERM or SIGHUP with Python's default
# handling, ends it without running a line. What the guard can rely on instead is the kernel
# closing the tutor's end of the control pipe, however the tutor ends. This module is the tutor's
# side: it starts the guard, asks it to stop (by closing the pipe) and reads what it reports.

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO

_GUARD_DIR = Path(__file__).parent
# Imported rather than run as a script, so that its bytecode is cached like any module's.
_LAUNCH = "import sys; sys.path.insert(0, sys.argv.pop(1)); import _guard; _guard.main(sys.argv)"
# The guard needs milliseconds to kill and reap; longer means it is stuck (a process in
# uninterruptible sleep), and the tutor kills the group itself rather than wait on it.
_STOP_GRACE = 5.0


@dataclass(frozen=True, slots=True)
class Ended:
    """How the command ended: its exit code as Popen gives it (-N for signal N) and its CPU time.

    `exec_errno` is set when the command could not be started at all (0 for an unknown reason).
    """

    returncode: int
    cpu_seconds: float
    exec_errno: int | None = None


class Contained:
    """A command running under a guard; `output` carries what it and its children print."""

    def __init__(self, process: subprocess.Popen[bytes], control: int, status: int) -> None:
        self._process = process
        self._control: int | None = control
        self._status = status
        self._ended: Ended | None = None
        assert process.stdout is not None  # stdout=PIPE
        self.output: IO[bytes] = process.stdout

    @property
    def pid(self) -> int:
        """The guard's pid: it exits once the command and all it started are gone."""
        return self._process.pid

    def poll(self) -> bool:
        """True once the guard has exited."""
        return self._process.poll() is not None

    def stop(self) -> None:
        """Asks the guard to end everything now; harmless once it has."""
        if self._control is not None:
            os.close(self._control)
            self._control = None

    def end(self) -> Ended:
        """Stops the command if it still runs, waits for the guard and returns how it ended."""
        if self._ended is not None:
            return self._ended
        self.stop()
        try:
            self._process.wait(_STOP_GRACE)
        except subprocess.TimeoutExpired:
            # The guard leads the session's process group: the command's part of it, at least.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self._process.pid, signal.SIGKILL)
            self._process.wait()
        try:
            self._ended = parse_status(read_all(self._status), self._process.returncode)
        finally:
            os.close(self._status)
        return self._ended


def start(command: list[str], *, cwd: Path, env: dict[str, str], cpu_seconds: int) -> Contained:
    """Starts `command` under a guard; stdin is /dev/null, stdout and stderr one pipe.

    `cpu_seconds` (<= 0 for none) is the RLIMIT_CPU of the command and of each process it starts.
    Raises OSError when the guard's interpreter cannot be run; a command that cannot be run is
    reported by `Contained.end()`.
    """
    control_read, control = os.pipe()
    status, status_write = os.pipe()
    guard = [sys.executable, "-I", "-S", "-c", _LAUNCH, str(_GUARD_DIR)]
    guard += [str(status_write), str(cpu_seconds)]
    try:
        # A session of its own, so that neither a Ctrl-C nor the terminal's hangup reaches the check
        # directly: the tutor ends it deliberately, through the guard.
        process = subprocess.Popen(
            [*guard, *command],
            cwd=cwd,
            env=env,
            stdin=control_read,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            pass_fds=(status_write,),
        )
    except BaseException:
        os.close(control)
        os.close(status)
        raise
    finally:
        os.close(control_read)
        os.close(status_write)
    return Contained(process, control, status)


def read_all(fd: int) -> bytes:
    # The guard has exited: what it wrote is in the pipe, and nobody else holds the writing end
    # (it is not inherited), so this never blocks for long.
    os.set_blocking(fd, False)
    data = b""
    with contextlib.suppress(BlockingIOError):
        while chunk := os.read(fd, 4096):
            data += chunk
    return data


def parse_status(report: bytes, guard_returncode: int) -> Ended:
    """Reads the guard's lines: `exec ERRNO` if the command did not start, `exit STATUS CPU`."""
    exec_errno: int | None = None
    ended = Ended(guard_returncode, 0.0)
    for line in report.decode("ascii", errors="replace").splitlines():
        match line.split():
            case ["exec", errno] if errno.isdigit():
                exec_errno = int(errno)
            case ["exit", status, cpu] if status.lstrip("-").isdigit():
                returncode = os.waitstatus_to_exitcode(int(status))
                ended = Ended(returncode, _float(cpu))
    return Ended(ended.returncode, ended.cpu_seconds, exec_errno)


def _float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 0.0
