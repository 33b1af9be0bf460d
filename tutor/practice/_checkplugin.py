"""Pytest plugin loaded into a code check: caps memory, writes the one report the tutor trusts."""

# The checker copies this file next to the report and loads it with `-p`, so it must import only
# the standard library and pytest: the learner's interpreter may not have the tutor installed.

from __future__ import annotations

import itertools
import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest

_HERE = str(Path(__file__).resolve().parent)
# Popped at import, before any learner code runs, so neither that code nor its children see them.
_REPORT = os.environ.pop("TUTOR_CHECK_REPORT", "")
_NONCE = os.environ.pop("TUTOR_CHECK_NONCE", "")
_MEMORY = int(os.environ.pop("TUTOR_CHECK_MEMORY", "0") or "0")
_STALL = os.environ.pop("TUTOR_CHECK_STALL", "")
_STALL_AT = float(os.environ.pop("TUTOR_CHECK_STALL_AT", "0") or "0")
_PID = os.getpid()
_OWN_FILES = ("exercise.py", "check.py")
_MESSAGE_LINES = 15

_cases: dict[str, dict[str, Any]] = {}
_errors: list[str] = []
_state: dict[str, Any] = {"collected": 0, "memory": False}


def _hide_plugin_dir() -> None:
    # Our directory (which also holds the report) was only on the path to load this module.
    if _HERE in sys.path:
        sys.path.remove(_HERE)
    kept = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p and p != _HERE]
    if kept:
        os.environ["PYTHONPATH"] = os.pathsep.join(kept)
    else:
        os.environ.pop("PYTHONPATH", None)


def _cap_memory(limit: int) -> None:
    # RLIMIT_DATA, not RLIMIT_AS: since Linux 4.7 it counts private writable mappings (heap, large
    # mallocs, thread stacks and arenas) but not address space reserved PROT_NONE or file-backed,
    # which numpy/OpenBLAS, torch and JAX reserve generously. Soft and hard both, so the learner's
    # code cannot raise it back; its children inherit it.
    if limit <= 0 or sys.platform == "win32":
        return
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def _dump_stacks_before_the_deadline(path: str, at: float) -> None:
    # Just before the tutor ends a check that runs out of time, the stacks of its threads go to
    # a file of the tutor's: a timeout can then name the line the learner's code was on.
    if not path:
        return
    import faulthandler
    import time

    delay = at - time.time()
    if delay > 0:
        stream = Path(path).open("w", encoding="utf-8")  # noqa: SIM115  # open until the end
        faulthandler.dump_traceback_later(delay, file=stream)


_hide_plugin_dir()
_cap_memory(_MEMORY)
_dump_stacks_before_the_deadline(_STALL, _STALL_AT)


def _root(exc: BaseException) -> BaseException:
    # pytest wraps import-time errors in a CollectError raised `from` the learner's exception.
    while exc.__cause__ is not None:
        exc = exc.__cause__
    return exc


# Locations name the copies' full paths, which the tutor (knowing the learner's own) rewrites.
def _where(exc: BaseException) -> str:
    if isinstance(exc, SyntaxError) and exc.filename:
        return f" in {exc.filename} line {exc.lineno}"
    tb, found = exc.__traceback__, ""
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if Path(filename).name in _OWN_FILES:  # the innermost frame in the check's own two files
            found = f" in {filename} line {tb.tb_lineno}"
        tb = tb.tb_next
    return found


def _describe(exc: BaseException) -> str:
    """One line naming the error and where it happened: 'SyntaxError in /…/exercise.py line 3'."""
    detail = exc.msg if isinstance(exc, SyntaxError) else str(exc)
    first = detail.strip().splitlines()[0] if detail.strip() else ""
    text = f"{type(exc).__name__}{_where(exc)}"
    return f"{text}: {first}" if first else text


def _message(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple):  # a skip: (path, line, reason)
        return str(longrepr[2])
    crash = getattr(longrepr, "reprcrash", None)
    text = str(crash.message) if crash is not None else str(longrepr)
    text = re.sub(r" at 0x[0-9a-f]+>", ">", text)  # "<function add at 0x7f...>" is noise here
    lines = text.splitlines()
    if lines and lines[0].startswith("AssertionError: "):
        # The check's own message says what is wrong; pytest's introspection after it ("assert
        # -1 == 3", "+ where -1 = add(1, 2)") shows the check's code, not the learner's.
        # A bare assert has nothing else to say, and keeps it.
        lines = list(itertools.takewhile(lambda line: not line.startswith("assert "), lines))
    lines = lines[:_MESSAGE_LINES]
    if crash is not None and Path(str(crash.path)).name == "exercise.py":
        lines.append(f"(at {crash.path} line {crash.lineno})")
    return "\n".join(lines)


def pytest_configure(config: pytest.Config) -> None:
    # Only a failure's last line reaches the report (`_message`): its traceback is kept to one line
    # an entry, not pytest's default of every entry's source, parsed, and the repr of arguments.
    config.option.tbstyle = "line"


def pytest_exception_interact(
    node: pytest.Item | pytest.Collector,
    call: pytest.CallInfo[Any],
    report: pytest.CollectReport | pytest.TestReport,
) -> None:
    excinfo = call.excinfo
    if excinfo is None:
        return
    root = _root(excinfo.value)
    if isinstance(root, MemoryError):
        _state["memory"] = True
    if isinstance(report, pytest.CollectReport):
        _errors.append(_describe(root))


def pytest_internalerror(excrepr: object, excinfo: pytest.ExceptionInfo[BaseException]) -> None:
    # For example sys.exit() at the import of exercise.py, which pytest does not survive.
    _errors.append(_describe(_root(excinfo.value)))


def pytest_collection_finish(session: pytest.Session) -> None:
    _state["collected"] = len(session.items)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    name = report.nodeid.split("::", 1)[-1]
    case = _cases.setdefault(report.nodeid, {"name": name, "ran": False, "message": None})
    if report.when == "call" and report.passed:
        case["ran"] = True
    if (report.failed or report.skipped) and case["message"] is None:
        case["message"] = _message(report) or report.outcome
    # pytest keeps the last failure's frames here for pdb; after a MemoryError they would hold the
    # memory that ran out and starve every later test (and this report).
    for attr in ("last_type", "last_value", "last_traceback", "last_exc"):
        if hasattr(sys, attr):
            delattr(sys, attr)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not _REPORT or os.getpid() != _PID:  # a learner's forked copy of this process
        return
    import json

    cases = [
        {"name": c["name"], "passed": c["ran"] and c["message"] is None, "message": c["message"]}
        for c in _cases.values()
    ]
    report = {"nonce": _NONCE, "exitstatus": int(exitstatus), "cases": cases, "errors": _errors}
    report |= _state
    partial = Path(f"{_REPORT}.part")
    partial.write_text(json.dumps(report), encoding="utf-8")
    partial.replace(_REPORT)  # atomic: the tutor sees a whole report or none
