"""Pairs start_run() with end_run() without try/finally: a trial that raises leaves its runs RUNNING and active."""

import mlflow


def sweep(tracking_uri, experiment_name, Cs, evaluate):
    mlflow.set_tracking_uri(tracking_uri)
    mlflow.set_experiment(experiment_name)
    parent = mlflow.start_run(run_name="sweep")
    losses = []
    for C in Cs:
        mlflow.start_run(run_name=f"C={C}", nested=True)
        mlflow.log_param("C", C)
        val_loss = evaluate(C)
        mlflow.log_metric("val_loss", val_loss)
        mlflow.end_run()
        losses.append(val_loss)
    mlflow.log_metric("best_val_loss", min(losses))
    mlflow.end_run()
    return parent.info.run_id
