"""Checks for orders-for-customer.

PYTEST_DONT_REWRITE: every assertion carries its own message; pytest's rewriting would
add the repr of whole DataFrames and relations to it.
"""

import contextlib
import secrets
from datetime import datetime, timedelta

import duckdb
import polars as pl
import pytest

from exercise import orders_for


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


START = datetime(2024, 3, 1, 9, 0)
# (order_id, customer, amount, minutes after START); 103 and 101 share a timestamp on purpose.
ROWS = [
    (101, "Smith", 20.0, 30),
    (102, "O'Brien", 15.5, 10),
    (103, "Smith", 80.0, 30),
    (104, "Smith", 5.0, 0),
    (105, "O'Brien", 99.0, 50),
    (106, "Lee", 42.0, 20),
    (107, "x' OR '1'='1", 1.0, 60),
    (108, "Smith", 50.0, 45),
]




class FormatsAs(str):
    """A str whose formatted text is another string.

    Its characters are the real name, and a query parameter sends exactly those. Everything that
    builds text from it (f-strings, %, str.format, +, str(), .replace or .strip to escape it) gets
    `shown` instead, so a query assembled from its text asks for someone else.
    """

    def __new__(cls, value, shown):
        obj = super().__new__(cls, value)
        obj.shown = shown
        return obj

    def _text(self, *args, **kwargs):
        return self.shown

    __str__ = __repr__ = __format__ = _text
    replace = strip = translate = lower = upper = casefold = _text

    def __add__(self, other):
        return self.shown + other

    def __radd__(self, other):
        return other + self.shown

    def __mod__(self, other):
        return self.shown % other


# The rows go in as listed and in reverse: a sort without a tie-break (103 and 101 share a
# timestamp) would return whatever order the table holds them in, and so fail one of the two.
@pytest.fixture(params=["as listed", "reversed"])
def con(request):
    rows = ROWS if request.param == "as listed" else ROWS[::-1]
    with new_database() as connection:
        connection.execute(
            "CREATE TABLE orders (order_id INTEGER, customer VARCHAR, amount DOUBLE, ts TIMESTAMP)"
        )
        connection.executemany(
            "INSERT INTO orders VALUES (?, ?, ?, ?)",
            [(oid, name, amount, START + timedelta(minutes=m)) for oid, name, amount, m in rows],
        )
        yield connection


def expected(customer, min_amount=0.0):
    rows = [r for r in ROWS if r[1] == customer and r[2] >= min_amount]
    rows.sort(key=lambda r: (r[3], r[0]))
    return [(oid, amount, START + timedelta(minutes=m)) for oid, _, amount, m in rows]


def as_rows(frame):
    return [tuple(row) for row in frame.select("order_id", "amount", "ts").iter_rows()]


def check_frame(out):
    assert isinstance(out, pl.DataFrame), (
        f"expected a polars.DataFrame, got {type(out).__name__}: call .pl() on the relation"
    )
    assert out.columns == ["order_id", "amount", "ts"], (
        f"expected the columns ['order_id', 'amount', 'ts'], got {out.columns}"
    )


def test_one_customer_oldest_first(con):
    out = orders_for(con, "Smith")
    check_frame(out)
    assert as_rows(out) == expected("Smith"), (
        f"Smith's orders, oldest first with order_id breaking ties (orders 101 and 103 share a "
        f"timestamp):\nexpected {expected('Smith')}\ngot      {as_rows(out)}"
    )


def test_min_amount_can_be_minus_infinity(con):
    try:
        out = orders_for(con, "Smith", float("-inf"))
    except duckdb.Error as error:
        pytest.fail(
            f"orders_for(con, \"Smith\", float(\"-inf\")) raised {type(error).__name__}: {error}\n"
            "Formatted into SQL text, -inf reads as a column named inf: pass min_amount as a parameter"
        )
    check_frame(out)
    assert as_rows(out) == expected("Smith"), (
        f"with min_amount=-inf every Smith order counts: expected {[r[0] for r in expected('Smith')]}, "
        f"got {[r[0] for r in as_rows(out)]}"
    )


def test_min_amount_is_inclusive(con):
    out = orders_for(con, "Smith", 50.0)
    check_frame(out)
    got = [row[0] for row in as_rows(out)]
    assert got == [103, 108], f"Smith's orders with amount >= 50 are [103, 108] (in ts order), got {got}"


def test_a_name_with_a_quote(con):
    try:
        out = orders_for(con, "O'Brien")
    except duckdb.Error as error:
        pytest.fail(
            f"orders_for(con, \"O'Brien\") raised {type(error).__name__}: {error}\n"
            "The quote ended the string literal: pass the name as a parameter ($name or ?)."
        )
    check_frame(out)
    want = expected("O'Brien")
    assert as_rows(out) == want, f"O'Brien's orders: expected {want}, got {as_rows(out)}"


def test_input_is_compared_never_executed(con):
    out = orders_for(con, "x' OR '1'='1")
    check_frame(out)
    got = [row[0] for row in as_rows(out)]
    assert got == [107], (
        f"the customer literally named \"x' OR '1'='1\" has one order, [107]; got {got}. "
        "The input was read as SQL: pass it as a parameter"
    )
    try:
        out = orders_for(con, "nobody'; DROP TABLE orders; --")
    except duckdb.Error:
        out = None
    left = con.sql("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'orders'").fetchall()[0][0]
    assert left == 1, "a customer name dropped the orders table: the input ran as SQL"
    check_frame(out)
    assert out.height == 0, f"no customer has that name, expected 0 rows, got {out.height}"


def test_the_name_is_a_parameter_not_text(con):
    name = FormatsAs("O'Brien", shown="Lee")
    out = orders_for(con, name)
    check_frame(out)
    got = [row[0] for row in as_rows(out)]
    want = [row[0] for row in expected("O'Brien")]
    assert got == want, (
        f"rule: the name is a query parameter, never SQL text. The check passed the name O'Brien as a "
        f"str whose formatted text is \"Lee\" (an f-string, %, .format, + or .replace gets \"Lee\"; a "
        f"parameter sends the characters O'Brien). Expected O'Brien's orders {want}, got {got}"
        + (": Lee's orders, so the SQL was built from the name's text" if got == [106] else "")
        + ". Write $customer (or ?) in the SQL and pass the value in params="
    )


def test_no_match_keeps_the_columns_and_types(con):
    out = orders_for(con, "Nobody", 10)
    check_frame(out)
    assert out.height == 0, f"expected 0 rows for an unknown customer, got {out.height}"
    assert out.schema["amount"] == pl.Float64, f"amount must be Float64, got {out.schema['amount']}"
    assert isinstance(out.schema["ts"], pl.Datetime), f"ts must be a Datetime, got {out.schema['ts']}"
    assert out.schema["order_id"].is_integer(), f"order_id must be an integer, got {out.schema['order_id']}"
