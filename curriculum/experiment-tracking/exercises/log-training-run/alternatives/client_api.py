"""The explicit MlflowClient: no global state, and the run is terminated by hand."""

from mlflow import MlflowClient


def log_training(tracking_uri, experiment_name, params, history):
    client = MlflowClient(tracking_uri=tracking_uri)
    experiment = client.get_experiment_by_name(experiment_name)
    if experiment is None:
        experiment_id = client.create_experiment(experiment_name)
    else:
        experiment_id = experiment.experiment_id
    run_id = client.create_run(experiment_id).info.run_id
    try:
        for key, value in params.items():
            client.log_param(run_id, key, value)
        for epoch, metrics in enumerate(history):
            for key, value in metrics.items():
                client.log_metric(run_id, key, value, step=epoch)
        client.log_dict(run_id, history, "history.json")
    except BaseException:
        client.set_terminated(run_id, status="FAILED")
        raise
    client.set_terminated(run_id)
    return run_id
