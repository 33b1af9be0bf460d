"""Looks for the run's version across every registered model: another model's version is taken as this one's."""

import mlflow
from mlflow import MlflowClient


def promote(tracking_uri, model_name, run_id, alias="champion"):
    mlflow.set_tracking_uri(tracking_uri)
    client = MlflowClient()
    existing = client.search_model_versions(f"run_id = '{run_id}'")
    if existing:
        version = min(int(found.version) for found in existing)
    else:
        version = int(mlflow.register_model(f"runs:/{run_id}/model", model_name).version)
    client.set_registered_model_alias(model_name, alias, version)
    return version
