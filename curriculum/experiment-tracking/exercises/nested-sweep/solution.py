"""A hyperparameter sweep as one parent run with a child run per trial."""

import mlflow


def sweep(tracking_uri, experiment_name, Cs, evaluate):
    """Try each C in `Cs` (evaluate(C) returns the validation loss), each trial as a child run
    of one parent run, in the experiment `experiment_name` of the store at `tracking_uri`.
    Return the parent run's id."""
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
        mlflow.log_metric("best_val_loss", min(losses))
    return parent.info.run_id
