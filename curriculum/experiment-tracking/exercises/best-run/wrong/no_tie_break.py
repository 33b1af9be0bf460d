"""Orders by val_loss alone and takes the first row: on a tie, the store's row order decides."""

import mlflow


def best_run(tracking_uri, experiment_name):
    mlflow.set_tracking_uri(tracking_uri)
    runs = mlflow.search_runs(
        experiment_names=[experiment_name],
        filter_string="attributes.status = 'FINISHED' and metrics.val_loss > -1",
        order_by=["metrics.val_loss ASC"],
        max_results=1,
    )
    if runs.empty:
        return None
    return runs["run_id"].iloc[0]
