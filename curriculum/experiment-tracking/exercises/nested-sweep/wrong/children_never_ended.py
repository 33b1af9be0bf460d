"""Starts each trial with mlflow.start_run(nested=True) and never ends it: each trial nests in the previous one."""

import mlflow


def sweep(tracking_uri, experiment_name, Cs, evaluate):
    mlflow.set_tracking_uri(tracking_uri)
    mlflow.set_experiment(experiment_name)
    with mlflow.start_run(run_name="sweep") as parent:
        losses = []
        for C in Cs:
            mlflow.start_run(run_name=f"C={C}", nested=True)
            mlflow.log_param("C", C)
            val_loss = evaluate(C)
            mlflow.log_metric("val_loss", val_loss)
            losses.append(val_loss)
        mlflow.log_metric("best_val_loss", min(losses))
    return parent.info.run_id
