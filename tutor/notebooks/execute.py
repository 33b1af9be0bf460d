"""Executing the curriculum's notebooks: nbclient, one kernel each, several at once, cached.

All notebooks run in one asyncio loop (nbclient is asynchronous at heart): a kernel is its own
process, so the loop only waits on them, and a semaphore caps how many run at once.
"""

from __future__ import annotations

import asyncio
import math
import os
import re
import subprocess
import tempfile
import threading
import time
import warnings
from collections.abc import Coroutine, Sequence
from pathlib import Path
from typing import Any, NamedTuple, Protocol, TypeVar

import nbformat

from tutor.base.errors import NotebookError
from tutor.curriculum.model import Curriculum, Module, Notebook
from tutor.curriculum.stamps import notebook_seconds
from tutor.notebooks.cache import (
    KERNEL,
    OutputCache,
    cache_folder,
    code_cell_outputs,
    execution_key,
    merge_outputs,
    notebook_id,
    requirement_name,
)

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
TRACEBACK_LINES = 12
T = TypeVar("T")


class Job(NamedTuple):
    module: Module
    notebook: Notebook

    @property
    def path(self) -> Path:
        return self.module.folder / self.notebook.file

    @property
    def label(self) -> str:
        return f"{self.module.id}/{self.notebook.file.as_posix()}"


def jobs_of(curriculum: Curriculum) -> list[Job]:
    """Every notebook of the curriculum, module by module."""
    return [Job(module, nb) for module in curriculum.modules for nb in module.notebooks]


class Progress(Protocol):
    """What a caller sees of a run (the CLI draws it as a progress bar)."""

    def start(self, total: int) -> None:
        """`total` notebooks are about to be executed (the cache had no outputs for them)."""

    def running(self, label: str, cell: int, cells: int) -> None:
        """The notebook `label` started its cell `cell` (1-based) of `cells`."""

    def done(self, label: str) -> None:
        """The notebook `label` finished, successfully or not."""


class Report(NamedTuple):
    notebooks: dict[Job, Any]  # job -> the notebook with outputs (an nbformat NotebookNode)
    executed: list[str]  # labels of the notebooks that ran
    cached: list[str]  # labels of the notebooks served from the cache


def run_notebooks(
    jobs: Sequence[Job],
    *,
    cache_dir: Path | None = None,
    workers: int | None = None,
    refresh: bool = False,
    progress: Progress | None = None,
) -> Report:
    """Every job's notebook with outputs: from the cache, or executed; failures raise."""
    cache = OutputCache(cache_folder(cache_dir))
    report = Report({}, [], [])
    pending: list[tuple[Job, Any, str]] = []
    for job in jobs:
        nb = read_notebook(job)
        key = execution_key(
            nb.cells, job.module.requires, [job.module.folder / d for d in job.notebook.data]
        )
        stored = None if refresh else cache.get(job.label, key)
        if stored is not None and merge_outputs(nb.cells, stored):
            report.notebooks[job] = nbformat.from_dict(nb)  # type: ignore[no-untyped-call]
            report.cached.append(job.label)
        else:
            pending.append((job, nb, key))
    if not pending:
        return report
    # Longest first (as long as they took last time, or when their module was last verified;
    # unknown ones first): the slowest notebook does not start last and leave workers idle.
    durations = cache.durations()

    def expected(job: Job) -> float:
        took = durations.get(notebook_id(job.label))
        if took is None:
            took = notebook_seconds(job.module, job.notebook.file.as_posix())
        return math.inf if took is None else took

    pending.sort(key=lambda item: -expected(item[0]))
    if progress is not None:
        progress.start(len(pending))
    limit = max(1, workers or os.cpu_count() or 1)
    results = _run_coroutine(_execute_all([(j, nb) for j, nb, _ in pending], limit, progress))
    failures: list[NotebookError] = []
    took: dict[str, float] = {}
    for (job, nb, key), result in zip(pending, results, strict=True):
        if isinstance(result, NotebookError):
            failures.append(result)
            continue
        took[notebook_id(job.label)] = result
        cache.put(job.label, key, code_cell_outputs(nb.cells))
        report.notebooks[job] = nb
        report.executed.append(job.label)
    cache.record_durations(took)
    if failures:
        raise _combined(failures)
    return report


def read_notebook(job: Job) -> Any:
    try:
        with warnings.catch_warnings():
            # nbformat warns about fixable details (missing cell ids) it normalises itself.
            warnings.simplefilter("ignore")
            return nbformat.read(job.path, as_version=4)  # type: ignore[no-untyped-call]
    except (OSError, ValueError, nbformat.reader.NotJSONError) as exc:
        raise NotebookError(
            f"cannot read the notebook {job.label}: {exc}",
            hint="open it in Jupyter and save it again, or fix its JSON",
        ) from None


def _run_coroutine(coro: Coroutine[Any, Any, T]) -> T:
    """Run `coro` to the end, in a thread of its own if this thread already runs a loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    box: list[T] = []
    thread = threading.Thread(target=lambda: box.append(asyncio.run(coro)))
    thread.start()
    thread.join()
    return box[0]


async def _execute_all(
    pending: Sequence[tuple[Job, Any]], limit: int, progress: Progress | None
) -> list[NotebookError | float]:
    """Each notebook's error, or the seconds it took; at most `limit` at once, in order."""
    semaphore = asyncio.Semaphore(limit)

    async def one(job: Job, nb: Any) -> NotebookError | float:
        async with semaphore:
            started = time.perf_counter()
            try:
                await _execute(job, nb, progress)
            except NotebookError as exc:
                return exc
            finally:
                if progress is not None:
                    progress.done(job.label)
        return time.perf_counter() - started

    return list(await asyncio.gather(*(one(job, nb) for job, nb in pending)))


async def _execute(job: Job, nb: Any, progress: Progress | None) -> None:
    # Imported here: a build served from the cache never pays for the Jupyter client.
    from nbclient import NotebookClient

    with tempfile.TemporaryDirectory(prefix="tutor-kernel-", ignore_cleanup_errors=True) as folder:
        client = NotebookClient(
            nb,
            timeout=job.notebook.timeout,
            kernel_name=KERNEL,
            resources={"metadata": {"path": str(job.module.folder)}},
            record_timing=False,
            config=_kernel_config(Path(folder)),
        )
        await _run_client(client, job, nb, progress)


def _kernel_config(folder: Path) -> Any:
    """The kernel talks over Unix sockets in `folder`, not TCP ports. Jupyter picks a kernel's
    five ports by binding them and letting them go before the kernel binds them again, so two
    kernels started at once by two processes (a site build beside a test run) can be handed the
    same port, and a kernel without its ports never answers: a build beside the test suite
    failed with "Kernel didn't respond in 60 seconds"."""
    from traitlets.config import Config

    return Config(
        {"KernelManager": {"transport": "ipc", "connection_file": str(folder / "k.json")}}
    )


async def _run_client(client: Any, job: Job, nb: Any, progress: Progress | None) -> None:
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    current = [0]
    cells = len(nb.cells)

    def on_cell_start(cell: Any, cell_index: int) -> None:
        current[0] = cell_index
        if progress is not None:
            progress.running(job.label, cell_index + 1, cells)

    client.on_cell_start = on_cell_start
    try:
        # The kernel's own log (not the notebook's output) would interleave with ours.
        await client.async_execute(
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_kernel_env()
        )
    except CellTimeoutError:
        raise _timeout(job, nb.cells[current[0]], current[0]) from None
    except CellExecutionError:
        raise _cell_failed(job, nb.cells[current[0]], current[0]) from None
    except DeadKernelError as exc:
        raise NotebookError(
            f"{job.label}: the kernel died in cell {current[0] + 1}: {exc}",
            hint="the cell may use too much memory or crash the interpreter",
        ) from None
    except Exception as exc:  # the kernel could not start, or the protocol broke
        raise NotebookError(
            f"{job.label}: cannot run the notebook: {type(exc).__name__}: {exc}",
            hint=f"check that the `{KERNEL}` Jupyter kernel works: `jupyter kernelspec list`",
        ) from None


# Kernels run side by side, one per CPU: BLAS threads of their own would only fight over the
# same cores (a small scikit-learn fit took 20x longer with two threads than with one).
_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def _kernel_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(dict.fromkeys(_THREAD_VARIABLES, "1"))
    return env


def _first_line(cell: Any) -> str:
    lines = [line for line in str(cell.get("source", "")).splitlines() if line.strip()]
    return lines[0].strip()[:80] if lines else ""


def _where(job: Job, cell: Any, index: int) -> str:
    return f"module {job.module.id}, notebook {job.notebook.file.as_posix()}, cell {index + 1} (`{_first_line(cell)}`)"


def _timeout(job: Job, cell: Any, index: int) -> NotebookError:
    return NotebookError(
        f"{_where(job, cell, index)} ran longer than its timeout of {job.notebook.timeout:g} s",
        hint="make the cell faster, or raise `timeout:` for this notebook in module.yaml "
        "(seconds per cell)",
    )


def _cell_failed(job: Job, cell: Any, index: int) -> NotebookError:
    errors = [out for out in cell.get("outputs", ()) if out.get("output_type") == "error"]
    if errors:
        error = errors[-1]
        cause = f"{error.get('ename', 'Error')}: {error.get('evalue', '')}".rstrip(": ")
        trace = short_traceback(error.get("traceback", ()))
    else:
        cause, trace = "the cell raised an error", ""
    missing = [req for req in job.module.requires if not _installed(req)]
    hint = "fix the cell, or tag it `raises-exception` if the error is the point"
    if missing:
        hint = (
            f"install what {job.module.id} needs ({', '.join(missing)}): "
            f"tutor install {job.module.id}, then build again"
        )
    detail = f"\n{trace}" if trace else ""
    return NotebookError(f"{_where(job, cell, index)} failed: {cause}{detail}", hint=hint)


def short_traceback(lines: Sequence[str]) -> str:
    """The last lines of a kernel traceback, without terminal colours."""
    text = ANSI.sub("", "\n".join(lines))
    kept = [line.rstrip() for line in text.splitlines() if line.strip() and set(line) != {"-"}]
    return "\n".join(f"    {line}" for line in kept[-TRACEBACK_LINES:])


def _installed(requirement: str) -> bool:
    from importlib import metadata

    try:
        metadata.version(requirement_name(requirement))
    except metadata.PackageNotFoundError:
        return False
    return True


def _combined(failures: Sequence[NotebookError]) -> NotebookError:
    if len(failures) == 1:
        return failures[0]
    message = f"{len(failures)} notebooks failed:\n" + "\n".join(
        f"- {failure.message}" for failure in failures
    )
    hints = dict.fromkeys(failure.hint for failure in failures if failure.hint)
    return NotebookError(message, hint="; ".join(hints))
