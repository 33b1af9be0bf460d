"""Breaks ties on params.C as it comes back: a string, so '10' sorts before '2.0'."""

import mlflow


def best_run(tracking_uri, experiment_name):
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
    best = trials.sort_values(["metrics.val_loss", "params.C"]).iloc[0]
    return best["run_id"]
