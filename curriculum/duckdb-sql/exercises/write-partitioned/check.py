"""Checks for write-partitioned.

PYTEST_DONT_REWRITE: every assertion carries its own message; pytest's rewriting would
add the repr of whole DataFrames and relations to it.
"""

import contextlib
import secrets
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from exercise import write_partitioned


# One DuckDB instance for the whole check: a new one builds its catalog of functions, tens of
# milliseconds each time, while a database attached to it costs almost nothing.
INSTANCE = duckdb.connect()


@contextlib.contextmanager
def new_database():
    """A connection whose default database is new and empty, as `duckdb.connect()` gives."""
    name = f"db_{secrets.token_hex(6)}"
    INSTANCE.execute(f"ATTACH ':memory:' AS {name}")
    con = INSTANCE.cursor()
    try:
        con.execute(f"USE {name}")
        yield con
    finally:
        con.close()
        INSTANCE.execute(f"DETACH {name}")


COLUMNS = ["event_id", "user_id", "ts", "amount"]


def make_events(n, seed, start=datetime(2024, 11, 3), days=110):
    """n events spread from November 2024 to February 2025, across a year boundary."""
    rng = np.random.default_rng(seed)
    seconds = np.sort(rng.integers(0, days * 86400, size=n))
    return pl.DataFrame(
        {
            "event_id": np.arange(1, n + 1, dtype=np.int64),
            "user_id": rng.choice(["ana", "ben", "chloé", "dev"], size=n),
            "ts": [start + timedelta(seconds=int(s)) for s in seconds],
            "amount": np.round(rng.gamma(2.0, 20.0, size=n), 2),
        }
    ).with_columns(pl.col("ts").cast(pl.Datetime("us")))


def read_back(root):
    with new_database() as con:
        pattern = (Path(root) / "**" / "*.parquet").as_posix()
        return con.sql(
            "SELECT * FROM read_parquet($files, hive_partitioning = true) ORDER BY event_id",
            params={"files": pattern},
        ).pl()


def partitions(root):
    return sorted({p.parent.relative_to(root).as_posix() for p in Path(root).rglob("*.parquet")})


def run(events, root):
    with new_database() as con:
        return write_partitioned(con, events, root)


def test_returns_the_number_of_rows(tmp_path):
    n = run(make_events(200, 0), tmp_path / "events")
    assert isinstance(n, int) and not isinstance(n, bool), f"expected an int row count, got {type(n).__name__}"
    assert n == 200, f"200 events were written, the function returned {n}"


def test_hive_layout_by_year_and_month(tmp_path):
    root = tmp_path / "events"
    run(make_events(200, 1), root)
    want = ["year=2024/month=11", "year=2024/month=12", "year=2025/month=1", "year=2025/month=2"]
    got = partitions(root)
    assert got == want, (
        f"expected Parquet files in the folders {want} under root, found them in {got}. "
        "Partition by year(ts) and month(ts) with PARTITION_BY (year, month)"
    )


def test_round_trip_keeps_every_row(tmp_path):
    events = make_events(200, 2)
    root = tmp_path / "events"
    run(events, root)
    back = read_back(root)
    missing = [c for c in COLUMNS if c not in back.columns]
    assert not missing, f"reading the dataset back, the columns {missing} are missing (found {back.columns})"
    assert_frame_equal(back.select(COLUMNS), events, check_dtypes=False)


def test_each_file_holds_only_its_month(tmp_path):
    root = tmp_path / "events"
    run(make_events(200, 3), root)
    with new_database() as con:
        for path in Path(root).rglob("*.parquet"):
            year = int(path.parent.parent.name.split("=")[1])
            month = int(path.parent.name.split("=")[1])
            found = con.sql(
                "SELECT DISTINCT year(ts), month(ts) FROM read_parquet($f, hive_partitioning = false)",
                params={"f": path.as_posix()},
            ).fetchall()
            assert found == [(year, month)], (
                f"{path.relative_to(root)} holds rows of (year, month) {sorted(found)}, expected only {(year, month)}"
            )


def test_a_second_write_replaces_the_first(tmp_path):
    root = tmp_path / "events"
    run(make_events(200, 4), root)
    later = make_events(5, 5, start=datetime(2025, 2, 10), days=5).with_columns(pl.col("event_id") + 1000)
    try:
        n = run(later, root)
    except duckdb.Error as error:
        pytest.fail(
            f"writing to a folder that already holds a dataset raised {type(error).__name__}: {error}\n"
            "Replace the old files (COPY's OVERWRITE option)."
        )
    assert n == 5, f"the second write had 5 rows, the function returned {n}"
    back = read_back(root)
    assert back["event_id"].to_list() == later["event_id"].to_list(), (
        f"after the second write the dataset must hold only its 5 rows, found {back.height} rows "
        f"(event_ids {back['event_id'].to_list()[:8]}...): files from the first write were left behind"
    )


def test_a_quote_in_the_path(tmp_path):
    root = tmp_path / "team's events"
    events = make_events(20, 6)
    try:
        n = run(events, root)
    except duckdb.Error as error:
        pytest.fail(
            f"a root folder named \"team's events\" raised {type(error).__name__}: {error}\n"
            "Pass the path as a parameter (TO $root) instead of formatting it into the SQL."
        )
    assert n == 20, f"20 events were written, the function returned {n}"
    assert read_back(root).height == 20, "reading the dataset back did not give the 20 rows written"


def test_no_events(tmp_path):
    root = tmp_path / "events"
    n = run(make_events(10, 7).clear(), root)
    assert n == 0, f"an empty frame writes 0 rows, the function returned {n}"
    files = partitions(root) if root.exists() else []
    assert files == [], f"an empty frame must not write data files, found some in {files}"
