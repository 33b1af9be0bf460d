"""Logs each trial as a top-level run and the summary as another: nothing links them."""

import mlflow


def sweep(tracking_uri, experiment_name, Cs, evaluate):
    mlflow.set_tracking_uri(tracking_uri)
    mlflow.set_experiment(experiment_name)
    losses = []
    for C in Cs:
        with mlflow.start_run(run_name=f"C={C}"):
            mlflow.log_param("C", C)
            val_loss = evaluate(C)
            mlflow.log_metric("val_loss", val_loss)
        losses.append(val_loss)
    with mlflow.start_run(run_name="sweep") as parent:
        mlflow.log_metric("best_val_loss", min(losses))
    return parent.info.run_id
