"""Point-in-time features with an ASOF join."""

import duckdb
import polars as pl


def attach_features(con: duckdb.DuckDBPyConnection, events: pl.DataFrame, snapshots: pl.DataFrame) -> pl.DataFrame:
    """Attach to every event the feature value its user had at the time of the event.

    `events` (event_id, user_id, ts) are the moments a model made a prediction. `snapshots`
    (user_id, ts, score) are feature values, each valid from its ts on. For every event, take
    the latest snapshot of the same user whose ts is at or before the event's ts: never a later
    one, which did not exist yet when the prediction was made.

    Return a Polars DataFrame with the columns event_id, user_id, ts, score, feature_ts (the ts
    of the snapshot used), one row per event, sorted by event_id. An event with no earlier
    snapshot keeps its row, with null score and feature_ts.
    """
    # TODO: an ASOF LEFT JOIN of events and snapshots.
    raise NotImplementedError("attach_features is not written yet")
