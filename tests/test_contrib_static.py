"""Static `tutor validate` beyond the format: invalid notebooks and missing images are errors;
unlisted exercise folders and notebooks, and text the scaffold left, are warnings (exit 0)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tutor.authoring import scaffold
from tutor.cli import app
from tutor.curriculum.references import image_references

NOTEBOOK = "beta/notebooks/count.ipynb"


def validate(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        app, ["--curriculum", str(root), "validate", *args], env={"COLUMNS": "250"}
    )
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def as_json(root: Path) -> tuple[int, dict[str, list[str]]]:
    code, output = validate(root, "--json")
    return code, json.loads(output)


def add_markdown_cell(notebook: Path, source: str) -> None:
    data = json.loads(notebook.read_text())
    data["cells"].append({"cell_type": "markdown", "id": "added", "metadata": {}, "source": source})
    notebook.write_text(json.dumps(data, indent=1))


# Notebooks


def test_a_notebook_that_is_not_json_is_an_error_with_its_line(
    tutor_env: dict[str, str], mini: Path
) -> None:
    path = mini / NOTEBOOK
    path.write_text(path.read_text().replace('"cells": [', '"cells": [,', 1))
    code, output = validate(mini)
    assert code == 1
    assert f"{NOTEBOOK}:2: not valid JSON: Expecting value" in output
    assert "Traceback" not in output


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (lambda nb: nb.pop("cells"), "it has no list of cells"),
        (lambda nb: nb["cells"][0].update(cell_type="prose"), "not a valid notebook"),
        (lambda nb: nb["cells"][1].pop("outputs"), "not a valid notebook"),
    ],
)
def test_a_notebook_nbformat_rejects_is_an_error(
    tutor_env: dict[str, str], mini: Path, change: object, why: str
) -> None:
    path = mini / NOTEBOOK
    data = json.loads(path.read_text())
    change(data)  # type: ignore[operator]
    path.write_text(json.dumps(data))
    code, found = as_json(mini)
    assert code == 1
    (problem,) = found["problems"]
    assert problem.startswith(f"{NOTEBOOK}: not a valid notebook") and why in problem


# Images


def test_missing_and_escaping_images_are_errors_and_present_ones_pass(
    tutor_env: dict[str, str], mini: Path
) -> None:
    lesson = mini / "alpha" / "lessons" / "first.md"
    lesson.write_text(
        "# First lesson\n\n![A sum](sum.png)\n\n"
        '<img alt="plot" src="img/plot%20one.png" width="200">\n\n'
        "![remote](https://example.com/x.png) ![site](/assets/x.png)\n\n"
        "```markdown\n![in a fence](fenced.png)\n```\n\nAnd `![in code](code.png)`.\n\n"
        "![by label][diagram]\n\n[diagram]: ../../../outside.png\n"
    )
    add_markdown_cell(mini / NOTEBOOK, "Look: ![counts](../figures/counts.svg)")
    code, found = as_json(mini)
    assert code == 1
    assert found["problems"] == [
        "alpha/lessons/first.md:3: image 'sum.png' not found (looked for alpha/lessons/sum.png); "
        "add the file, or fix the path (relative to this file)",
        "alpha/lessons/first.md:5: image 'img/plot one.png' not found (looked for "
        "alpha/lessons/img/plot one.png); add the file, or fix the path (relative to this file)",
        "alpha/lessons/first.md:15: image '../../../outside.png' is outside the module's "
        "folder: the site cannot show it; keep images in the module's folder",
        f"{NOTEBOOK}: [cell 3] image '../figures/counts.svg' not found (looked for "
        "beta/figures/counts.svg); add the file, or fix the path (relative to this file)",
    ]
    (mini / "alpha" / "lessons" / "sum.png").write_bytes(b"\x89PNG")
    (mini / "alpha" / "lessons" / "img").mkdir()
    (mini / "alpha" / "lessons" / "img" / "plot one.png").write_bytes(b"\x89PNG")
    (mini / "beta" / "figures").mkdir()
    (mini / "beta" / "figures" / "counts.svg").write_text("<svg/>")
    lesson.write_text(lesson.read_text().replace("../../../outside.png", "sum.png"))
    code, found = as_json(mini)
    assert code == 0 and found["problems"] == [], found


def test_image_references_outside_code_in_every_form() -> None:
    text = (
        '![a](one.png "title") ![b](<two words.png>) ![c][ref] ![ref]\n'
        "`![no](code.png)` <IMG SRC='three.png'> <img src=four.png>\n"
        "~~~\n![no](fenced.png)\n~~~\n"
        "[ref]: five.png\n![](data:image/png;base64,xyz) ![](#anchor) ![](six.png?raw=1#x)\n"
    )
    found = [(ref.target, ref.line) for ref in image_references(text)]
    assert found == [
        ("one.png", 1), ("two words.png", 1), ("five.png", 1), ("five.png", 1),
        ("three.png", 2), ("four.png", 2), ("six.png", 7),
    ]  # fmt: skip


# Warnings: unlisted files, scaffold leftovers


def test_unlisted_exercise_folders_and_notebooks_are_warnings(
    tutor_env: dict[str, str], mini: Path
) -> None:
    (mini / "alpha" / "exercises" / "forgotten").mkdir()
    (mini / "alpha" / "exercises" / "forgotten" / "check.py").write_text("")
    (mini / "alpha" / "exercises" / "__pycache__").mkdir()
    (mini / "beta" / "notebooks" / "draft.ipynb").write_text((mini / NOTEBOOK).read_text())
    (mini / "beta" / "notebooks" / ".ipynb_checkpoints").mkdir()
    (mini / "beta" / "notebooks" / ".ipynb_checkpoints" / "count-checkpoint.ipynb").write_text("")
    code, found = as_json(mini)
    assert code == 0 and found["problems"] == []
    assert found["warnings"] == [
        "alpha/exercises/forgotten/: exercises/forgotten/ is not a code exercise of "
        "module.yaml: add it to a lesson (id: forgotten, type: code), or delete the folder",
        "beta/notebooks/draft.ipynb: not listed under notebooks: in module.yaml, so neither "
        "run nor shown: list it (file: notebooks/draft.ipynb, title: ...), or delete it",
    ]
    code, output = validate(mini)
    assert code == 0 and "no problems (2 warnings)" in output
    assert "! beta/notebooks/draft.ipynb: not listed" in output


def test_scaffold_leftovers_are_warnings_until_replaced(
    tutor_env: dict[str, str], mini: Path
) -> None:
    runner = CliRunner()
    new = ["--curriculum", str(mini), "new"]
    made = runner.invoke(app, [*new, "module", "gamma", "--title", "G", "--summary", "S."])
    assert made.exit_code == 0, made.output
    for kind in ("code", "choice"):
        made = runner.invoke(app, [*new, "exercise", "gamma", f"a-{kind}", "--type", kind])
        assert made.exit_code == 0, made.output
    code, found = as_json(mini)
    assert code == 0, found
    warned = {w.split(": ", 1)[0]: w for w in found["warnings"]}
    code_files = [f"gamma/exercises/a-code/{n}" for n in ("starter.py", "solution.py", "check.py")]
    assert set(warned) == {
        "gamma/module.yaml:19",
        "gamma/lessons/introduction.md:3",
        "gamma/notebooks/tour.ipynb",
        *(
            f"gamma/exercises/a-code/wrong/{n}.py:3"
            for n in ("squares", "adds_two", "drops_the_sign")
        ),
        *(f"gamma/exercises/a-code/alternatives/{n}.py:3" for n in ("adds_itself", "shifts_left")),
        *code_files,
    }, sorted(warned)
    assert (
        "still holds 9 placeholders of the scaffold ('(TODO: describe the task.)')"
        in (warned["gamma/module.yaml:19"])
    )
    # Written for real, the module is quiet.
    folder = mini / "gamma"
    (folder / "lessons" / "introduction.md").write_text("# Gamma\n\nThe idea.\n")
    yaml_text = (folder / "module.yaml").read_text()
    (folder / "module.yaml").write_text(yaml_text.replace("TODO", "Done"))
    (folder / "notebooks" / "tour.ipynb").write_text(
        (folder / "notebooks" / "tour.ipynb").read_text().replace("Teach through", "We see")
    )
    exercise = folder / "exercises" / "a-code"
    for path in [*exercise.glob("*.py"), *exercise.glob("*/*.py")]:
        path.write_text(path.read_text().replace("TODO", "Note") + "\n")
    code, found = as_json(mini)
    assert code == 0 and found["warnings"] == [], found["warnings"]


def test_every_placeholder_is_text_the_scaffold_writes() -> None:
    written = "\n".join(scaffold._CODE_FILES.values()) + scaffold._LESSON + scaffold._notebook("")
    entries = [scaffold._exercise_entry("x", kind) for kind in ("code", "choice", "answer")]
    written += json.dumps([dict(entry) for entry in entries])
    for placeholder in scaffold.PLACEHOLDERS:
        assert placeholder in written, placeholder
