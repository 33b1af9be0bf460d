import contextlib
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


from exercise import sweep

CS = [0.01, 0.1, 1.0, 10.0]
LOSSES = {0.01: 0.62, 0.1: 0.48, 1.0: 0.41, 10.0: 0.45}


class TrialFailed(Exception):
    pass


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A SQLite tracking store of this check's own, never the default one."""
    uri = new_store(tmp_path_factory.mktemp("store"))
    return uri, MlflowClient(tracking_uri=uri, registry_uri=uri)


def run_sweep(store, experiment_name, Cs, losses, fail_at=None):
    """Runs sweep() and records, right away, what a caller would see afterwards."""
    uri, client = store
    calls = []

    def evaluate(C):
        calls.append(C)
        if C == fail_at:
            raise TrialFailed(f"the trial with C={C} crashed")
        return losses[C]

    seen = {"calls": calls, "error": None, "parent_id": None}
    try:
        seen["parent_id"] = sweep(uri, experiment_name, Cs, evaluate)
    except TrialFailed as error:
        seen["error"] = error
    seen["active"] = mlflow.active_run()
    experiment = client.get_experiment_by_name(experiment_name)
    seen["runs"] = client.search_runs([experiment.experiment_id]) if experiment else []
    while mlflow.active_run() is not None:  # leave nothing open for the next test
        mlflow.end_run()
    return seen


@pytest.fixture(scope="module")
def swept(store):
    return run_sweep(store, "sweep", CS, LOSSES)


def parent_and_children(seen):
    runs = seen["runs"]
    assert runs, (
        "the experiment has no runs in the store at tracking_uri: set the tracking URI and the "
        "experiment before starting the runs"
    )
    tops = [run for run in runs if "mlflow.parentRunId" not in run.data.tags]
    assert len(tops) == 1, (
        f"the experiment has {len(tops)} runs without a parent, expected exactly 1 (the sweep's parent run): "
        "start each trial's run inside the parent's `with` block, with mlflow.start_run(nested=True)"
    )
    parent = tops[0]
    children = [run for run in runs if run is not parent]
    wrong = [run for run in children if run.data.tags["mlflow.parentRunId"] != parent.info.run_id]
    assert not wrong, (
        f"{len(wrong)} trial run(s) are nested in another trial instead of in the parent run: end each "
        "trial's run before starting the next (`with mlflow.start_run(nested=True):` per trial)"
    )
    return parent, children


def test_one_parent_run_with_a_child_run_per_C(swept):
    parent, children = parent_and_children(swept)
    assert swept["parent_id"] == parent.info.run_id, (
        f"sweep returned {swept['parent_id']!r}, expected the parent run's id {parent.info.run_id!r}"
    )
    assert len(children) == len(CS), (
        f"the parent run has {len(children)} child runs, expected one per C: {len(CS)}"
    )


def test_each_child_run_holds_its_C_and_val_loss(swept):
    _, children = parent_and_children(swept)
    assert swept["calls"] == CS, (
        f"evaluate was called with {swept['calls']}, expected once per C, in order: {CS} "
        "(it trains a model: call it once per trial and reuse its result)"
    )
    found = {}
    for run in children:
        assert "C" in run.data.params, f"a child run has the parameters {run.data.params}, expected one named 'C'"
        assert "val_loss" in run.data.metrics, (
            f"the child run with C={run.data.params['C']} has the metrics {run.data.metrics}, expected 'val_loss'"
        )
        found[float(run.data.params["C"])] = run.data.metrics["val_loss"]
    assert found == LOSSES, f"the child runs hold {{C: val_loss}} = {found}, expected {LOSSES}"


def test_the_parent_run_holds_the_best_val_loss(swept):
    parent, _ = parent_and_children(swept)
    best = parent.data.metrics.get("best_val_loss")
    assert best is not None, (
        f"the parent run has the metrics {parent.data.metrics}, expected 'best_val_loss': log it on the "
        "parent, after the trials (inside the parent's block, outside the children's)"
    )
    assert best == min(LOSSES.values()), (
        f"best_val_loss is {best}, expected the lowest val_loss of the trials, {min(LOSSES.values())}: "
        "for a loss, lower is better"
    )


def test_every_run_is_finished_and_none_is_left_active(swept):
    parent_and_children(swept)
    assert swept["active"] is None, (
        f"after sweep returned, a run was still active (id {swept['active'].info.run_id}): end every run "
        "you start; a `with mlflow.start_run(...)` block ends its run"
    )
    statuses = sorted(run.info.status for run in swept["runs"])
    assert statuses == ["FINISHED"] * (len(CS) + 1), f"the runs' statuses are {statuses}, expected all FINISHED"


def test_a_trial_that_raises_fails_its_run_and_the_parent(store):
    seen = run_sweep(store, "sweep-that-crashes", CS, LOSSES, fail_at=1.0)
    assert seen["error"] is not None, "evaluate raised on C=1.0, but sweep did not let the exception through"
    assert seen["calls"] == [0.01, 0.1, 1.0], (
        f"evaluate was called with {seen['calls']}, expected [0.01, 0.1, 1.0]: stop at the trial that raises"
    )
    assert seen["active"] is None, (
        "after evaluate raised, a run was left active: a `with` block ends its run on an exception too; "
        "mlflow.start_run() without `with` needs mlflow.end_run() on the error path"
    )
    parent, children = parent_and_children(seen)
    assert parent.info.status == "FAILED", (
        f"after a trial raised, the parent run's status is {parent.info.status}, expected FAILED"
    )
    statuses = sorted(run.info.status for run in children)
    assert statuses == ["FAILED", "FINISHED", "FINISHED"], (
        f"after the third trial raised, the child runs' statuses are {statuses}, expected two FINISHED and "
        "one FAILED: open each trial's run before calling evaluate, so that a trial that crashes is recorded "
        "as a FAILED run"
    )
