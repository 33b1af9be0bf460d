"""`validate --run --changed REF`: which modules a change touches, and why each was chosen.

A module is chosen when a file of its own folder changed (its reason names the first such file),
or when its entries in a `curriculum.yaml` changed: joining or leaving a track. A change to
`curriculum.yaml` chooses every module only where it reaches every exercise (`defaults`, the
format, what it includes); a new track entry or a new title chooses no other module.

REF is what `git diff` takes: `REF` compares the working tree (new files included) with a
commit; `A..B` compares two commits; `A...B` compares B with where it left A (as pre-push
hooks need: what is being pushed, against what the remote has).
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any, NamedTuple

from tutor.base.errors import TutorError
from tutor.curriculum.model import Curriculum

CURRICULUM_FILE = "curriculum.yaml"
# Keys of curriculum.yaml that reach no exercise: a change to them runs nothing.
_INERT_KEYS = frozenset({"title", "tracks"})
_VERBS = {"A": "added", "D": "deleted", "M": "changed", "T": "changed"}


class Comparison(NamedTuple):
    base: str  # a commit
    head: str | None  # a commit, or None for the working tree


def changed_modules(curriculum: Curriculum, ref: str) -> dict[str, str]:
    """Module id -> why it was chosen ('exercises/add/check.py changed'), in curriculum order,
    for every module that the change between `ref` and the working tree (or `A..B`,
    `A...B`) touches."""
    git = _Git(curriculum.root, ref)
    top = Path(git("rev-parse", "--show-toplevel")[0]).resolve()
    comparison = _comparison(git, ref)
    folders = {m.id: m.folder.resolve() for m in curriculum.modules}
    files: dict[str, list[str]] = {}  # a module's own files first, in path order
    entries: dict[str, list[str]] = {}  # then its entries in a curriculum.yaml
    for path, verb in sorted(_changed_paths(git, comparison)):
        where = top / path
        owner = next((m for m, f in folders.items() if where.is_relative_to(f)), None)
        if owner is not None:
            files.setdefault(owner, []).append(
                f"{where.relative_to(folders[owner]).as_posix()} {verb}"
            )
        elif where.name == CURRICULUM_FILE:
            old = _yaml(git, comparison.base, path, None)
            new = _yaml(git, comparison.head, path, where)
            for module, why in _curriculum_changes(old, new, curriculum).items():
                entries.setdefault(module, []).append(f"{_shown(where, curriculum)}: {why}")
    reasons = {m: files.get(m, []) + entries.get(m, []) for m in {*files, *entries}}
    chosen = {}
    for module in curriculum.module_ids:
        if module in reasons:
            first, *more = reasons[module]
            chosen[module] = first + (f", and {len(more)} more" if more else "")
    return chosen


def _shown(path: Path, curriculum: Curriculum) -> str:
    """A file as messages name it: relative to the curriculum's folder where it is inside."""
    root = curriculum.root.resolve()
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def _comparison(git: _Git, ref: str) -> Comparison:
    if "..." in ref:
        left, _, right = ref.partition("...")
        right = right or "HEAD"
        return Comparison(git("merge-base", left or "HEAD", right)[0], right)
    if ".." in ref:
        left, _, right = ref.partition("..")
        return Comparison(left or "HEAD", right or "HEAD")
    return Comparison(ref, None)


def _changed_paths(git: _Git, comparison: Comparison) -> list[tuple[str, str]]:
    """(path from the repository's top, 'added' | 'changed' | 'deleted') of every file."""
    span = [comparison.base] if comparison.head is None else [comparison.base, comparison.head]
    fields = git.nul("diff", "--name-status", "--no-renames", "-z", *span, "--")
    found = [
        (path, _VERBS.get(status[:1], "changed"))
        for status, path in zip(fields[::2], fields[1::2], strict=True)
    ]
    if comparison.head is None:
        new = git.nul("ls-files", "-z", "--others", "--exclude-standard", "--full-name", ":/")
        found.extend((path, "added") for path in new)
    return found


def _yaml(git: _Git, commit: str | None, path: str, on_disk: Path | None) -> Any:
    """The YAML of `path` at `commit` (or on disk, when `commit` is None); None when it is
    absent, and the text itself when it does not parse."""
    import yaml

    if commit is None:
        assert on_disk is not None
        try:
            text = on_disk.read_text(encoding="utf-8")
        except OSError:
            return None
    else:
        found = git.maybe("show", f"{commit}:{path}")
        if found is None:
            return None
        text = found
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


def _curriculum_changes(old: Any, new: Any, curriculum: Curriculum) -> dict[str, str]:
    """Module id -> what changed for it between two versions of a curriculum.yaml."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        return dict.fromkeys(curriculum.module_ids, "changed (a version does not parse)")
    keys = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
    reaching = [k for k in keys if k not in _INERT_KEYS]
    if reaching:
        return dict.fromkeys(curriculum.module_ids, f"{', '.join(reaching)} changed")
    before, after = _memberships(old), _memberships(new)
    found = {}
    for module in curriculum.module_ids:
        joined = sorted(after.get(module, set()) - before.get(module, set()))
        left = sorted(before.get(module, set()) - after.get(module, set()))
        why = [f"joined track {', '.join(joined)}"] if joined else []
        why += [f"left track {', '.join(left)}"] if left else []
        if why:
            found[module] = "; ".join(why)
    return found


def _memberships(data: dict[str, Any]) -> dict[str, set[str]]:
    """Module id -> the ids of the tracks that list it."""
    found: dict[str, set[str]] = {}
    tracks = data.get("tracks")
    for track in tracks if isinstance(tracks, list) else []:
        if isinstance(track, dict) and isinstance(track.get("modules"), list):
            for module in track["modules"]:
                found.setdefault(str(module), set()).add(str(track.get("id")))
    return found


class _Git:
    """git in the curriculum's folder; a failure is one line naming what to pass instead."""

    def __init__(self, root: Path, ref: str) -> None:
        self.root = root
        self.ref = ref

    def __call__(self, *args: str) -> list[str]:
        """The lines git printed."""
        return [line for line in self._checked(args).splitlines() if line]

    def nul(self, *args: str) -> list[str]:
        """The fields of git's -z output (paths exactly as they are, whatever they hold)."""
        return [field for field in self._checked(args).split("\0") if field]

    def _checked(self, args: tuple[str, ...]) -> str:
        done = self._run(args)
        if done.returncode != 0:
            reason = (done.stderr.strip().splitlines() or ["git failed"])[-1]
            raise TutorError(
                f"git cannot compare with {self.ref!r}: {reason}",
                hint="pass a branch, tag or commit, e.g. --changed origin/main",
            )
        return done.stdout

    def maybe(self, *args: str) -> str | None:
        """The output, or None when git fails (a file absent at a commit)."""
        done = self._run(args)
        return done.stdout if done.returncode == 0 else None

    def _run(self, args: tuple[str, ...]) -> subprocess.CompletedProcess[str]:
        try:
            return subprocess.run(
                ["git", *args],
                cwd=self.root,
                capture_output=True,
                text=True,
                check=False,
                timeout=60,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise TutorError(
                f"cannot run git: {exc}", hint="install git, or drop --changed"
            ) from None
