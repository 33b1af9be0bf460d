import contextlib
import json
import os
import secrets
import shutil
import sqlite3
import stat
import tempfile
from pathlib import Path

os.environ["MLFLOW_DISABLE_TELEMETRY"] = "true"  # nothing leaves the machine
for variable in (  # the learner's own MLflow settings must not steer the check
    "MLFLOW_TRACKING_URI",
    "MLFLOW_REGISTRY_URI",
    "MLFLOW_EXPERIMENT_NAME",
    "MLFLOW_EXPERIMENT_ID",
    "MLFLOW_RUN_ID",
):
    os.environ.pop(variable, None)

import mlflow
# MLflow imports its SQL stores on first use: imported here, `tutor validate --run` imports them
# once for all the runs of a check.
import mlflow.store.model_registry.sqlalchemy_store  # noqa: F401
import mlflow.store.tracking.sqlalchemy_store  # noqa: F401
import pytest
from mlflow import MlflowClient
from mlflow.entities import ViewType
from mlflow.exceptions import MlflowException


def new_store(folder):
    """The URI of a new, empty SQLite tracking store in `folder`: a store of the check's own.

    A new database gets MLflow's schema from its ~70 migrations, which take seconds; an empty one,
    built once per MLflow version and kept in the temp folder, is copied instead."""
    target = Path(folder) / "mlflow.db"
    uid = os.getuid() if hasattr(os, "getuid") else 0
    template = Path(tempfile.gettempdir()) / f"tutor-check-mlflow-{mlflow.__version__}-{uid}.db"
    build = template.with_name(f"{template.stem}.{secrets.token_hex(6)}.tmp")
    try:
        try:
            info = os.lstat(template)
        except FileNotFoundError:
            info = None
        if info is None or info.st_uid != uid or not stat.S_ISREG(info.st_mode):
            MlflowClient(f"sqlite:///{build}").search_experiments()  # runs the migrations
            with contextlib.closing(sqlite3.connect(build)) as db, db:
                db.execute("DELETE FROM experiments")  # each store makes its own Default experiment
            os.replace(build, template)
        shutil.copyfile(template, target)
    except OSError:  # no usable temp folder: this store builds its schema itself
        target.unlink(missing_ok=True)
    finally:
        build.unlink(missing_ok=True)
    return f"sqlite:///{target}"


from exercise import log_training

PARAMS = {"lr": 0.01, "epochs": 4, "optimizer": "adam", "batch_size": 32}
HISTORY = [
    {"train_loss": 0.91, "val_loss": 0.95},
    {"train_loss": 0.62, "val_loss": 0.71},
    {"train_loss": 0.48, "val_loss": 0.66},
    {"train_loss": 0.40, "val_loss": 0.68},
]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A SQLite tracking store of this check's own, never the default one."""
    folder = tmp_path_factory.mktemp("store")
    uri = new_store(folder)
    return uri, MlflowClient(tracking_uri=uri, registry_uri=uri), folder


def call(store, experiment_name, params, history):
    """Calls log_training and records, right away, what a caller would see afterwards."""
    uri, client, _ = store
    run_id = log_training(uri, experiment_name, params, history)
    seen = {"run_id": run_id, "active": mlflow.active_run()}
    try:
        seen["run"] = client.get_run(run_id)
    except MlflowException:
        seen["run"] = None
    while mlflow.active_run() is not None:  # leave nothing open for the next test
        mlflow.end_run()
    return seen


def get_run(store, seen):
    run = seen["run"]
    assert run is not None, (
        f"log_training returned {seen['run_id']!r}, but the store at tracking_uri has no run with that "
        "id. Point MLflow at the given store before logging: mlflow.set_tracking_uri(tracking_uri) (or "
        "MlflowClient(tracking_uri=...)); without it, the run goes to the default store, mlflow.db in "
        "the current directory."
    )
    return run


@pytest.fixture(scope="module")
def logged(store):
    return call(store, "churn-training", PARAMS, HISTORY)


def test_the_run_is_in_the_given_store_and_experiment(store, logged):
    run = get_run(store, logged)
    experiment = store[1].get_experiment(run.info.experiment_id)
    assert experiment.name == "churn-training", (
        f"the run is in the experiment {experiment.name!r}, expected 'churn-training': select the "
        "experiment before starting the run (mlflow.set_experiment(experiment_name) creates it if missing)"
    )


def test_the_run_is_finished_and_nothing_is_left_open(store, logged):
    run = get_run(store, logged)
    assert logged["active"] is None, (
        f"after log_training returned, a run was still active (id {logged['active'].info.run_id}). End "
        "every run you start: `with mlflow.start_run():` ends it when the block ends. A logging call made "
        "outside the block starts a new run and leaves it open."
    )
    assert run.info.status == "FINISHED", (
        f"the run's status is {run.info.status}, expected FINISHED: end the run (the `with` block does it)"
    )


def test_one_training_makes_one_run(store, logged):
    run = get_run(store, logged)
    runs = store[1].search_runs([run.info.experiment_id], run_view_type=ViewType.ALL)
    assert len(runs) == 1, (
        f"one call made {len(runs)} runs in the experiment, expected 1: log everything inside the one "
        "`with mlflow.start_run():` block. A logging call with no active run starts a run of its own."
    )


def test_every_parameter_is_logged_under_its_name(store, logged):
    params = get_run(store, logged).data.params
    expected = {key: str(value) for key, value in PARAMS.items()}
    logged_as_asked = {key: params[key] for key in expected if key in params}
    assert logged_as_asked == expected, (
        f"the run's parameters are {params}, expected {expected}: one parameter per key of `params`, "
        "under its own name (mlflow.log_params(params) logs them all)"
    )


def test_each_metric_is_a_series_with_one_step_per_epoch(store, logged):
    run = get_run(store, logged)
    for key in ("train_loss", "val_loss"):
        history = store[1].get_metric_history(run.info.run_id, key)
        points = sorted((m.step, m.value) for m in history)
        expected = [(epoch, metrics[key]) for epoch, metrics in enumerate(HISTORY)]
        assert points, f"the run has no metric {key!r}: log every key of each epoch's dict as a metric"
        steps = [step for step, _ in points]
        assert len(set(steps)) > 1 or len(points) == 1, (
            f"all {len(points)} values of {key!r} were logged at step {steps[0]}: pass the epoch "
            "number as step= (mlflow.log_metrics(metrics, step=epoch)), so the history is a series "
            "ordered by epoch"
        )
        assert points == expected, (
            f"the history of {key!r} is {points} as (step, value), expected {expected}: one value per "
            "epoch, at step = the epoch's index in `history`, counting from 0"
        )


def test_the_history_is_saved_as_history_json(store, logged, tmp_path):
    run = get_run(store, logged)
    names = [artifact.path for artifact in store[1].list_artifacts(run.info.run_id)]
    assert "history.json" in names, (
        f"the run's artifacts are {names}, expected a file history.json at the top level: "
        "mlflow.log_dict(history, 'history.json') writes and logs it"
    )
    local = store[1].download_artifacts(run.info.run_id, "history.json", str(tmp_path))
    with open(local, encoding="utf-8") as file:
        content = json.load(file)
    assert content == HISTORY, f"history.json holds {content!r}, expected the `history` list as given: {HISTORY!r}"


def test_an_existing_experiment_is_reused(store):
    uri, client, folder = store
    experiment_id = client.create_experiment("existing", artifact_location=str(folder / "existing"))
    history = [{"val_accuracy": 0.5}, {"val_accuracy": 0.75}]
    seen = call(store, "existing", {"C": 0.1}, history)
    run = get_run(store, seen)
    assert run.info.experiment_id == experiment_id, (
        f"the run went to the experiment with id {run.info.experiment_id}, expected the existing "
        f"experiment 'existing' (id {experiment_id}): use it when it exists, create it only when it does not"
    )
    points = sorted((m.step, m.value) for m in client.get_metric_history(run.info.run_id, "val_accuracy"))
    assert points == [(0, 0.5), (1, 0.75)], (
        f"with history {history}, the series of 'val_accuracy' is {points}, expected [(0, 0.5), (1, 0.75)]: "
        "log whatever metric names each epoch's dict holds"
    )
    assert run.data.params.get("C") == "0.1", f"params {{'C': 0.1}} were logged as {run.data.params}"
