"""The guard of a code check: runs its command and ends everything it starts, whatever the tutor does."""

# Started by containment.py as `python -I -S -c "...; _guard.main(sys.argv)" STATUS_FD CPU_SECONDS
# COMMAND...`, with the reading end of the tutor's control pipe as stdin and the check's output
# pipe as stdout and stderr. It imports only the standard library (the tutor's packages are not on
# its path) and starts fast, because every check waits for it: `_signal` stands in for `signal`,
# and nothing imports `typing`, whose imports (enum, re) would cost more than the rest.
#
# The guard is the one process of a check that never runs the learner's code, so it is the one that
# can be trusted to clean up. On Linux it is a child subreaper: whatever the command starts that is
# orphaned (a double fork, a daemon, a child of a killed parent) is reparented to it, which makes
# "everything the check started" exactly "every descendant of the guard", even after a setsid().
# It ends them all when the command exits, when the tutor closes the control pipe, and when the
# tutor dies in any way (the kernel closes the pipe for it, even after a SIGKILL).

from __future__ import annotations

import os
import select
import sys

TYPE_CHECKING = False  # not typing's: importing typing would double the guard's start-up
if TYPE_CHECKING:
    import signal as _signal
    from collections.abc import Callable
else:
    import _signal

_PR_SET_PDEATHSIG = 1
_PR_SET_CHILD_SUBREAPER = 36
_STOP_SIGNALS = (_signal.SIGTERM, _signal.SIGINT, _signal.SIGHUP)
# Python ignores these at start-up; a command started by exec would inherit the ignoring.
_RESTORED_SIGNALS = (_signal.SIGPIPE, _signal.SIGXFSZ)
# Between the soft CPU limit's SIGXCPU and the hard limit's SIGKILL, for a process that ignores the
# first.
_CPU_HARD_EXTRA = 2
_KILL_PAUSE = 0.01
_EXEC_FAILED = 127


def main(argv: list[str]) -> None:
    status_fd, cpu_seconds, command = int(argv[1]), int(argv[2]), argv[3:]
    guard(status_fd, cpu_seconds, command)


def guard(status_fd: int, cpu_seconds: int, command: list[str] | Callable[[], object]) -> None:
    """Runs `command` (an argv to exec, or a function a forked process runs and then exits) and
    ends everything it starts; never returns. See the module's comment for when it stops."""
    os.set_inheritable(status_fd, False)  # for the guard's reports only, not the command's
    control = os.dup(0)  # non-inheritable: only the tutor's death or its close can end it
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    wake = _wake_on_signals()
    prctl = _prctl()
    subreaper = (
        prctl is not None
        and _can_list_processes()
        and prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    )
    me = os.getpid()
    child = os.fork()
    if child == 0:
        _become_command(command, cpu_seconds, prctl, me, status_fd, (control, wake))
    ended = _Ended(child)
    if not _supervise(ended, control, wake):
        _kill(child)  # stopped early: the command first, so that it starts nothing more
    if subreaper:
        _end_descendants(me, ended, wake)
    else:
        _end_child(ended)
    if ended.status is not None:
        with _SuppressOSError():  # the tutor may be gone; nobody is left to tell
            os.write(status_fd, f"exit {ended.status} {ended.cpu:.3f}\n".encode())
    if not subreaper:
        # Without a subreaper, the command's process group is all that can be found: the guard
        # leads it (the tutor started it in a new session), so this ends the guard last.
        os.killpg(0, _signal.SIGKILL)
    os._exit(0)


class _Ended:
    """The command's wait status and CPU time, once reaped."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.status: int | None = None
        self.cpu = 0.0

    def reap(self) -> bool:
        """Reaps every child that has exited; False once there are no children left at all."""
        while True:
            try:
                pid, status, usage = os.wait4(-1, os.WNOHANG)
            except ChildProcessError:
                return False
            if pid == 0:
                return True
            if pid == self.pid:
                self.status, self.cpu = status, usage.ru_utime + usage.ru_stime


def _noop(signum: int, frame: object) -> None:
    """The handler that makes a signal wake the select() through the wakeup fd."""


def _wake_on_signals() -> int:
    read, write = os.pipe()
    os.set_blocking(read, False)
    os.set_blocking(write, False)
    _signal.set_wakeup_fd(write, warn_on_full_buffer=False)
    for signum in (*_STOP_SIGNALS, _signal.SIGCHLD):
        _signal.signal(signum, _noop)
    return read


def _prctl() -> Callable[[int, int, int, int, int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        function = ctypes.CDLL(None).prctl
    except (OSError, AttributeError):  # a libc without prctl (or not found)
        return None
    # The kernel reads unsigned longs; ctypes would pass plain ints.
    function.argtypes = [ctypes.c_int, *[ctypes.c_ulong] * 4]
    function.restype = ctypes.c_int
    prctl: Callable[[int, int, int, int, int], int] = function
    return prctl


def _can_list_processes() -> bool:
    return os.access(f"/proc/{os.getpid()}/stat", os.R_OK)


def _become_command(
    command: list[str] | Callable[[], object],
    cpu_seconds: int,
    prctl: Callable[[int, int, int, int, int], int] | None,
    guard: int,
    status_fd: int,
    guards_fds: tuple[int, int],
) -> None:
    """In the forked child: limits, default signals, then exec (or the function); never
    returns."""
    errno = 0
    try:
        wake_write = _signal.set_wakeup_fd(-1)
        for signum in (*_STOP_SIGNALS, _signal.SIGCHLD, *_RESTORED_SIGNALS):
            _signal.signal(signum, _signal.SIG_DFL)
        if prctl is not None:
            # Should the guard itself be killed, the command goes with it instead of running on.
            prctl(_PR_SET_PDEATHSIG, _signal.SIGKILL, 0, 0, 0)
            if os.getppid() != guard:
                os._exit(_EXEC_FAILED)
        _limit(cpu_seconds)
        if not callable(command):
            os.execvp(command[0], command)
        # No exec closes what only the guard may hold: the status pipe (a command that wrote to
        # it could pass for the guard), the control pipe and the guard's wake-up pipe.
        for fd in (status_fd, *guards_fds, wake_write):
            with _SuppressOSError():
                os.close(fd)
        command()
        os._exit(0)
    except OSError as error:
        errno = error.errno or 0
    finally:
        with _SuppressOSError():
            os.write(status_fd, f"exec {errno}\n".encode())
        os._exit(_EXEC_FAILED)


def _limit(cpu_seconds: int) -> None:
    import resource

    # No core files: a dump of a crashed interpreter takes long to write and nobody reads it.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if cpu_seconds <= 0:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft, new_hard = cpu_seconds, cpu_seconds + _CPU_HARD_EXTRA
    if hard != resource.RLIM_INFINITY:
        soft, new_hard = min(soft, hard), min(new_hard, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, new_hard))


def _supervise(ended: _Ended, control: int, wake: int) -> bool:
    """Waits for the command's exit (True) or a reason to stop it (False)."""
    while True:
        ready, _, _ = select.select([control, wake], [], [])
        signals = _drain(wake) if wake in ready else b""
        ended.reap()
        if ended.status is not None:
            return True
        # Any byte or the end of the control pipe means stop; the tutor only ever closes it.
        if control in ready or any(signum in signals for signum in _STOP_SIGNALS):
            return False


def _drain(fd: int) -> bytes:
    data = b""
    with _SuppressOSError():
        while chunk := os.read(fd, 512):
            data += chunk
    return data


def _end_descendants(guard: int, ended: _Ended, wake: int) -> None:
    """Kills every descendant until none is left, reaping them (and the command) as they die."""
    # When the command has exited and the guard has no children left, nothing it started is alive
    # (an orphan would have been reparented here), so the usual pass costs no walk of /proc.
    while ended.reap():
        for pid in _descendants(guard):
            _kill(pid)
        select.select([wake], [], [], _KILL_PAUSE)  # a SIGCHLD ends the pause early
        _drain(wake)


def _end_child(ended: _Ended) -> None:
    while ended.status is None:
        try:
            pid, status, usage = os.wait4(ended.pid, 0)
        except ChildProcessError:
            return
        if pid == ended.pid:
            ended.status, ended.cpu = status, usage.ru_utime + usage.ru_stime


def _descendants(root: int) -> list[int]:
    # /proc/PID/task/TID/children would be cheaper, but many kernels are built without it.
    children: dict[int, list[int]] = {}
    with os.scandir("/proc") as entries:
        for entry in entries:
            if entry.name.isdigit() and (parent := _parent(entry.name)) is not None:
                children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        for pid in children.get(todo.pop(), ()):
            found.append(pid)
            todo.append(pid)
    return found


def _parent(pid: str) -> int | None:
    try:
        fd = os.open(f"/proc/{pid}/stat", os.O_RDONLY)
    except OSError:  # gone since the listing
        return None
    try:
        # The name, in parentheses, may hold spaces and parentheses itself: the state and the parent
        # follow the last ")".
        return int(os.read(fd, 4096).rsplit(b")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None
    finally:
        os.close(fd)


def _kill(pid: int) -> None:
    with _SuppressOSError():
        os.kill(pid, _signal.SIGKILL)


class _SuppressOSError:
    """contextlib.suppress(OSError), without importing contextlib."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> bool:
        return kind is not None and issubclass(kind, OSError)
