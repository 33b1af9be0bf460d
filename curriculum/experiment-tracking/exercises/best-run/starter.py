"""The best trial of a sweep: the lowest val_loss among finished runs, ties to the smaller C."""

import mlflow


def best_run(tracking_uri, experiment_name):
    """Return the id of the best run in the experiment `experiment_name` of the store at
    `tracking_uri`, or None when no run qualifies."""
    mlflow.set_tracking_uri(tracking_uri)
    runs = mlflow.search_runs(experiment_names=[experiment_name])
    # TODO: keep the finished runs that have a val_loss, then pick the lowest val_loss,
    # breaking ties by the smaller C.
    raise NotImplementedError
