"""Promote a run's model: register it once, and point an alias at its version."""

import mlflow
from mlflow import MlflowClient


def promote(tracking_uri, model_name, run_id, alias="champion"):
    """Make `alias` of the registered model `model_name` point to the version that holds the
    model logged by the run `run_id` (registering it if no version of `model_name` comes from
    that run yet); return the version number."""
    mlflow.set_tracking_uri(tracking_uri)
    client = MlflowClient()
    existing = client.search_model_versions(f"name = '{model_name}' and run_id = '{run_id}'")
    if existing:
        version = min(int(found.version) for found in existing)
    else:
        version = int(mlflow.register_model(f"runs:/{run_id}/model", model_name).version)
    client.set_registered_model_alias(model_name, alias, version)
    return version
