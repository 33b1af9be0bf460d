"""Team summaries: a round trip, and every problem an untrusted file can have."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tutor.team.summaries import (
    TeamError,
    TeamMember,
    check_team,
    load_team,
    render_member,
    write_member,
)

ADA = TeamMember(
    handle="ada",
    name="Ada Lovelace",
    skills={"numpy": 3, "polars": 1},
    proficient=("numpy-idioms",),
    mastered=(),
    streak=4,
    longest_streak=12,
    last_active=date(2026, 11, 25),
)


@pytest.mark.parametrize(
    "name", ["Ada Lovelace", "Zoë O'Brien", 'He said "hi": yes', "123", "null", "a\\b", "- dash"]
)
def test_round_trip(tmp_path: Path, name: str) -> None:
    member = ADA._replace(name=name)
    write_member(tmp_path, member)
    (loaded,) = load_team(tmp_path)
    assert loaded._replace(skills=dict(loaded.skills)) == member


def test_a_missing_folder_is_an_empty_team(tmp_path: Path) -> None:
    assert load_team(tmp_path / "team") == ()


def test_members_are_sorted_and_skills_immutable(tmp_path: Path) -> None:
    write_member(tmp_path, ADA._replace(handle="zed"))
    write_member(tmp_path, ADA)
    members = load_team(tmp_path)
    assert [m.handle for m in members] == ["ada", "zed"]
    with pytest.raises(TypeError):
        members[0].skills["numpy"] = 4  # type: ignore[index]


CASES = [
    ("handle: ada", "handle: bob", 4, "handle", "claims the handle 'bob'"),
    ("handle: ada", "handle: Not A Slug", 4, "handle", "not a valid id"),
    ("  numpy: 3", "  numpy: 7", 7, "skills.numpy", "outside 0..4"),
    ("  numpy: 3", "  numpy: three", 7, "skills.numpy", "expected a level"),
    ("  numpy: 3", "  Bad Skill: 3", 7, "skills.Bad Skill", "not a valid skill id"),
    ("name: Ada Lovelace", "name: " + "x" * 81, 5, "name", "longer than 80"),
    ("name: Ada Lovelace", 'name: "Ada\\u0007"', 5, "name", "control characters"),
    ("  longest: 12", "  longest: 2", 12, "streak", "longest must be at least current"),
    ("  current: 4", "  current: -1", 12, "streak.current", "must be at least 0"),
    ("last_active: 2026-11-25", "last_active: yesterday", 14, "last_active", "a date"),
    ("format: 1", "format: 2", 3, "format", "unsupported format 2"),
    ("format: 1", "fromat: 1", 3, "fromat", "unknown field"),
]


@pytest.mark.parametrize(("old", "new", "line", "field", "message"), CASES)
def test_every_problem_is_reported_with_line_and_field(
    tmp_path: Path, old: str, new: str, line: int, field: str, message: str
) -> None:
    path = write_member(tmp_path, ADA)
    text = path.read_text()
    assert old in text, text
    path.write_text(text.replace(old, new, 1))
    members, problems = check_team(tmp_path)
    assert members == ()
    assert any(
        p.file == "team/ada.yaml" and p.line == line and p.field == field and message in p.message
        for p in problems
    ), problems


def test_all_files_are_reported_at_once(tmp_path: Path) -> None:
    write_member(tmp_path, ADA)
    write_member(tmp_path, ADA._replace(handle="bob"))
    (tmp_path / "bob.yaml").write_text("handle: [unclosed\n")
    (tmp_path / "eve.yaml").write_text("format: 1\nhandle: eve\n")
    with pytest.raises(TeamError) as caught:
        load_team(tmp_path)
    files = {p.file for p in caught.value.problems}
    assert files == {"team/bob.yaml", "team/eve.yaml"}
    assert "team files have" in caught.value.message


def test_rendered_text_is_stable_yaml(tmp_path: Path) -> None:
    text = render_member(ADA)
    assert text.startswith("# Written by `tutor share`")
    assert "skills:\n  numpy: 3\n  polars: 1\n" in text
    assert text == render_member(ADA)
