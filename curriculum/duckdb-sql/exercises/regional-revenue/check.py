"""Checks for regional-revenue.

PYTEST_DONT_REWRITE: every assertion carries its own message; pytest's rewriting would
add the repr of whole DataFrames and relations to it.
"""

import contextlib
import secrets
from collections import defaultdict
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import pytest

from exercise import regional_revenue


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


REGIONS = ["APAC", "EU", "US"]


def write_file(root, year, region, order_ids, amounts, name="part-0.parquet"):
    folder = Path(root) / f"year={year}" / f"region={region}"
    folder.mkdir(parents=True, exist_ok=True)
    pl.DataFrame({"order_id": order_ids, "amount": amounts}).with_columns(
        pl.col("order_id").cast(pl.Int64), pl.col("amount").cast(pl.Float64)
    ).write_parquet(folder / name)


def make_dataset(root, seed=0):
    """Two years x three regions, two files in some partitions; returns every row written."""
    rng = np.random.default_rng(seed)
    rows = []
    next_id = 1
    for year in (2023, 2024):
        for region in REGIONS:
            for part in range(1 + int(rng.integers(0, 2))):
                n = int(rng.integers(5, 40))
                ids = list(range(next_id, next_id + n))
                next_id += n
                amounts = np.round(rng.gamma(2.0, 25.0, size=n), 2).tolist()
                write_file(root, year, region, ids, amounts, name=f"part-{part}.parquet")
                rows += [(year, region, a) for a in amounts]
    return rows


def reference(rows, year):
    revenue, orders = defaultdict(float), defaultdict(int)
    for y, region, amount in rows:
        if y == year:
            revenue[region] += amount
            orders[region] += 1
    return sorted(((r, revenue[r], orders[r]) for r in revenue), key=lambda t: (-t[1], t[0]))


def build(con, root, year):
    try:
        rel = regional_revenue(con, root, year)
    except duckdb.BinderException as error:
        pytest.fail(
            f"building the relation raised {error}\nThe files hold only order_id and amount; year and "
            "region come from the folder names, which DuckDB reads with hive_partitioning = true "
            "(con.read_parquet defaults to False)."
        )
    assert isinstance(rel, duckdb.DuckDBPyRelation), (
        f"expected a duckdb.DuckDBPyRelation, got {type(rel).__name__}: return the relation, "
        "without calling .pl(), .fetchall() or .df() on it"
    )
    return rel


def assert_rows(got, want, what):
    assert [g[0] for g in got] == [w[0] for w in want], (
        f"{what}: expected the regions in the order {[w[0] for w in want]}, got {[g[0] for g in got]}"
    )
    for g, w in zip(got, want):
        assert g[2] == w[2], f"{what}: region {w[0]} has {w[2]} orders, got {g[2]}"
        assert g[1] == pytest.approx(w[1]), f"{what}: region {w[0]} has revenue {w[1]:.2f}, got {g[1]}"


@pytest.fixture
def con():
    with new_database() as connection:
        yield connection


def test_returns_a_relation_with_the_right_columns(con, tmp_path):
    make_dataset(tmp_path)
    rel = build(con, tmp_path, 2024)
    assert rel.columns == ["region", "revenue", "orders"], (
        f"expected the columns ['region', 'revenue', 'orders'], got {rel.columns}"
    )
    types = [str(t) for t in rel.types]
    assert types[1:] == ["DOUBLE", "BIGINT"], f"revenue must be DOUBLE and orders BIGINT, got {types[1:]}"


def test_revenue_per_region(con, tmp_path):
    rows = make_dataset(tmp_path, seed=1)
    for year in (2023, 2024):
        got = build(con, tmp_path, year).fetchall()
        want = reference(rows, year)
        assert len(got) == len(want), (
            f"year {year}: expected {len(want)} rows (one per region), got {len(got)}. "
            "The year and region columns come from the folder names: read with hive partitioning"
        )
        assert_rows(got, want, f"year {year}")


# Two datasets whose tied regions are written in different orders: without a tie-break, the order of
# equal revenues is whatever the aggregation produced, and at least one of them is not alphabetical.
@pytest.mark.parametrize(
    "tied",
    [("US", "EU", "APAC"), ("WEST", "SOUTH", "NORTH", "EAST", "CENTRAL")],
    ids=["three tied regions", "five tied regions"],
)
def test_ties_are_broken_by_region(con, tmp_path, tied):
    for region in tied:
        write_file(tmp_path, 2024, region, [1, 2], [10.0, 15.0])
    write_file(tmp_path, 2024, "LATAM", [3], [100.0])
    got = [g[0] for g in build(con, tmp_path, 2024).fetchall()]
    want = ["LATAM", *sorted(tied)]
    assert got == want, (
        "highest revenue first, then regions with equal revenue in alphabetical order: expected "
        f"{want}, got {got}"
    )


def test_a_quote_in_the_root_folder(con, tmp_path):
    root = tmp_path / "team's sales"
    rows = make_dataset(root, seed=4)
    try:
        got = build(con, root, 2023).fetchall()
    except duckdb.Error as error:
        pytest.fail(
            f"a root folder named \"team's sales\" raised {type(error).__name__}: {error}\n"
            "The quote ended a string literal: pass the glob as a parameter ($files or ?) instead of "
            "formatting it into the SQL"
        )
    assert_rows(got, reference(rows, 2023), "under a folder named \"team's sales\"")


def test_the_relation_reads_the_files_when_it_runs(con, tmp_path):
    rows = make_dataset(tmp_path, seed=2)
    rel = build(con, tmp_path, 2024)
    write_file(tmp_path, 2024, "LATAM", [9001, 9002], [1000.0, 234.5])
    rows += [(2024, "LATAM", 1000.0), (2024, "LATAM", 234.5)]
    got = rel.fetchall()
    assert "LATAM" in [g[0] for g in got], (
        "a file written after the relation was built is missing from its result: the relation ran "
        "(or copied its rows) when it was built. Return a relation that reads the files when it is read"
    )
    assert_rows(got, reference(rows, 2024), "after adding a file")


def test_a_year_without_data(con, tmp_path):
    make_dataset(tmp_path, seed=3)
    got = build(con, tmp_path, 1999).fetchall()
    assert got == [], f"no orders in 1999, expected no rows, got {got}"
