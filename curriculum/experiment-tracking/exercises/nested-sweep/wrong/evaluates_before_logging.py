"""Runs every trial first and logs afterwards: a trial that crashes leaves no run behind."""

import mlflow


def sweep(tracking_uri, experiment_name, Cs, evaluate):
    mlflow.set_tracking_uri(tracking_uri)
    mlflow.set_experiment(experiment_name)
    losses = {C: evaluate(C) for C in Cs}
    with mlflow.start_run(run_name="sweep") as parent:
        for C, val_loss in losses.items():
            with mlflow.start_run(run_name=f"C={C}", nested=True):
                mlflow.log_param("C", C)
                mlflow.log_metric("val_loss", val_loss)
        mlflow.log_metric("best_val_loss", min(losses.values()))
    return parent.info.run_id
