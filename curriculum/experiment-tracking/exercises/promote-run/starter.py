"""Promote a run's model: register it once, and point an alias at its version."""

import mlflow
from mlflow import MlflowClient


def promote(tracking_uri, model_name, run_id, alias="champion"):
    """Make `alias` of the registered model `model_name` point to the version that holds the
    model logged by the run `run_id` (registering it if no version of `model_name` comes from
    that run yet); return the version number."""
    mlflow.set_tracking_uri(tracking_uri)
    client = MlflowClient()
    # TODO: find a version of model_name that came from run_id, or register the run's model;
    # then point the alias at that version and return its number.
    raise NotImplementedError
