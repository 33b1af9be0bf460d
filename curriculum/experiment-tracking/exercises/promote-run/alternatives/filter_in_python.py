"""Lists the model's versions and matches the run id in Python; registers by the runs:/ URI."""

import mlflow


def promote(tracking_uri, model_name, run_id, alias="champion"):
    mlflow.set_tracking_uri(tracking_uri)
    versions = mlflow.search_model_versions(filter_string=f"name = '{model_name}'")
    mine = sorted(int(v.version) for v in versions if v.run_id == run_id)
    version = mine[0] if mine else int(mlflow.register_model(f"runs:/{run_id}/model", model_name).version)
    mlflow.MlflowClient().set_registered_model_alias(model_name, alias, str(version))
    return version
