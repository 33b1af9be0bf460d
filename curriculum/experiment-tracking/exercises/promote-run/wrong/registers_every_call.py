"""Calls mlflow.register_model every time: promoting the same run twice makes a second version."""

import mlflow
from mlflow import MlflowClient


def promote(tracking_uri, model_name, run_id, alias="champion"):
    mlflow.set_tracking_uri(tracking_uri)
    version = int(mlflow.register_model(f"runs:/{run_id}/model", model_name).version)
    MlflowClient().set_registered_model_alias(model_name, alias, version)
    return version
