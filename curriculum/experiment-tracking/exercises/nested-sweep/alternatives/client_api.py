"""The explicit MlflowClient: the parent link is the mlflow.parentRunId tag, set by hand."""

from mlflow import MlflowClient


def sweep(tracking_uri, experiment_name, Cs, evaluate):
    client = MlflowClient(tracking_uri=tracking_uri)
    experiment = client.get_experiment_by_name(experiment_name)
    experiment_id = experiment.experiment_id if experiment else client.create_experiment(experiment_name)
    parent_id = client.create_run(experiment_id, run_name="sweep").info.run_id
    try:
        best = float("inf")
        for C in Cs:
            child = client.create_run(experiment_id, tags={"mlflow.parentRunId": parent_id})
            child_id = child.info.run_id
            try:
                client.log_param(child_id, "C", C)
                val_loss = evaluate(C)
                client.log_metric(child_id, "val_loss", val_loss)
            except BaseException:
                client.set_terminated(child_id, status="FAILED")
                raise
            client.set_terminated(child_id)
            best = min(best, val_loss)
        client.log_metric(parent_id, "best_val_loss", best)
    except BaseException:
        client.set_terminated(parent_id, status="FAILED")
        raise
    client.set_terminated(parent_id)
    return parent_id
