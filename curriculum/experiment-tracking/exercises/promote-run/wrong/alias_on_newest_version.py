"""Registers once, but points the alias at the newest version instead of the run's."""

import mlflow
from mlflow import MlflowClient


def promote(tracking_uri, model_name, run_id, alias="champion"):
    mlflow.set_tracking_uri(tracking_uri)
    client = MlflowClient()
    if not client.search_model_versions(f"name = '{model_name}' and run_id = '{run_id}'"):
        mlflow.register_model(f"runs:/{run_id}/model", model_name)
    newest = max(int(v.version) for v in client.search_model_versions(f"name = '{model_name}'"))
    client.set_registered_model_alias(model_name, alias, newest)
    return newest
