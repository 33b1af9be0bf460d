"""Many checks, one start-up: a warm launcher (_warm.py) that has imported pytest and the
libraries the checks use forks each check instead of starting a new interpreter.

For `tutor validate --run`, which runs every exercise many times (its starter, solution, wrong
solutions and alternatives): importing pytest and a library such as torch or scikit-learn is most
of a check's time, and a forked process shares it. Every check still runs under a guard of its
own, with the same limits, output pipe and clean-up as a cold one (`containment.start`): the
launcher forks the guard, and the guard's command is pytest, in-process, in a process of its own.

A fork copies the launcher's page tables, and the forked check pays for every page of it that it
touches, so a bigger launcher makes every check slower: a trivial check forked from a launcher
that has imported torch, JAX and MLflow takes about twice the time it takes from one that has
imported pytest alone. So a `LauncherPool` keeps one launcher per family of runs (a curriculum
module's checks and code), each of which imports only what its own runs import.

A launcher serves many threads; it ends when closed, or with the tutor (its socket closes).
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import socket
import subprocess
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from tutor.practice import containment

_LAUNCH = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); import _warm; _warm.main(int(sys.argv[1]))"
)
_STOP_GRACE = 5.0
_MAX_ANSWER = 4096
# How many launchers a pool keeps open by default: `validate --run` goes through the curriculum
# module by module, so the few last used are the ones the next runs want.
KEEP = 4


class LauncherError(OSError):
    """The launcher is gone or answered nonsense."""


class WarmContained(containment.Contained):
    """A check whose guard the launcher forked: not this process's child, so it is waited on
    through a pidfd (or, without one, by asking the kernel whether it is still there)."""

    def __init__(self, pid: int, output: int, control: int, status: int) -> None:
        self._pid = pid
        self._control: int | None = control
        self._status = status
        self._ended: containment.Ended | None = None
        self.output = os.fdopen(output, "rb", buffering=0)
        try:
            self._pidfd: int | None = os.pidfd_open(pid)
        except (OSError, AttributeError):  # gone already, or no pidfds here
            self._pidfd = None

    @property
    def pid(self) -> int:
        return self._pid

    def poll(self) -> bool:
        if self._pidfd is not None:
            return bool(select.select([self._pidfd], [], [], 0)[0])
        try:
            os.kill(self._pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:  # reused by someone else's process: ours is gone
            return True
        return False

    def end(self) -> containment.Ended:
        if self._ended is not None:
            return self._ended
        self.stop()
        if not self._wait(_STOP_GRACE):
            # The guard leads its own session, as a cold one does.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self._pid, signal.SIGKILL)
            self._wait(None)
        if self._pidfd is not None:
            os.close(self._pidfd)
            self._pidfd = None
        try:
            # The guard has exited: the status pipe's only writer is gone.
            self._ended = containment.parse_status(containment.read_all(self._status), 0)
        finally:
            os.close(self._status)
        return self._ended

    def _wait(self, timeout: float | None) -> bool:
        if self._pidfd is not None:
            return bool(select.select([self._pidfd], [], [], timeout)[0])
        deadline = None if timeout is None else _now() + timeout
        while not self.poll():
            if deadline is not None and _now() > deadline:
                return False
            select.select([], [], [], 0.01)
        return True


def _now() -> float:
    import time

    return time.monotonic()


class Launcher:
    """A warm launcher for checks run with `python` (its start-up `env` too: the thread
    variables must be set before a library starts its threads). Close it when done."""

    def __init__(self, python: str, env: dict[str, str]) -> None:
        self.python = python
        # Datagrams in order: each request and each answer arrives whole.
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        here = str(Path(__file__).parent)
        try:
            self._process = subprocess.Popen(
                [python, "-c", _LAUNCH, here, str(theirs.fileno())],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=(theirs.fileno(),),
                start_new_session=True,
            )
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        self._channel = ours
        self._lock = threading.Lock()
        self._preloaded: set[str] = set()

    def preload(self, modules: list[str]) -> None:
        """Import these in the launcher (once each), so the checks forked after share them."""
        new = sorted(set(modules) - self._preloaded)
        if new:
            self._ask({"preload": new}, [])
            self._preloaded.update(new)

    def start(
        self, command: list[str], *, cwd: Path, env: dict[str, str], cpu_seconds: int
    ) -> containment.Contained:
        """As `containment.start(command, ...)`, for `command` = [python, -m, pytest, ARGS...]
        or [python, SCRIPT.py, ARGS...]."""
        request: dict[str, object] = {"cwd": str(cwd), "env": env, "cpu": cpu_seconds}
        if command[:3] == [self.python, "-m", "pytest"]:
            request["args"] = command[3:]
        elif command[:1] == [self.python] and command[1:2] and command[1].endswith(".py"):
            request.update(script=str(Path(command[1]).resolve()), args=command[2:])
        else:
            raise ValueError(f"a launcher for {self.python} runs pytest or a script, not {command}")
        control_read, control = os.pipe()
        status, status_write = os.pipe()
        output, output_write = os.pipe()
        try:
            answer = self._ask(request, [control_read, output_write, status_write])
        except BaseException:
            for fd in (control, status, output):
                os.close(fd)
            raise
        finally:
            for fd in (control_read, output_write, status_write):
                os.close(fd)
        return WarmContained(int(answer["pid"]), output, control, status)

    def _ask(self, request: dict[str, object], fds: list[int]) -> dict[str, Any]:
        with self._lock:
            try:
                socket.send_fds(self._channel, [json.dumps(request).encode()], fds)
                line = self._channel.recv(_MAX_ANSWER)
            except OSError as error:
                raise LauncherError(f"the check launcher is gone: {error}") from error
        if not line:
            raise LauncherError("the check launcher is gone")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def close(self) -> None:
        self._channel.close()  # the launcher ends at the end of its socket
        try:
            self._process.wait(_STOP_GRACE)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    def __enter__(self) -> Launcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class LauncherPool:
    """Warm launchers for `python`, one per family of runs (say, the checks and code of one
    curriculum module), each started when its family's first run asks for it and importing only
    what that family's runs import. At most `keep` stay open (None: every one): the least
    recently used closes first, and comes back, with its imports to do again, when asked for.
    Threads share it. Close it when done."""

    def __init__(self, python: str, env: dict[str, str], keep: int | None = KEEP) -> None:
        self.python = python
        self._env = dict(env)
        self._keep = keep if keep is None else max(1, keep)
        self._launchers: OrderedDict[str, Launcher] = OrderedDict()
        self._lock = threading.Lock()
        self._closed = False

    @property
    def families(self) -> tuple[str, ...]:
        """The families whose launchers are open, the least recently used first."""
        with self._lock:
            return tuple(self._launchers)

    def launcher(self, family: str = "") -> Launcher:
        """The launcher of `family`, started now if it is not open. Raises LauncherError once
        the pool is closed, or OSError when no launcher can start."""
        evicted: list[Launcher] = []
        with self._lock:
            if self._closed:
                raise LauncherError("the check launchers are closed")
            found = self._launchers.pop(family, None) or Launcher(self.python, self._env)
            self._launchers[family] = found
            while self._keep is not None and len(self._launchers) > self._keep:
                evicted.append(self._launchers.popitem(last=False)[1])
        for old in evicted:  # outside the lock: a launcher takes a moment to end
            old.close()
        return found

    def close(self) -> None:
        with self._lock:
            self._closed = True
            launchers = list(self._launchers.values())
            self._launchers.clear()
        for launcher in launchers:
            launcher.close()

    def __enter__(self) -> LauncherPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
