"""A hyperparameter sweep as one parent run with a child run per trial."""

import mlflow


def sweep(tracking_uri, experiment_name, Cs, evaluate):
    """Try each C in `Cs` (evaluate(C) returns the validation loss), each trial as a child run
    of one parent run, in the experiment `experiment_name` of the store at `tracking_uri`.
    Return the parent run's id."""
    mlflow.set_tracking_uri(tracking_uri)
    mlflow.set_experiment(experiment_name)
    # TODO: a parent run; inside it, one child run per C with the parameter C and the
    # metric val_loss; then best_val_loss on the parent.
    raise NotImplementedError
