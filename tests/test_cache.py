"""The curriculum cache serves a load only while everything that load read is unchanged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tutor.base.errors import CurriculumError
from tutor.curriculum import CodeExercise, Curriculum
from tutor.curriculum.cache import load_cached


def entries(cache: Path) -> list[Path]:
    return list(cache.glob("*.pickle"))


def test_second_load_is_served_from_the_cache(mini: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = load_cached(mini, cache)
    assert len(entries(cache)) == 1
    stamp = entries(cache)[0].stat().st_mtime_ns
    second = load_cached(mini, cache)
    assert second == first and second.modules == first.modules
    assert entries(cache)[0].stat().st_mtime_ns == stamp  # not rewritten: it was a hit


@pytest.mark.parametrize(
    "change",
    [
        "edit a module",
        "edit the curriculum",
        "add a module folder",
        "remove a module folder",
    ],
)
def test_any_change_to_what_was_read_is_seen(mini: Path, tmp_path: Path, change: str) -> None:
    cache = tmp_path / "cache"
    load_cached(mini, cache)
    if change == "edit a module":
        path = mini / "alpha/module.yaml"
        # Same length, same second: a stat-based cache could miss this edit.
        path.write_text(path.read_text().replace("title: Alpha", "title: Omega"))
        assert load_cached(mini, cache).modules[0].title == "Omega"
    elif change == "edit the curriculum":
        path = mini / "curriculum.yaml"
        path.write_text(path.read_text().replace("Mini curriculum", "Maxi curriculum"))
        assert load_cached(mini, cache).title == "Maxi curriculum"
    elif change == "add a module folder":
        shutil.copytree(mini / "beta", mini / "gamma")
        with pytest.raises(CurriculumError) as caught:
            load_cached(mini, cache)
        assert any("must equal the folder name" in p.message for p in caught.value.problems)
    else:
        shutil.rmtree(mini / "beta")
        with pytest.raises(CurriculumError):
            load_cached(mini, cache)  # the track names beta


@pytest.mark.parametrize(
    "relative", ["alpha/lessons/first.md", "alpha/exercises/add/check.py", "beta/lessons/second.md"]
)
def test_a_referenced_file_removed_after_caching_is_reported(
    mini: Path, tmp_path: Path, relative: str
) -> None:
    cache = tmp_path / "cache"
    load_cached(mini, cache)
    (mini / relative).unlink()
    curriculum = load_cached(mini, cache)
    with pytest.raises(CurriculumError) as caught:
        curriculum.modules  # noqa: B018 (a module is checked when first used)
    assert any(relative.split("/", 1)[1] in p.message for p in caught.value.problems)


def test_problems_are_never_cached(mini: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    path = mini / "alpha/module.yaml"
    good = path.read_text()
    path.write_text(good.replace("level: beginner", "level: expert"))
    for _ in range(2):
        with pytest.raises(CurriculumError):
            load_cached(mini, cache)
    assert entries(cache) == []
    path.write_text(good)
    assert load_cached(mini, cache).modules[0].level == "beginner"


def test_a_corrupt_cache_entry_is_a_miss(mini: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_cached(mini, cache)
    entry = entries(cache)[0]
    entry.write_bytes(entry.read_bytes()[:40])
    assert load_cached(mini, cache).title == "Mini curriculum"


def test_an_unwritable_cache_only_costs_speed(mini: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    assert load_cached(mini, blocker / "cache").title == "Mini curriculum"


def test_outlines_match_the_modules_and_survive_an_unreadable_blob(
    mini: Path, tmp_path: Path
) -> None:
    from tutor.curriculum import load_curriculum
    from tutor.curriculum.model import outline_of

    load_cached(mini, tmp_path)
    cached = load_cached(mini, tmp_path)
    fresh = {m.id: outline_of(m) for m in load_curriculum(mini).modules}
    assert dict(cached.outlines) == fresh
    again = load_cached(mini, tmp_path)
    again.module_map._outline_blob = b"not a pickle"  # type: ignore[attr-defined]
    assert dict(again.outlines) == fresh


def test_code_changes_invalidate_the_cache(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pickles are only valid for the code that defined their classes (a `git pull`)."""
    from tutor.curriculum import cache

    load_cached(mini, tmp_path)
    key = cache._key(mini.resolve())
    monkeypatch.setattr(cache, "code_stamp", lambda *files: "other code")
    assert cache._key(mini.resolve()) != key


def test_unchanged_stats_skip_hashing_and_any_write_is_seen(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tutor.curriculum import cache

    # As if every file were older than the coarseness window: stats are trusted at once.
    monkeypatch.setattr(cache, "RACY_NS", -(10**18))
    load_cached(mini, tmp_path)
    real_key = cache._key

    def no_hashing(root: Path) -> bytes:
        raise AssertionError("hashed although nothing changed")

    monkeypatch.setattr(cache, "_key", no_hashing)
    assert load_cached(mini, tmp_path).title == "Mini curriculum"
    monkeypatch.setattr(cache, "_key", real_key)
    # The same size, written again: ctime moves, so the bytes are hashed and the edit seen.
    path = mini / "curriculum.yaml"
    path.write_text(path.read_text().replace("Mini curriculum", "Mini Curriculum"))
    assert load_cached(mini, tmp_path).title == "Mini Curriculum"
    shutil.rmtree(mini / "beta")
    (mini / "curriculum.yaml").write_text(path.read_text().replace(", beta]", "]"))
    assert load_cached(mini, tmp_path).module_ids == ("alpha",)


def test_recently_written_files_are_always_hashed(mini: Path, tmp_path: Path) -> None:
    """A file written within the timestamps' coarseness of the last hashing is never trusted."""
    from tutor.curriculum import cache

    load_cached(mini, tmp_path)
    hashed = []
    real_key = cache._key

    def counting(root: Path) -> bytes:
        hashed.append(root)
        return real_key(root)

    cache._key = counting  # type: ignore[assignment]
    try:
        load_cached(mini, tmp_path)
    finally:
        cache._key = real_key
    assert hashed  # the fixture was copied a moment ago: inside the racy window


def _add(curriculum: Curriculum) -> CodeExercise:
    ex = curriculum.exercise("alpha/add")
    assert isinstance(ex, CodeExercise)
    return ex


COUNTEREXAMPLE_CHANGES = [
    "add a wrong file",
    "remove a wrong file",
    "edit a mistake, same size",
    "add an alternative",
    "remove an alternative",
    "remove the wrong folder",
]


@pytest.mark.parametrize("trusted", [False, True], ids=["just written", "older files"])
@pytest.mark.parametrize("change", COUNTEREXAMPLE_CHANGES)
def test_counterexample_changes_are_seen(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str, trusted: bool
) -> None:
    """Counterexamples are not named by the YAML, so they are checked when a module is used:
    whether their files were written a moment ago (racy) or long before (stats trusted)."""
    from tutor.curriculum import cache, load_curriculum

    if trusted:
        monkeypatch.setattr(cache, "RACY_NS", -(10**18))
    load_cached(mini, tmp_path)
    folder = mini / "alpha/exercises/add"
    if change == "add a wrong file":
        (folder / "wrong/divides.py").write_text(
            '"""Divides."""\ndef add(a, b):\n    return a / b\n'
        )
    elif change == "remove a wrong file":
        (folder / "wrong/multiplies.py").unlink()
    elif change == "edit a mistake, same size":
        path = folder / "wrong/multiplies.py"
        path.write_text(path.read_text().replace("Multiplies", "Multiplied"))
    elif change == "add an alternative":
        (folder / "alternatives/plus.py").write_text("def add(a, b):\n    return b + a\n")
    elif change == "remove an alternative":
        (folder / "alternatives/builtin_sum.py").unlink()
    else:
        shutil.rmtree(folder / "wrong")
    assert _add(load_cached(mini, tmp_path)) == _add(load_curriculum(mini))


def test_a_wrong_file_that_loses_its_docstring_after_caching_is_reported(
    mini: Path, tmp_path: Path
) -> None:
    load_cached(mini, tmp_path)
    path = mini / "alpha/exercises/add/wrong/subtracts.py"
    path.write_text(path.read_text().split('"""\n', 1)[1])
    curriculum = load_cached(mini, tmp_path)
    with pytest.raises(CurriculumError) as caught:
        curriculum.modules  # noqa: B018 (a module is checked when first used)
    assert [p.file for p in caught.value.problems] == ["alpha/exercises/add/wrong/subtracts.py"]


def test_a_counterexample_change_is_cached_once_seen(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tutor.curriculum import cache

    monkeypatch.setattr(cache, "RACY_NS", -(10**18))
    load_cached(mini, tmp_path)
    (mini / "alpha/exercises/add/alternatives/plus.py").write_text(
        "def add(a, b):\n    return b + a\n"
    )
    assert len(_add(load_cached(mini, tmp_path)).alternatives) == 3

    def no_loading(root: Path) -> None:
        raise AssertionError("loaded again although nothing changed since")

    monkeypatch.setattr(cache, "_load", no_loading)
    assert len(_add(load_cached(mini, tmp_path)).alternatives) == 3


def test_a_wrong_file_written_as_it_was_read_is_read_again(mini: Path) -> None:
    """Timestamps are coarse: a file whose ctime is close to the load may have changed in the
    same tick after it was read, with the same stat. Its docstring is read again; an older
    file's stat is trusted."""
    from tutor.curriculum import cache

    path = str(mini / "alpha/exercises/add/wrong/multiplies.py")
    signature = cache._signature(path)
    assert signature is not None
    stale: cache._Watch = ((), ((path, signature, "Not what the file says."),))
    fresh: cache._Watch = ((), ((path, signature, "Multiplies instead of adding."),))
    assert not cache._unchanged(stale, loaded_at=signature[2])
    assert cache._unchanged(fresh, loaded_at=signature[2])
    assert cache._unchanged(stale, loaded_at=signature[2] + 10 * cache.RACY_NS)
