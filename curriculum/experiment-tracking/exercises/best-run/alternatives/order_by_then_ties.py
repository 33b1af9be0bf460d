"""Lets the store sort by val_loss, then settles the tied leaders in Python."""

import mlflow


def best_run(tracking_uri, experiment_name):
    mlflow.set_tracking_uri(tracking_uri)
    runs = mlflow.search_runs(
        experiment_names=[experiment_name],
        filter_string="attributes.status = 'FINISHED'",
        order_by=["metrics.val_loss ASC"],
        output_format="list",
    )
    trials = [run for run in runs if "val_loss" in run.data.metrics]
    if not trials:
        return None
    lowest = trials[0].data.metrics["val_loss"]
    leaders = [run for run in trials if run.data.metrics["val_loss"] == lowest]
    return min(leaders, key=lambda run: float(run.data.params["C"])).info.run_id
