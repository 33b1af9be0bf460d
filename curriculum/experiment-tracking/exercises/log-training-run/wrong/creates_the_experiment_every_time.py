"""Always calls mlflow.create_experiment: a second training in an existing experiment raises."""

import mlflow


def log_training(tracking_uri, experiment_name, params, history):
    mlflow.set_tracking_uri(tracking_uri)
    experiment_id = mlflow.create_experiment(experiment_name)
    with mlflow.start_run(experiment_id=experiment_id) as run:
        mlflow.log_params(params)
        for epoch, metrics in enumerate(history):
            mlflow.log_metrics(metrics, step=epoch)
        mlflow.log_dict(history, "history.json")
    return run.info.run_id
