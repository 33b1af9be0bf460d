"""Python source is parsed one thread at a time (tutor.base.pysource): CPython 3.11's AST
conversion shares its depth counter between threads, and `validate --run`'s workers parse
checks' imports at once (python/cpython#106905: a SystemError seen in this suite)."""

from __future__ import annotations

import ast
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tutor.practice.checker import imports_in

TUTOR = Path(__file__).parent.parent / "tutor"


def test_parses_from_many_threads_never_overlap(monkeypatch: pytest.MonkeyPatch) -> None:
    inside = most = 0
    count = threading.Lock()
    real = ast.parse

    def slow_parse(*args: Any, **kwargs: Any) -> ast.Module:
        nonlocal inside, most
        with count:
            inside += 1
            most = max(most, inside)
        time.sleep(0.005)  # long enough for the other threads to come in, were they let in
        with count:
            inside -= 1
        return real(*args, **kwargs)

    monkeypatch.setattr(ast, "parse", slow_parse)
    with ThreadPoolExecutor(4) as pool:
        found = list(pool.map(lambda n: imports_in(f"import m{n}"), range(16)))
    assert most == 1
    assert found == [{f"m{n}"} for n in range(16)]


def test_the_tutor_parses_python_only_through_the_lock() -> None:
    direct = [
        f"{path.relative_to(TUTOR.parent)}:{number}"
        for path in sorted(TUTOR.rglob("*.py"))
        if path.name not in ("pysource.py", "_snippet_runner.py")  # the runner is a child
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "ast.parse(" in line
    ]
    assert direct == []
