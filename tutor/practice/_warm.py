"""A warm launcher of code checks: imports pytest and the libraries checks use once, then forks a
guard for each check, whose command runs pytest in-process instead of starting an interpreter.

Started by warm.py as `python -c "...; _warm.main(FD)"` with one end of a Unix socket pair. Each
request is a JSON line plus file descriptors (SCM_RIGHTS):

- `{"preload": [modules]}`: import them now (a module that fails to import is left out), with
  the warm-up of a library whose first use is slow in every process (`_WARM_UPS`); the answer
  is `{"ok": true}`.
- `{"cwd", "env", "args", "cpu"}` with the control pipe's reading end, the output pipe's writing
  end and the status pipe's writing end: a check. A forked process becomes its guard, exactly as
  `containment.start` would start one (a session of its own, the control pipe as stdin, output as
  stdout and stderr, `_guard.guard` with the status pipe), except that the guard's command is a
  function: pytest's `main`, with the check's arguments, in the guard's forked child. The answer
  is `{"pid": GUARD_PID}`. With `"script": PATH`, the guard's command is that Python file run as
  `__main__` with the arguments (`python PATH ARGS`) instead.

The launcher never runs a check's code itself, so a check cannot change what the next one sees;
it imports only what the checks import (and what they would import anyway), and it ends when
the tutor closes its end of the socket, or dies. It imports the standard library, pytest and
_guard only; the tutor's packages are not on its path.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import json
import os
import runpy
import signal
import socket
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

try:  # beside this file, on the launcher's path
    import _guard  # type: ignore[import-not-found]
except ImportError:  # imported as part of the tutor (its tests and tools)
    from tutor.practice import _guard

_MAX_MESSAGE = 1 << 20
_MAX_FDS = 3
_EXEC_FAILED = 127


def main(fd: int) -> None:
    # `python -c` put the tutor's working folder first on the path, and the launch command this
    # folder (for `_guard`, imported by now): a module in either must not be what a check's
    # `import` preloads for every check.
    left_out = {Path.cwd().resolve(), Path(__file__).resolve().parent}
    sys.path[:] = [p for p in sys.path if p and Path(p).resolve() not in left_out]
    channel = socket.socket(fileno=fd)
    # Guards are reaped by the kernel as they exit: the tutor waits on them through a pidfd.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    import pytest  # noqa: F401  # the heaviest import every check shares
    from _pytest.config import default_plugins

    for plugin in default_plugins:  # what every pytest.main imports as it starts
        with contextlib.suppress(ImportError):
            importlib.import_module(f"_pytest.{plugin}")
    gc.freeze()

    while True:
        try:
            data, fds, _, _ = socket.recv_fds(channel, _MAX_MESSAGE, _MAX_FDS)
        except (OSError, KeyboardInterrupt):
            return
        if not data:  # the tutor closed its end, or died
            return
        request = json.loads(data)
        if "preload" in request:
            _preload(request["preload"])
            # What is imported stays for good: out of the collector's sight, a forked check's
            # collections do not touch (and so copy) every page of it.
            gc.freeze()
            answer: dict[str, object] = {"ok": True}
        else:
            answer = {"pid": _fork_guard(channel, request, fds)}
        for received in fds:
            os.close(received)
        channel.send(json.dumps(answer).encode())


def _preload(modules: list[str]) -> None:
    for name in modules:
        if name in sys.modules:
            continue
        with contextlib.suppress(BaseException):  # a check's own import will say why
            importlib.import_module(name)
    # Whichever import brought a library in, it is warmed up once: skops imports torch when it
    # is installed, and `skops.io` comes before `torch` in a check's imports.
    for library in sorted((_WARM_UPS.keys() & sys.modules.keys()) - _warmed):
        _warmed.add(library)
        with contextlib.suppress(BaseException):  # another version: its checks do it
            _WARM_UPS[library]()


def _import_dynamo() -> None:
    importlib.import_module("torch._dynamo")


def _map_mlflow_packages() -> None:
    requirements = importlib.import_module("mlflow.utils.requirements_utils")
    requirements._init_packages_to_modules_map()
    for name in ("IPython", "git"):  # what every start_run imports (for Databricks, git tags)
        with contextlib.suppress(BaseException):
            importlib.import_module(name)


# Libraries whose first use in a process does slow work of its own, the same in every process:
# done once here, before the forks, as the imports are. Each is what a check would do itself
# (a pure function of the installed libraries), so no check sees anything it would not have.
_WARM_UPS: dict[str, Callable[[], None]] = {
    # torch.optim's first step, torch.export and a model in eval mode import TorchDynamo (and
    # sympy with it): seconds.
    "torch": _import_dynamo,
    # Logging a model maps every installed distribution to its modules, reading each one's
    # files: seconds in an environment of a hundred packages. Starting a run imports more.
    "mlflow": _map_mlflow_packages,
}
_warmed: set[str] = set()


def _fork_guard(channel: socket.socket, request: dict[str, object], fds: list[int]) -> int:
    control, output, status = fds
    pid = os.fork()
    if pid != 0:
        return pid
    try:
        channel.close()
        os.setsid()  # the guard leads a session of its own, as containment.start makes it
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.dup2(control, 0)
        os.dup2(output, 1)
        os.dup2(output, 2)
        for fd in (control, output):
            if fd > 2:
                os.close(fd)
        cwd, env = str(request["cwd"]), dict(request["env"])  # type: ignore[call-overload]
        args = [str(arg) for arg in request["args"]]  # type: ignore[attr-defined]
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
        script = request.get("script")
        command = _script(str(script), args) if script else _pytest(args, cwd, env)
        _guard.guard(status, int(request["cpu"]), command)  # type: ignore[call-overload]
    finally:
        os._exit(_EXEC_FAILED)


def _script(path: str, args: list[str]) -> Callable[[], object]:
    """What `python PATH ARGS` would do, in this (forked) process."""

    def run() -> None:
        sys.dont_write_bytecode = True
        here = str(Path(__file__).resolve().parent)
        sys.path[:] = [str(Path(path).parent), *(p for p in sys.path if p not in ("", here))]
        sys.argv = [path, *args]
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for ignored in (signal.SIGPIPE, signal.SIGXFSZ):
            signal.signal(ignored, signal.SIG_IGN)
        code = 0
        try:
            runpy.run_path(path, run_name="__main__")
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
        except BaseException:
            traceback.print_exc()
            code = 1
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(code)

    return run


def _pytest(args: list[str], cwd: str, env: dict[str, str]) -> Callable[[], object]:
    """What `python -m pytest ARGS` in `cwd` with `env` would do, in this (forked) process."""

    def run() -> None:
        # What a new interpreter would have set up from the environment and its start-up.
        sys.dont_write_bytecode = True
        path = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
        here = str(Path(__file__).resolve().parent)  # on the path for `import _guard` only
        sys.path[:] = [cwd, *path, *(p for p in sys.path if p not in ("", here))]
        sys.argv = ["pytest", *args]
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for ignored in (signal.SIGPIPE, signal.SIGXFSZ):
            signal.signal(ignored, signal.SIG_IGN)
        for stream in (sys.stdout, sys.stderr):
            stream.reconfigure(write_through=True)  # type: ignore[union-attr]
        import pytest

        code = pytest.main(args)
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError):
                stream.flush()
        os._exit(int(code))

    return run
