"""MlflowClient's Run objects and min() with a key: (val_loss, C as a float)."""

from mlflow import MlflowClient
from mlflow.entities import RunStatus


def best_run(tracking_uri, experiment_name):
    client = MlflowClient(tracking_uri=tracking_uri)
    experiment = client.get_experiment_by_name(experiment_name)
    if experiment is None:
        return None
    runs, token = [], None
    while True:
        page = client.search_runs([experiment.experiment_id], page_token=token)
        runs.extend(page)
        token = page.token
        if not token:
            break
    trials = [
        run
        for run in runs
        if run.info.status == RunStatus.to_string(RunStatus.FINISHED) and "val_loss" in run.data.metrics
    ]
    if not trials:
        return None
    best = min(trials, key=lambda run: (run.data.metrics["val_loss"], float(run.data.params["C"])))
    return best.info.run_id
