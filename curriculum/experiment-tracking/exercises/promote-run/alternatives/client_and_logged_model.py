"""Only the client: the run's logged model found through the run's outputs, registered by its location."""

from mlflow import MlflowClient
from mlflow.exceptions import MlflowException


def promote(tracking_uri, model_name, run_id, alias="champion"):
    client = MlflowClient(tracking_uri=tracking_uri, registry_uri=tracking_uri)
    existing = client.search_model_versions(f"name = '{model_name}' and run_id = '{run_id}'")
    if existing:
        version = min(int(found.version) for found in existing)
    else:
        try:
            client.get_registered_model(model_name)
        except MlflowException:
            client.create_registered_model(model_name)
        (output,) = client.get_run(run_id).outputs.model_outputs  # the one model the run logged
        logged = client.get_logged_model(output.model_id)
        created = client.create_model_version(
            model_name, source=logged.artifact_location, run_id=run_id, model_id=logged.model_id
        )
        version = int(created.version)
    client.set_registered_model_alias(model_name, alias, version)
    return version
