"""Logs the trials as steps of one run's val_loss: a sweep is runs to compare, not a series."""

import mlflow


def sweep(tracking_uri, experiment_name, Cs, evaluate):
    mlflow.set_tracking_uri(tracking_uri)
    mlflow.set_experiment(experiment_name)
    with mlflow.start_run(run_name="sweep") as run:
        losses = []
        for step, C in enumerate(Cs):
            val_loss = evaluate(C)
            mlflow.log_metric("C", C, step=step)
            mlflow.log_metric("val_loss", val_loss, step=step)
            losses.append(val_loss)
        mlflow.log_metric("best_val_loss", min(losses))
    return run.info.run_id
