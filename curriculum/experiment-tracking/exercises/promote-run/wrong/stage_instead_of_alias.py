"""Moves the version to the deprecated "Production" stage instead of setting the alias."""

import warnings

import mlflow
from mlflow import MlflowClient


def promote(tracking_uri, model_name, run_id, alias="champion"):
    mlflow.set_tracking_uri(tracking_uri)
    client = MlflowClient()
    existing = client.search_model_versions(f"name = '{model_name}' and run_id = '{run_id}'")
    if existing:
        version = min(int(found.version) for found in existing)
    else:
        version = int(mlflow.register_model(f"runs:/{run_id}/model", model_name).version)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        client.transition_model_version_stage(
            model_name, version, "Production", archive_existing_versions=True
        )
    return version
