"""The curriculum cache serves a load only while everything that load read is unchanged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tutor.base.errors import CurriculumError
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
