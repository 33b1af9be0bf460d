"""Notebook execution and its cache, on the mini curriculum's notebook (beta/notebooks/count)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import nbformat
import pytest

from tutor.base.errors import NotebookError
from tutor.curriculum import load_curriculum
from tutor.notebooks import Report, jobs_of, run_notebooks
from tutor.notebooks import cache as cache_module
from tutor.notebooks.cache import DURATIONS, OutputCache, execution_key, notebook_id
from tutor.site.model import SiteOptions
from tutor.site.notebook_pages import render, render_notebooks

DATA = Path(__file__).parent / "data"
LABEL = "beta/notebooks/count.ipynb"


def run(root: Path, cache: Path, **options: Any) -> Report:
    return run_notebooks(jobs_of(load_curriculum(root)), cache_dir=cache, **options)


def notebook(root: Path, name: str = "count") -> Path:
    return root / "beta" / "notebooks" / f"{name}.ipynb"


def edit(path: Path, change: Any) -> None:
    nb = nbformat.read(path, as_version=4)
    change(nb)
    nbformat.write(nb, path)


def add_cell(source: str, tags: tuple[str, ...] = ()) -> Any:
    def change(nb: Any) -> None:
        cell = nbformat.v4.new_code_cell(source)
        if tags:
            cell.metadata["tags"] = list(tags)
        nb.cells.append(cell)

    return change


def result(report: Report) -> str:
    (nb,) = report.notebooks.values()
    return str(nb.cells[1].outputs[0]["data"]["text/plain"])


def entries(cache: Path) -> list[Path]:
    """The cache's entries of outputs (not its record of durations)."""
    return sorted(p for p in (cache / "notebooks").glob("*.json") if p.name != DURATIONS)


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def test_a_second_run_executes_nothing(mini: Path, cache: Path) -> None:
    first = run(mini, cache)
    assert (first.executed, first.cached, result(first)) == ([LABEL], [], "6")
    second = run(mini, cache)
    assert (second.executed, second.cached, result(second)) == ([], [LABEL], "6")
    assert len(entries(cache)) == 1


def test_a_copy_of_the_repository_elsewhere_reuses_the_cache(
    mini: Path, cache: Path, tmp_path: Path
) -> None:
    """Every CI run checks out into a folder of its own: the cache must not know where."""
    first = run(mini, cache)
    assert first.executed == [LABEL]
    elsewhere = tmp_path / "another" / "checkout" / "curriculum"
    shutil.copytree(mini, elsewhere)
    shutil.rmtree(mini)  # nothing of the first folder is left to be found
    moved = run(elsewhere, cache)
    assert (moved.executed, moved.cached, result(moved)) == ([], [LABEL], "6")
    assert len(entries(cache)) == 1
    (elsewhere / "beta" / "data" / "numbers.csv").write_text("n\n1\n2\n3\n4\n")
    assert run(elsewhere, cache).executed == [LABEL]  # its data files still count, by content


def test_a_markdown_edit_renders_again_without_executing(mini: Path, cache: Path) -> None:
    run(mini, cache)
    edit(notebook(mini), lambda nb: setattr(nb.cells[0], "source", "# Counting\nNew words."))
    report = run(mini, cache)
    assert report.executed == [] and result(report) == "6"
    (nb,) = report.notebooks.values()
    assert "New words." in render(nb, "count").markdown


def test_a_code_edit_executes_and_replaces_the_old_entry(mini: Path, cache: Path) -> None:
    run(mini, cache)
    old = entries(cache)
    edit(notebook(mini), lambda nb: setattr(nb.cells[1], "source", nb.cells[1].source + " * 2"))
    report = run(mini, cache)
    assert report.executed == [LABEL] and result(report) == "12"
    assert len(entries(cache)) == 1 and entries(cache) != old  # the stale entry is pruned


def test_a_data_file_change_executes_again(mini: Path, cache: Path) -> None:
    run(mini, cache)
    (mini / "beta" / "data" / "numbers.csv").write_text("n\n1\n2\n3\n4\n")
    report = run(mini, cache)
    assert report.executed == [LABEL] and result(report) == "10"


def test_refresh_executes_even_when_cached(mini: Path, cache: Path) -> None:
    run(mini, cache)
    assert run(mini, cache, refresh=True).executed == [LABEL]


def test_a_failing_cell_names_its_notebook_and_is_never_cached(mini: Path, cache: Path) -> None:
    edit(notebook(mini), add_cell("x = 1\nraise ValueError('boom')"))
    for _ in range(2):  # the failure is not cached: the second run executes and fails again
        with pytest.raises(NotebookError) as caught:
            run(mini, cache)
        message = caught.value.message
        assert message.startswith(
            "module beta, notebook notebooks/count.ipynb, cell 3 (`x = 1`) failed: ValueError: boom"
        )
        assert "raise ValueError('boom')" in message  # the short traceback
        assert "\x1b[" not in message
        assert "raises-exception" in caught.value.hint
        assert entries(cache) == []


def test_a_cell_failing_on_a_missing_requirement_says_how_to_install_it(
    mini: Path, cache: Path
) -> None:
    module = mini / "beta" / "module.yaml"
    module.write_text(module.read_text() + "requires: [tutor-absent-library==1.0]\n")
    edit(notebook(mini), add_cell("import tutor_absent_library"))
    with pytest.raises(NotebookError) as caught:
        run(mini, cache)
    assert caught.value.hint == (
        "install what beta needs (tutor-absent-library==1.0): tutor install beta, then build again"
    )


def test_a_cell_tagged_raises_exception_may_fail(mini: Path, cache: Path) -> None:
    edit(notebook(mini), add_cell("1 / 0", tags=("raises-exception",)))
    report = run(mini, cache)
    (nb,) = report.notebooks.values()
    assert nb.cells[2].outputs[0]["ename"] == "ZeroDivisionError"
    assert run(mini, cache).executed == []


def test_a_timeout_names_the_notebook_and_the_cell(mini: Path, cache: Path) -> None:
    module = mini / "beta" / "module.yaml"
    module.write_text(module.read_text().replace("timeout: 30", "timeout: 1"))
    edit(notebook(mini), add_cell("import time\ntime.sleep(30)"))
    with pytest.raises(NotebookError) as caught:
        run(mini, cache)
    assert caught.value.message == (
        "module beta, notebook notebooks/count.ipynb, cell 3 (`import time`) ran longer than "
        "its timeout of 1 s"
    )
    assert entries(cache) == []


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[str, ...]] = []

    def start(self, total: int) -> None:
        self.events.append(("start", str(total)))

    def running(self, label: str, cell: int, cells: int) -> None:
        self.events.append(("running", label, f"{cell}/{cells}"))

    def done(self, label: str) -> None:
        self.events.append(("done", label))


def test_notebooks_run_in_parallel_with_progress(mini: Path, cache: Path) -> None:
    shutil.copy(notebook(mini), notebook(mini, "again"))
    with (mini / "beta" / "module.yaml").open("a") as f:
        f.write("  - file: notebooks/again.ipynb\n    title: Again\n    data: [data/numbers.csv]\n")
    progress = Recorder()
    report = run(mini, cache, workers=2, progress=progress)
    assert sorted(report.executed) == ["beta/notebooks/again.ipynb", LABEL]
    assert progress.events[0] == ("start", "2")
    assert ("running", LABEL, "2/2") in progress.events
    assert {e for e in progress.events if e[0] == "done"} == {
        ("done", LABEL),
        ("done", "beta/notebooks/again.ipynb"),
    }
    # The longest notebook starts first: durations of the last run are recorded.
    durations = OutputCache(cache / "notebooks").durations()
    assert set(durations) == {notebook_id(LABEL), notebook_id("beta/notebooks/again.ipynb")}
    OutputCache(cache / "notebooks").record_durations({notebook_id(LABEL): 99.0})
    progress = Recorder()
    run(mini, cache, workers=1, refresh=True, progress=progress)
    assert progress.events[1] == ("running", LABEL, "1/2")
    OutputCache(cache / "notebooks").record_durations({notebook_id(LABEL): 0.1})
    progress = Recorder()
    run(mini, cache, workers=1, refresh=True, progress=progress)
    assert progress.events[1] == ("running", "beta/notebooks/again.ipynb", "1/2")


def test_the_key_covers_what_changes_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# T"), nbformat.v4.new_code_cell("print(1)")]
    data = tmp_path / "data.csv"
    data.write_text("a\n")

    def key() -> str:
        return execution_key(nb.cells, ["numpy>=2"], [data])

    base = key()
    nb.cells[0].source = "# Another title"
    nb.cells[1].metadata["tags"] = ["remove-input", "hide-input"]
    assert key() == base  # Markdown and display tags do not change outputs
    nb.cells[1].metadata["tags"] = ["raises-exception"]
    assert key() != base
    nb.cells[1].metadata["tags"] = []
    nb.cells[1].source = "print(2)"
    assert key() != base
    nb.cells[1].source = "print(1)"
    assert key() == base
    data.write_text("b\n")
    assert key() != base
    data.write_text("a\n")
    monkeypatch.setattr(cache_module, "_installed_version", lambda name: "0.0.1")
    assert key() != base


def test_rendering_an_executed_notebook(mini: Path, cache: Path) -> None:
    shutil.copy(DATA / "site" / "plot.ipynb", notebook(mini, "plot"))
    with (mini / "beta" / "module.yaml").open("a") as f:
        f.write("  - file: notebooks/plot.ipynb\n    title: Plots\n")
    curriculum = load_curriculum(mini)
    pages, report = render_notebooks(curriculum, SiteOptions(cache_dir=str(cache)))
    page = pages[("beta", "notebooks/plot.ipynb")]
    text = page.markdown
    assert not text.startswith("# Plots and tables")  # the page has its own title
    assert "## A figure" in text and "```python\nimport matplotlib.pyplot as plt" in text
    images = [name for name in page.files if name.endswith(".png")]
    assert images == ["plot_files/cell4-1.png"]
    assert page.files[images[0]].startswith(b"\x89PNG")
    assert "![Output of cell 4](plot_files/cell4-1.png){ loading=lazy" in text
    assert "base64" not in text
    assert '<div class="tutor-output tutor-output--html" data-search-exclude>' in text
    assert "<table" in text and 'class="dataframe"' in text
    assert '<span class="tutor-output-label">stderr</span><pre>careful: to stderr</pre>' in text
    assert "ZeroDivisionError: division by zero" in text and "\x1b[" not in text
    assert "print(&#x27;input removed&#x27;)" not in text and "print('input removed')" not in text
    assert "input removed" in text
    assert '??? example "Show the code"' in text and "code folded away" in text
    assert "print('output removed')" in text and "\noutput removed" not in text
    assert ">output removed<" not in text
    assert "never shown" not in text
    outputs = [line for line in text.splitlines() if line.startswith('<div class="tutor-output')]
    assert outputs and all("data-search-exclude" in line for line in outputs)
    executed = nbformat.reads(page.files["plot.ipynb"].decode(), as_version=4)
    assert executed.cells[3].outputs  # the download is the executed notebook
    assert sorted(report.executed) == [LABEL, "beta/notebooks/plot.ipynb"]


def test_without_execution_the_saved_outputs_are_shown(mini: Path, cache: Path) -> None:
    pages, report = render_notebooks(
        load_curriculum(mini), SiteOptions(execute=False, cache_dir=str(cache))
    )
    assert report.executed == [] and entries(cache) == []
    assert pages[("beta", "notebooks/count.ipynb")].executed is False


def run_cell(folder: Path, source: str) -> str:
    """What a notebook of one code cell prints, run as the site's builds run it."""
    from tutor.curriculum.model import Module, Notebook
    from tutor.notebooks import Job, run_notebooks

    (folder / "mod" / "notebooks").mkdir(parents=True)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source)]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, str(folder / "mod" / "notebooks" / "one.ipynb"))
    module = Module(
        "mod",
        "M",
        "s",
        "beginner",
        (),
        (),
        (),
        (),
        (Notebook(Path("notebooks/one.ipynb"), "E"),),
        folder / "mod",
    )
    report = run_notebooks([Job(module, module.notebooks[0])], cache_dir=folder / "cache")
    (executed,) = report.notebooks.values()
    return str(executed.cells[0].outputs[0]["text"])


def test_kernels_run_single_threaded_blas(tmp_path: Path) -> None:
    """Kernels run side by side, one per CPU: BLAS threads of their own would fight."""
    assert run_cell(tmp_path, "import os; print(os.environ['OPENBLAS_NUM_THREADS'])") == "1\n"


def test_kernels_talk_over_unix_sockets_not_tcp_ports(tmp_path: Path) -> None:
    """TCP ports that Jupyter picks, lets go and hands to the kernel can be taken by a kernel
    that another process starts at the same moment; Unix sockets in a folder of their own
    cannot."""
    source = (
        "import json, ipykernel.connect\n"
        "info = json.load(open(ipykernel.connect.get_connection_file()))\n"
        "print(info['transport'], info['ip'])"
    )
    transport, ip = run_cell(tmp_path, source).split()
    assert transport == "ipc" and Path(ip).name == "k-ipc"


def test_a_cold_cache_orders_by_the_modules_stamped_durations(mini: Path, cache: Path) -> None:
    """A first build knows no timings of its own; `validate --run --stamp` recorded some."""
    import json

    shutil.copy(notebook(mini), notebook(mini, "again"))
    with (mini / "beta" / "module.yaml").open("a") as f:
        f.write("  - file: notebooks/again.ipynb\n    title: Again\n    data: [data/numbers.csv]\n")
    for slow, label in (("again", "beta/notebooks/again.ipynb"), ("count", LABEL)):
        stamp = {}
        stamp["notebooks"] = {
            name: (30.0 if name == f"notebooks/{slow}.ipynb" else 1.0)
            for name in ("notebooks/count.ipynb", "notebooks/again.ipynb")
        }
        (mini / "beta" / "verified.json").write_text(json.dumps(stamp))
        shutil.rmtree(cache, ignore_errors=True)
        progress = Recorder()
        run(mini, cache, workers=1, progress=progress)
        assert progress.events[1][:2] == ("running", label)
