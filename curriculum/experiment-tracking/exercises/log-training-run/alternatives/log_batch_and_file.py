"""One log_batch call for the parameters and metrics, and a JSON file written and logged by hand."""

import json
import tempfile
import time
from pathlib import Path

import mlflow
from mlflow.entities import Metric, Param


def log_training(tracking_uri, experiment_name, params, history):
    mlflow.set_tracking_uri(tracking_uri)
    experiment = mlflow.set_experiment(experiment_name)
    now = int(time.time() * 1000)
    metrics = [
        Metric(key, float(value), now, epoch)
        for epoch, values in enumerate(history)
        for key, value in values.items()
    ]
    with mlflow.start_run(experiment_id=experiment.experiment_id) as run:
        client = mlflow.MlflowClient()
        client.log_batch(
            run.info.run_id,
            metrics=metrics,
            params=[Param(key, str(value)) for key, value in params.items()],
        )
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "history.json"
            path.write_text(json.dumps(history), encoding="utf-8")
            mlflow.log_artifact(str(path))
    return run.info.run_id
