"""Logs the per-epoch metrics without step=: every value lands at step 0."""

import mlflow


def log_training(tracking_uri, experiment_name, params, history):
    mlflow.set_tracking_uri(tracking_uri)
    mlflow.set_experiment(experiment_name)
    with mlflow.start_run() as run:
        mlflow.log_params(params)
        for metrics in history:
            mlflow.log_metrics(metrics)
        mlflow.log_dict(history, "history.json")
    return run.info.run_id
