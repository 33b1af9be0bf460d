"""The best trial of a sweep: the lowest val_loss among finished runs, ties to the smaller C."""

import mlflow


def best_run(tracking_uri, experiment_name):
    """Return the id of the best run in the experiment `experiment_name` of the store at
    `tracking_uri`, or None when no run qualifies."""
    mlflow.set_tracking_uri(tracking_uri)
    runs = mlflow.search_runs(
        experiment_names=[experiment_name],
        filter_string="attributes.status = 'FINISHED'",
    )
    if runs.empty or "metrics.val_loss" not in runs:
        return None
    trials = runs.dropna(subset=["metrics.val_loss"])
    if trials.empty:
        return None
    trials = trials.assign(C=trials["params.C"].astype(float))
    best = trials.sort_values(["metrics.val_loss", "C"]).iloc[0]
    return best["run_id"]
