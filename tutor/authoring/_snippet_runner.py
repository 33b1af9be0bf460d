"""The child process of `tutor.authoring.snippets`: runs code blocks as sessions, one process.

Run as `python -c <this source>` in a temporary folder, with a JSON payload on stdin, or as
`python _snippet_runner.py PAYLOAD_FILE STDERR_FILE` (forked by the warm launcher, whose output
pipe is stdout and stderr at once):
`{"marker": str, "sessions": [{"prelude": str, "blocks": [{"file", "line", "code"}]}]}`.
Each session is a fresh `__main__` module in which its prelude and then its blocks run in order,
as a learner would paste them into one Python session. After each block comes the marker line,
so the parent splits the output per block; an exception the block did not catch is printed
before it as its last traceback line (`Type: message`), after a line `<marker>raised <Type>`.
Importing this module runs nothing.
"""

from __future__ import annotations

import json
import linecache
import os
import sys
import types
from pathlib import Path
from typing import Any

_sources: dict[str, list[str]] = {}


def _register(file: str, line: int, code: str) -> None:
    """Make the block's lines the source of `file` at its own line numbers, as if the Markdown
    held only code: tracebacks show them, and `inspect.getsource` finds a class's source (which
    pydantic's `use_attribute_docstrings` reads)."""
    lines = _sources.setdefault(file, [])
    new = code.splitlines(keepends=True)
    lines.extend("\n" for _ in range(line - 1 + len(new) - len(lines)))
    lines[line - 1 : line - 1 + len(new)] = new
    linecache.cache[file] = (sum(map(len, lines)), None, lines, file)


def _run(code: str, file: str, line: int, module: types.ModuleType, marker: str) -> None:
    try:
        _register(file, line, code)
        module.__file__ = file  # where `inspect` looks for the source of a class
        # Blank lines in front: the code keeps the line numbers of the file it is written in.
        exec(compile("\n" * (line - 1) + code, file, "exec"), module.__dict__)
    except (Exception, SystemExit) as error:
        sys.stdout.flush()
        message, name = str(error), type(error).__name__
        print(f"{marker}raised {name}", file=sys.__stdout__)
        print(f"{name}: {message}" if message else name, file=sys.__stdout__)


def _session(session: dict[str, Any], marker: str) -> None:
    module = types.ModuleType("__main__")
    sys.modules["__main__"] = module
    if session["prelude"]:  # the lesson's imports, for a quiz: what fails shows in its output
        _run(session["prelude"], "<prelude>", 1, module, marker)
    for block in session["blocks"]:
        _run(block["code"], block["file"], block["line"], module, marker)
        sys.stdout.flush()
        print(marker, file=sys.__stdout__, flush=True)


def main() -> None:
    if len(sys.argv) > 2:  # forked by the warm launcher: the payload in a file, stderr to one
        payload = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
        errors = os.open(sys.argv[2], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        sys.stderr.flush()
        os.dup2(errors, 2)
        os.close(errors)
    else:
        payload = json.loads(sys.stdin.read())
        sys.stdin.close()
    for session in payload["sessions"]:
        _session(session, payload["marker"])


if __name__ == "__main__":
    main()
