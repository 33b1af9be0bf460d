"""Team summaries: `team/<handle>.yaml`, one per learner, read as untrusted input and written."""

import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from tutor.base.errors import Problem, TeamError
from tutor.base.files import write_atomic
from tutor.curriculum import schema
from tutor.curriculum.fields import FileReader
from tutor.curriculum.yamlfile import Located, read_yaml

TEAM_FOLDER = "team"
MAX_NAME = schema.TEAM_NAME_LENGTH
HEADER = (
    "# Written by `tutor share`: a learner's progress summary for the team's skills matrix.\n"
    "# No answers, no code, no attempt log. Regenerate it with `tutor share` rather than editing.\n"
)


class TeamMember(NamedTuple):
    handle: str
    name: str
    skills: Mapping[str, int]  # skill slug -> mastery level 0..4
    proficient: tuple[str, ...]  # module ids at least proficient
    mastered: tuple[str, ...]
    streak: int
    longest_streak: int
    last_active: date | None


def team_folder(curriculum_root: Path) -> Path:
    """`team/` sits beside `curriculum/` in the team's repository."""
    return curriculum_root.resolve().parent / TEAM_FOLDER


def load_team(folder: Path) -> tuple[TeamMember, ...]:
    """Every learner's summary, sorted by handle; raise TeamError listing every problem."""
    members, problems = check_team(folder)
    if problems:
        raise TeamError(problems)
    return members


def check_team(folder: Path) -> tuple[tuple[TeamMember, ...], list[Problem]]:
    """Validate every `*.yaml` in `folder` (a missing folder is an empty team)."""
    problems: list[Problem] = []
    members: list[TeamMember] = []
    try:
        files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    except FileNotFoundError:
        return (), []
    except OSError as exc:
        return (), [Problem(TEAM_FOLDER, None, "", f"cannot read the folder: {exc.strerror}")]
    for path in files:
        member = _read_member(path, f"{TEAM_FOLDER}/{path.name}", problems)
        if member is not None:
            members.append(member)
    return tuple(members), problems


def _read_member(path: Path, shown: str, problems: list[Problem]) -> TeamMember | None:
    loc, found = read_yaml(path, shown)
    problems.extend(found)
    if loc is None or found:
        return None
    before = len(problems)
    reader = FileReader(shown, problems)
    data = reader.mapping(loc, schema.TEAM, "")
    if data is None:
        return None
    fmt = reader.get(data, schema.TEAM["format"], "")
    if fmt is not None and fmt != schema.TEAM_FORMAT_VERSION:
        reader.problem(
            data["format"].line, "format", f"unsupported format {fmt} (this tutor reads 1)"
        )
    handle = reader.get(data, schema.TEAM["handle"], "")
    if handle is not None and handle != path.stem:
        reader.problem(
            data["handle"].line,
            "handle",
            f"claims the handle {handle!r} but the file is {path.name}: a file may only "
            f"describe its own learner (rename it {handle}.yaml or fix the handle)",
        )
    name = _text(reader, data, "name")
    skills = _skills(reader, data.get("skills"))
    proficient = reader.get(data, schema.TEAM["proficient"], "") or ()
    mastered = reader.get(data, schema.TEAM["mastered"], "") or ()
    current, longest = _streak(reader, data.get("streak"))
    last_active = reader.get(data, schema.TEAM["last_active"], "")
    if len(problems) > before:
        return None
    return TeamMember(
        handle or "",
        name or "",
        MappingProxyType(skills),
        tuple(proficient),
        tuple(mastered),
        current,
        longest,
        last_active,
    )


def _text(reader: FileReader, data: dict[str, Located], name: str) -> str | None:
    """A display string from someone else's file: short, one line, no control characters."""
    value = reader.get(data, schema.TEAM[name], "")
    if value is None:
        return None
    line = data[name].line
    if len(value) > MAX_NAME:
        reader.problem(line, name, f"is longer than {MAX_NAME} characters")
        return None
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in value):
        reader.problem(line, name, "must be one line of text without control characters")
        return None
    return str(value.strip())


def _skills(reader: FileReader, loc: Located | None) -> dict[str, int]:
    skills: dict[str, int] = {}
    if loc is None:
        return skills
    if not isinstance(loc.value, dict):
        reader.problem(loc.line, "skills", "expected a mapping of skill id -> level 0..4")
        return skills
    spec = schema.TEAM["skills"]
    top = int(spec.high or 0)
    for skill, level in loc.value.items():
        field = f"skills.{skill}"
        if not schema.SLUG.match(skill):
            reader.problem(level.line, field, f"{skill!r} is not a valid skill id")
        elif isinstance(level.value, bool) or not isinstance(level.value, int):
            reader.problem(level.line, field, f"expected a level 0..{top}")
        elif not 0 <= level.value <= top:
            reader.problem(level.line, field, f"level {level.value} is outside 0..{top}")
        else:
            skills[skill] = level.value
    return skills


def _streak(reader: FileReader, loc: Located | None) -> tuple[int, int]:
    if loc is None:
        return 0, 0
    data = reader.mapping(loc, schema.TEAM_STREAK, "streak")
    if data is None:
        return 0, 0
    values = []
    for name in ("current", "longest"):
        values.append(reader.get(data, schema.TEAM_STREAK[name], "streak") or 0)
    current, longest = values
    if longest < current:
        reader.problem(loc.line, "streak", "longest must be at least current")
    return current, longest


def render_member(member: TeamMember) -> str:
    """The YAML text of a team file (stable order, so diffs in review stay small)."""
    lines = [
        HEADER.rstrip("\n"),
        f"format: {schema.TEAM_FORMAT_VERSION}",
        f"handle: {member.handle}",
        f"name: {_quote(member.name)}",
    ]
    if member.skills:
        lines.append("skills:")
        lines.extend(f"  {skill}: {member.skills[skill]}" for skill in sorted(member.skills))
    else:
        lines.append("skills: {}")
    lines.append(f"proficient: [{', '.join(member.proficient)}]")
    lines.append(f"mastered: [{', '.join(member.mastered)}]")
    lines.append("streak:")
    lines.append(f"  current: {member.streak}")
    lines.append(f"  longest: {member.longest_streak}")
    if member.last_active is not None:
        lines.append(f"last_active: {member.last_active.isoformat()}")
    return "\n".join(lines) + "\n"


def write_member(folder: Path, member: TeamMember) -> Path:
    """Write `folder/<handle>.yaml` atomically and return its path."""
    path = folder / f"{member.handle}.yaml"
    write_atomic(
        path,
        render_member(member),
        hint="check that the team folder is writable (it sits beside curriculum/)",
    )
    return path


_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 ._'-]*$")


def _quote(text: str) -> str:
    """A YAML scalar for `text`: plain when unambiguous, else double-quoted with escapes."""
    if _PLAIN.match(text) and text.lower() not in (
        "yes",
        "no",
        "true",
        "false",
        "null",
        "on",
        "off",
    ):
        return text
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
