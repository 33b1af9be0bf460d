"""Reads the best val_loss back from the children with mlflow.search_runs."""

import mlflow


def sweep(tracking_uri, experiment_name, Cs, evaluate):
    mlflow.set_tracking_uri(tracking_uri)
    experiment = mlflow.set_experiment(experiment_name)
    with mlflow.start_run() as parent:
        for C in Cs:
            with mlflow.start_run(nested=True):
                mlflow.log_params({"C": C})
                mlflow.log_metrics({"val_loss": evaluate(C)})
        children = mlflow.search_runs(
            experiment_ids=[experiment.experiment_id],
            filter_string=f"tags.mlflow.parentRunId = '{parent.info.run_id}'",
        )
        mlflow.log_metric("best_val_loss", children["metrics.val_loss"].min())
    return parent.info.run_id
