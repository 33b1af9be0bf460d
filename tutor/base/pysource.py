"""Parsing Python source, one thread at a time.

CPython 3.11 keeps the depth counter of its AST conversion in state that every thread shares,
so two threads parsing at once (the workers of `tutor validate --run`, each reading a check's
imports) can make one of them raise `SystemError: AST constructor recursion depth mismatch`
(python/cpython#106905; seen in this project's suite). Every parse of the tutor goes through
`parse`, under one lock: a parse takes milliseconds, so the lock costs nothing that shows.
"""

from __future__ import annotations

import ast
import threading

_lock = threading.Lock()


def parse(source: str | bytes, filename: str = "<unknown>") -> ast.Module:
    """`ast.parse(source, filename)`, serialised with every other call of it. Raises as
    `ast.parse` does (SyntaxError, ValueError for a null byte)."""
    with _lock:
        return ast.parse(source, filename=filename)
