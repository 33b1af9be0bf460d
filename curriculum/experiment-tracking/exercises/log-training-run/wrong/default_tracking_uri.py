"""Never sets the tracking URI: the run goes to the default store, mlflow.db in the current directory."""

import mlflow


def log_training(tracking_uri, experiment_name, params, history):
    mlflow.set_experiment(experiment_name)
    with mlflow.start_run() as run:
        mlflow.log_params(params)
        for epoch, metrics in enumerate(history):
            mlflow.log_metrics(metrics, step=epoch)
        mlflow.log_dict(history, "history.json")
    return run.info.run_id
