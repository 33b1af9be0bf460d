"""Record a finished training as one MLflow run: parameters, per-epoch metrics, an artifact."""

import mlflow


def log_training(tracking_uri, experiment_name, params, history):
    """Log one training to the store at `tracking_uri`, in the experiment `experiment_name`
    (created if missing), and return the run's id.

    params: the hyperparameters, e.g. {"lr": 0.01, "epochs": 3, "optimizer": "adam"}
    history: one dict of metrics per epoch, in order, e.g.
        [{"train_loss": 0.9, "val_loss": 1.0}, {"train_loss": 0.6, "val_loss": 0.8}]
    """
    # TODO: point MLflow at tracking_uri, pick the experiment, open a run, log the
    # parameters, each epoch's metrics as a series, and the history as history.json.
    raise NotImplementedError
