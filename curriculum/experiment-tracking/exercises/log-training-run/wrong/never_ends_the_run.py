"""Starts the run with mlflow.start_run() and never ends it: it stays active and RUNNING."""

import mlflow


def log_training(tracking_uri, experiment_name, params, history):
    mlflow.set_tracking_uri(tracking_uri)
    mlflow.set_experiment(experiment_name)
    run = mlflow.start_run()
    mlflow.log_params(params)
    for epoch, metrics in enumerate(history):
        mlflow.log_metrics(metrics, step=epoch)
    mlflow.log_dict(history, "history.json")
    return run.info.run_id
