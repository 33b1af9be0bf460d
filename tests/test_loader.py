"""The curriculum loader and validator: a valid load, and every problem a contributor can make."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.base.errors import CurriculumError, Problem
from tutor.curriculum import (
    AnswerExercise,
    ChoiceExercise,
    CodeExercise,
    check_curriculum,
    load_curriculum,
)
from tutor.curriculum.loader import find_cycle


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text()
    assert old in text, f"fixture edit: {old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1))


def problems_of(root: Path) -> list[Problem]:
    curriculum, problems = check_curriculum(root)
    assert curriculum is None
    return problems


def test_valid_curriculum_loads_into_typed_objects(mini: Path) -> None:
    curriculum = load_curriculum(mini)
    assert curriculum.title == "Mini curriculum"
    assert [m.id for m in curriculum.modules] == ["alpha", "beta"]
    assert [t.id for t in curriculum.tracks] == ["basics"]
    add = curriculum.exercise("alpha/add")
    assert isinstance(add, CodeExercise)
    assert add.timeout == 10.0  # from the curriculum's defaults
    assert add.memory_mb == 2048
    assert add.starter.is_file() and add.check.is_file()
    pick = curriculum.exercise("pick")  # a bare id works when unique
    assert isinstance(pick, ChoiceExercise) and pick.answer == (1,) and not pick.multiple
    primes = curriculum.exercise("beta/primes")
    assert isinstance(primes, ChoiceExercise) and primes.answer == (0, 2) and primes.multiple
    shout = curriculum.exercise("beta/shout")
    assert isinstance(shout, AnswerExercise) and shout.pattern == "(?i)hello!*"
    assert curriculum.module("beta") is not None
    assert curriculum.module("beta").prerequisites == ("alpha",)  # type: ignore[union-attr]


def test_objects_are_immutable(mini: Path) -> None:
    module = load_curriculum(mini).modules[0]
    with pytest.raises(AttributeError):
        module.id = "other"  # type: ignore[misc]


# (file, text to replace, replacement, expected file, expected line, expected field, message part)
CASES = [
    (
        "alpha/module.yaml",
        "title: Alpha",
        "title: [Alpha",
        "alpha/module.yaml",
        3,
        "",
        "YAML syntax",
    ),
    (
        "alpha/module.yaml",
        "level: beginner",
        "level: beginner\ncolour: red",
        "alpha/module.yaml",
        5,
        "colour",
        "unknown field",
    ),
    (  # a misspelt key whose value is a block: the key's line, not the block's first
        "curriculum.yaml",
        "tracks:",
        "trakcs:",
        "curriculum.yaml",
        5,
        "trakcs",
        "unknown field (did you mean 'tracks'?",
    ),
    (
        "alpha/module.yaml",
        "summary: Adding numbers and picking options.\n",
        "",
        "alpha/module.yaml",
        1,
        "summary",
        "missing required field",
    ),
    (
        "alpha/module.yaml",
        "level: beginner",
        "level: expert",
        "alpha/module.yaml",
        4,
        "level",
        "is not one of",
    ),
    (
        "alpha/module.yaml",
        "id: alpha",
        "id: Alpha_1",
        "alpha/module.yaml",
        1,
        "id",
        "not a valid id",
    ),
    (
        "alpha/module.yaml",
        "id: alpha",
        "id: gamma",
        "alpha/module.yaml",
        1,
        "id",
        "must equal the folder name",
    ),
    (
        "alpha/module.yaml",
        "      - id: pick",
        "      - id: add",
        "alpha/module.yaml",
        20,
        "lessons[0].exercises[1].id",
        "duplicate exercise id",
    ),
    (
        "alpha/module.yaml",
        "file: lessons/first.md",
        "file: lessons/missing.md",
        "alpha/module.yaml",
        11,
        "lessons[0].file",
        "file not found",
    ),
    (
        "alpha/module.yaml",
        "file: lessons/first.md",
        "file: ../beta/lessons/second.md",
        "alpha/module.yaml",
        11,
        "lessons[0].file",
        "inside the module folder",
    ),
    (
        "alpha/module.yaml",
        "file: lessons/first.md",
        "file: /etc/passwd",
        "alpha/module.yaml",
        11,
        "lessons[0].file",
        "inside the module folder",
    ),
    (
        "alpha/module.yaml",
        "      - id: add",
        "      - id: ../../etc",
        "alpha/module.yaml",
        13,
        "lessons[0].exercises[0].id",
        "not a valid id",
    ),
    (
        "alpha/module.yaml",
        "answer: 1",
        "answer: 3",
        "alpha/module.yaml",
        24,
        "lessons[0].exercises[1].answer",
        "out of range",
    ),
    (
        "alpha/module.yaml",
        'hints: ["Python has an operator for that.", "return a + b"]',
        'hints: ["", "return a + b"]',
        "alpha/module.yaml",
        19,
        "lessons[0].exercises[0].hints[0]",
        "must not be empty",
    ),
    (
        "alpha/module.yaml",
        'requires: ["pytest>=7"]',
        'requires: ["pytest >=> 7"]',
        "alpha/module.yaml",
        7,
        "requires[0]",
        "not a valid PEP 508",
    ),
    (
        "alpha/module.yaml",
        "type: choice",
        "type: essay",
        "alpha/module.yaml",
        21,
        "lessons[0].exercises[1].type",
        "is not one of",
    ),
    (
        "alpha/module.yaml",
        "minutes: 3",
        "minutes: lots",
        "alpha/module.yaml",
        17,
        "lessons[0].exercises[0].minutes",
        "expected an integer",
    ),
    (
        "alpha/module.yaml",
        "difficulty: 1",
        "difficulty: 7",
        "alpha/module.yaml",
        18,
        "lessons[0].exercises[0].difficulty",
        "between 1 and 3",
    ),
    (
        "alpha/module.yaml",
        'accept: ["4", "four"]',
        'pattern: "(unclosed"',
        "alpha/module.yaml",
        30,
        "lessons[0].exercises[2].pattern",
        "invalid regular expression",
    ),
    (
        "beta/module.yaml",
        "prerequisites: [alpha]",
        "prerequisites: [omega]",
        "beta/module.yaml",
        6,
        "prerequisites",
        "unknown module 'omega'",
    ),
    (
        "curriculum.yaml",
        "modules: [alpha, beta]",
        "modules: [alpha, zeta]",
        "curriculum.yaml",
        6,
        "tracks.modules",
        "unknown module 'zeta'",
    ),
    ("curriculum.yaml", "format: 1", "format: 2", "curriculum.yaml", 1, "format", "not supported"),
    (
        "curriculum.yaml",
        "  - id: basics",
        "  - id: basics\n    colour: red",
        "curriculum.yaml",
        7,
        "tracks[0].colour",
        "unknown field",
    ),
]


@pytest.mark.parametrize(
    ("file", "old", "new", "where", "line", "field", "message"),
    CASES,
    ids=[case[-1] + "/" + case[5] for case in CASES],
)
def test_each_problem_is_reported_with_file_line_and_field(
    mini: Path, file: str, old: str, new: str, where: str, line: int, field: str, message: str
) -> None:
    edit(mini, file, old, new)
    found = problems_of(mini)
    matching = [p for p in found if message in p.message]
    assert matching, f"no problem mentions {message!r}: {found}"
    problem = matching[0]
    assert (problem.file, problem.line, problem.field) == (where, line, field), found


def test_missing_code_exercise_files_are_named(mini: Path) -> None:
    (mini / "alpha/exercises/add/check.py").unlink()
    (mini / "alpha/exercises/add/solution.py").unlink()
    messages = [p.message for p in problems_of(mini)]
    assert "file not found: alpha/exercises/add/check.py" in messages
    assert "file not found: alpha/exercises/add/solution.py" in messages


def test_all_problems_are_reported_at_once(mini: Path) -> None:
    edit(mini, "alpha/module.yaml", "level: beginner", "level: expert")
    edit(mini, "beta/module.yaml", "title: Beta", "title: [")
    edit(mini, "curriculum.yaml", "title: Mini curriculum", "title: Mini\nextra: 1")
    found = problems_of(mini)
    assert {p.file for p in found} == {"alpha/module.yaml", "beta/module.yaml", "curriculum.yaml"}


def test_prerequisite_cycle_is_named(mini: Path) -> None:
    edit(mini, "alpha/module.yaml", "prerequisites: []", "prerequisites: [beta]")
    found = problems_of(mini)
    cycles = [p for p in found if "cycle" in p.message]
    assert len(cycles) == 1
    assert (
        "alpha -> beta -> alpha" in cycles[0].message
        or "beta -> alpha -> beta" in cycles[0].message
    )


def test_find_cycle_handles_long_chains_without_recursion() -> None:
    chain = {f"m{i}": [f"m{i + 1}"] for i in range(5000)}
    assert find_cycle(chain) == []
    chain["m5000"] = ["m0"]
    cycle = find_cycle(chain)
    assert cycle[0] == cycle[-1] and len(cycle) == 5002


def test_duplicate_track_and_keys(mini: Path) -> None:
    edit(
        mini,
        "curriculum.yaml",
        "tracks:\n",
        "tracks:\n  - id: basics\n    title: Again\n    modules: [alpha]\n",
    )
    edit(mini, "beta/module.yaml", "level: intermediate", "level: intermediate\nlevel: beginner")
    messages = [p.message for p in problems_of(mini)]
    assert "duplicate track id 'basics'" in messages
    assert any("duplicate key" in m for m in messages)


def test_alias_bomb_is_refused_quickly(mini: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        ref = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{ref}]")
    (mini / "alpha/module.yaml").write_text("\n".join(lines) + "\n")
    found = problems_of(mini)
    assert any("expands far beyond its size" in p.message for p in found)


def test_module_folder_without_module_yaml(mini: Path) -> None:
    (mini / "gamma").mkdir()
    found = problems_of(mini)
    assert Problem("gamma/module.yaml", None, "", "file not found") in found


def test_empty_and_non_mapping_files(mini: Path) -> None:
    (mini / "alpha/module.yaml").write_text("")
    (mini / "beta/module.yaml").write_text("- just\n- a list\n")
    found = problems_of(mini)
    assert Problem("alpha/module.yaml", None, "", "the file is empty") in found
    assert any(p.file == "beta/module.yaml" and "expected a mapping" in p.message for p in found)


def test_missing_curriculum_file(tmp_path: Path) -> None:
    with pytest.raises(CurriculumError) as caught:
        load_curriculum(tmp_path)
    assert caught.value.problems == [Problem("curriculum.yaml", None, "", "file not found")]


def test_problem_text_names_file_line_and_field() -> None:
    problem = Problem("alpha/module.yaml", 7, "level", "'x' is not one of beginner")
    assert str(problem) == "alpha/module.yaml:7: [level] 'x' is not one of beginner"


def test_notebooks_carry_timeout_and_data_files(mini: Path) -> None:
    beta = load_curriculum(mini).module("beta")
    assert beta is not None
    (notebook,) = beta.notebooks
    assert notebook.file == Path("notebooks/count.ipynb")
    assert notebook.timeout == 30.0
    assert notebook.data == (Path("data/numbers.csv"),)


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("timeout: 30", "timeout: 0", "notebooks[0].timeout", "must be at least 1"),
        (
            "data: [data/numbers.csv]",
            "data: [data/gone.csv]",
            "notebooks[0].data[0]",
            "file not found",
        ),
        (
            "data: [data/numbers.csv]",
            "data: [../alpha/module.yaml]",
            "notebooks[0].data[0]",
            "inside the module folder",
        ),
    ],
)
def test_notebook_problems(mini: Path, old: str, new: str, field: str, message: str) -> None:
    edit(mini, "beta/module.yaml", old, new)
    found = problems_of(mini)
    assert [p.field for p in found] == [field], found
    assert message in found[0].message


def test_code_exercises_know_their_counterexamples(mini: Path) -> None:
    add = load_curriculum(mini).exercise("alpha/add")
    assert isinstance(add, CodeExercise)
    folder = mini / "alpha/exercises/add"
    assert [(c.path, c.mistake) for c in add.wrong] == [
        (folder / "wrong/joins_digits.py", "Joins the numbers as text, so `add(2, 3)` is 23."),
        (folder / "wrong/multiplies.py", "Multiplies instead of adding."),
        (folder / "wrong/subtracts.py", "Subtracts `b` from `a` instead of adding them."),
    ]
    assert add.alternatives == (
        folder / "alternatives/builtin_sum.py",
        folder / "alternatives/operator_add.py",
    )


def test_only_python_files_are_counterexamples(mini: Path) -> None:
    folder = mini / "alpha/exercises/add"
    (folder / "wrong/notes.md").write_text("not a counterexample")
    (folder / "wrong/_helper.py").write_text("SHARED = 1\n")
    (folder / "wrong/__pycache__").mkdir()
    (folder / "alternatives/.hidden.py").write_text("")
    add = load_curriculum(mini).exercise("alpha/add")
    assert isinstance(add, CodeExercise)
    assert len(add.wrong) == 3 and len(add.alternatives) == 2


def test_counterexample_folders_are_optional_to_the_format(mini: Path) -> None:
    """Too few counterexamples is a contributor's problem (`tutor validate` reports it), not
    a format error: a module being written still runs in the tutor."""
    import shutil

    shutil.rmtree(mini / "alpha/exercises/add/wrong")
    shutil.rmtree(mini / "alpha/exercises/add/alternatives")
    add = load_curriculum(mini).exercise("alpha/add")
    assert isinstance(add, CodeExercise) and add.wrong == () and add.alternatives == ()


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("def add(a, b):\n    return a - b\n", 1, "must open with a docstring"),
        ("# Subtracts.\ndef add(a, b):\n    return a - b\n", 1, "must open with a docstring"),
        ('"""   """\ndef add(a, b):\n    return a - b\n', 1, "must open with a docstring"),
        ('x = 1\n"""Too late to be a docstring."""\n', 1, "must open with a docstring"),
        ('"""Subtracts."""\n\ndef add(a, b)\n    return a - b\n', 3, "is not valid Python"),
    ],
    ids=["no docstring", "a comment", "a blank docstring", "a later string", "a syntax error"],
)
def test_a_wrong_solution_must_name_its_mistake(
    mini: Path, text: str, line: int, message: str
) -> None:
    (mini / "alpha/exercises/add/wrong/subtracts.py").write_text(text)
    found = problems_of(mini)
    assert [(p.file, p.line) for p in found] == [("alpha/exercises/add/wrong/subtracts.py", line)]
    assert message in found[0].message
    assert "docstring" in found[0].message or "plausible mistake" in found[0].message


def test_the_mistake_is_the_docstrings_first_line(mini: Path) -> None:
    (mini / "alpha/exercises/add/wrong/subtracts.py").write_text(
        '"""\n    Subtracts instead of adding.\n\n    Learners reach for `-` by habit.\n"""\n'
        "def add(a, b):\n    return a - b\n"
    )
    add = load_curriculum(mini).exercise("alpha/add")
    assert isinstance(add, CodeExercise)
    assert add.wrong[-1].mistake == "Subtracts instead of adding."
