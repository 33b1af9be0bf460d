"""Speed figures for the team site, as ratios of whole `mkdocs build` runs measured together.

On the shipped curriculum and on a generated one with 12 notebooks whose outputs hold what the
page generator works hardest on (HTML tables and a styled table for the sanitiser, math in
Markdown cells and lessons for MathML, team summaries for "who to ask"):

- a cold build (empty notebook cache) with one worker per CPU against one worker
  (target: at least 1.6x faster on 2 cores);
- a warm rebuild with nothing changed against a build with notebook execution turned off
  (target: at most 1.2x);
- a rebuild after a Markdown-only edit of one notebook against the warm rebuild
  (target: at most 1.2x).

Usage: python benchmarks/bench_site.py [--runs N] [--only shipped|generated] [--warm-only]

`--warm-only` skips the cold builds (the slow part) and measures the last two figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

NOTEBOOK_CODE = [
    "import numpy as np\nimport matplotlib.pyplot as plt\nrng = np.random.default_rng({seed})",
    "x = rng.normal(size=(20_000, 8))\nscores = (x @ x.T[:, :200]).std(axis=0)\nscores[:5]",
    "fig, ax = plt.subplots(figsize=(5, 3))\nax.hist(scores, bins=40)\nax.set_title('Module {m}, "
    "notebook {n}')\nplt.show()",
    "import pandas as pd\ntable = pd.DataFrame(x[:40, :6], columns=list('abcdef')).round(3)\ntable",
    "table.head(10).style.background_gradient(cmap='Blues')",
]
NOTEBOOK_TEXT = (
    "# Notebook {n}\n\nSome text, and the math the page generator turns into MathML: the score "
    "is $s_j = \\sigma(\\sum_i x_{{ij}} w_i)$, its mean\n\n"
    "$$\\bar s = \\frac{{1}}{{n}} \\sum_{{j=1}}^{{n}} s_j$$"
)
LESSON = (
    "# Module {m}\n\nA lesson with math: $\\hat y = X w$ minimises "
    "$\\lVert y - X w \\rVert_2^2$.\n\n$$w = (X^\\top X)^{{-1}} X^\\top y$$\n"
)
TEAM = (
    "format: 1\nhandle: {h}\nname: Learner {h}\nskills: {{numpy: 3}}\nproficient: [{mods}]\n"
    "streak:\n  current: 1\n  longest: 3\n"
)


def generate(root: Path, modules: int = 3, notebooks: int = 4) -> Path:
    """A curriculum of `modules` x `notebooks` small NumPy + Matplotlib notebooks."""
    root.mkdir(parents=True)
    ids = [f"gen-{m}" for m in range(modules)]
    (root / "curriculum.yaml").write_text(
        "format: 1\ntitle: Generated\ntracks:\n  - id: all\n    title: All\n"
        f"    modules: [{', '.join(ids)}]\n"
    )
    for m, module_id in enumerate(ids):
        folder = root / module_id
        (folder / "lessons").mkdir(parents=True)
        (folder / "notebooks").mkdir()
        (folder / "lessons" / "intro.md").write_text(LESSON.format(m=m))
        entries = []
        for n in range(notebooks):
            cells = [_cell("markdown", NOTEBOOK_TEXT.format(n=n))]
            cells += [_cell("code", code.format(seed=n, m=m, n=n)) for code in NOTEBOOK_CODE]
            nb = {
                "cells": cells,
                "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
                "nbformat": 4,
                "nbformat_minor": 5,
            }
            (folder / "notebooks" / f"nb{n}.ipynb").write_text(json.dumps(nb))
            entries.append(f"  - file: notebooks/nb{n}.ipynb\n    title: Notebook {n}\n")
        (folder / "module.yaml").write_text(
            f"id: {module_id}\ntitle: Module {m}\nsummary: Generated.\nlevel: beginner\n"
            "skills: [numpy]\nrequires: [numpy, pandas, matplotlib]\nlessons:\n  - id: intro\n    title: Intro\n"
            "    file: lessons/intro.md\nnotebooks:\n" + "".join(entries)
        )
    return root


def team(folder: Path, modules: list[str], learners: int = 8) -> None:
    """Team summaries: every learner proficient in every module (who to ask, the matrix)."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(learners):
        handle = f"learner-{n}"
        text = TEAM.format(h=handle, mods=", ".join(modules))
        (folder / f"{handle}.yaml").write_text(text)


def _cell(kind: str, source: str) -> dict[str, object]:
    cell: dict[str, object] = {
        "cell_type": kind,
        "id": f"c{abs(hash(source)) % 10**8}",
        "metadata": {},
        "source": source,
    }
    if kind == "code":
        cell.update(outputs=[], execution_count=None)
    return cell


def project(folder: Path, curriculum: Path) -> Path:
    """A site project around `curriculum`, with a config per variant."""
    shutil.copytree(curriculum, folder / "curriculum")
    shutil.copytree(REPO / "docs", folder / "docs")
    team(folder / "team", sorted(p.parent.name for p in curriculum.glob("*/module.yaml")))
    config = (REPO / "mkdocs.yml").read_text()
    variants = {
        "all": "",
        "one": "      notebooks_workers: 1\n",
        "off": "      notebooks_execute: false\n",
    }
    for name, option in variants.items():
        text = config.replace(
            "      curriculum: curriculum\n", f"      curriculum: curriculum\n{option}"
        )
        (folder / f"mkdocs-{name}.yml").write_text(text)
    return folder


def build(folder: Path, variant: str, cache: Path) -> float:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", TUTOR_CACHE_DIR=str(cache))
    start = time.perf_counter()
    done = subprocess.run(
        [str(BIN / "mkdocs"), "build", "-q", "-f", f"mkdocs-{variant}.yml", "-d", "site"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"mkdocs build failed in {folder}:\n{done.stderr}")
    return elapsed


def first_notebook(folder: Path) -> Path:
    return sorted((folder / "curriculum").glob("*/notebooks/*.ipynb"))[0]


def edit_markdown(path: Path, n: int) -> None:
    nb = json.loads(path.read_text())
    markdown = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    source = markdown["source"]
    text = "".join(source) if isinstance(source, list) else source
    markdown["source"] = text.split("\n\n<!-- bench")[0] + f"\n\n<!-- bench {n} -->"
    path.write_text(json.dumps(nb))


def measure(folder: Path, runs: int, work: Path, cold: bool = True) -> dict[str, float]:
    samples: dict[str, list[float]] = {k: [] for k in ("cold_all", "cold_one", "warm", "off", "md")}
    warm_cache = work / f"{folder.name}-warm"
    build(folder, "all", warm_cache)
    cold_steps: list[tuple[str, Callable[[int], float]]] = [
        ("cold_all", lambda n: build(folder, "all", work / f"{folder.name}-cold-all-{n}")),
        ("cold_one", lambda n: build(folder, "one", work / f"{folder.name}-cold-one-{n}")),
    ]
    steps: list[tuple[str, Callable[[int], float]]] = [
        *(cold_steps if cold else []),
        ("warm", lambda n: build(folder, "all", warm_cache)),
        ("off", lambda n: build(folder, "off", warm_cache)),
        (
            "md",
            lambda n: (edit_markdown(first_notebook(folder), n), build(folder, "all", warm_cache))[
                1
            ],
        ),
    ]
    for n in range(runs):  # interleaved, so machine noise hits every figure alike
        for name, step in steps:
            samples[name].append(step(n))
    return {name: statistics.median(values) for name, values in samples.items() if values}


def report(label: str, t: dict[str, float]) -> None:
    rows = []
    if "cold_all" in t:
        rows += [
            ("cold build, one worker per CPU", t["cold_all"], None, None),
            (
                "cold build, one worker",
                t["cold_one"],
                t["cold_one"] / t["cold_all"],
                ">= 1.6x faster",
            ),
        ]
    rows += [
        ("build with execution off", t["off"], None, None),
        ("warm rebuild vs execution off", t["warm"], t["warm"] / t["off"], "<= 1.2x"),
        ("after a Markdown-only edit vs warm", t["md"], t["md"] / t["warm"], "<= 1.2x"),
    ]
    print(f"\n{label} ({os.cpu_count()} CPUs)")
    for name, seconds, ratio, target in rows:
        figure = f"{ratio:5.2f}x" if ratio is not None else "      "
        print(f"  {name:<38} {seconds:7.2f} s  {figure}  {target or ''}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=("shipped", "generated"))
    parser.add_argument("--warm-only", action="store_true", help="skip the cold builds")
    args = parser.parse_args()
    cold = not args.warm_only
    work = Path(tempfile.mkdtemp(prefix="tutor-bench-site-"))
    try:
        if args.only != "generated":
            shipped = project(work / "shipped", REPO / "curriculum")
            report("Shipped curriculum", measure(shipped, args.runs, work, cold))
        if args.only != "shipped":
            generated = project(work / "generated", generate(work / "gen-src"))
            report("Generated curriculum, 12 notebooks", measure(generated, args.runs, work, cold))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
