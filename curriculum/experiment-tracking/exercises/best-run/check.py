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


from exercise import best_run

START = 1_767_225_600_000  # 2026-01-01, in milliseconds: the runs start a second apart, in list order


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A SQLite tracking store of this check's own, never the default one."""
    uri = new_store(tmp_path_factory.mktemp("store"))
    return uri, MlflowClient(tracking_uri=uri, registry_uri=uri)


def make_sweep(store, experiment_name, trials):
    """A parent run, then one child run per (C as logged, val_loss, status), started in list order.
    Returns the run ids by the C string."""
    _, client = store
    experiment_id = client.create_experiment(experiment_name)
    parent = client.create_run(experiment_id, start_time=START, run_name="sweep")
    client.log_metric(parent.info.run_id, "best_val_loss", 0.01)  # a summary, not a trial
    ids = {}
    for i, (C, val_loss, status) in enumerate(trials, start=1):
        run = client.create_run(
            experiment_id,
            start_time=START + 1000 * i,
            run_name=f"C={C}",
            tags={"mlflow.parentRunId": parent.info.run_id},
        )
        client.log_param(run.info.run_id, "C", C)
        client.log_metric(run.info.run_id, "val_loss", val_loss)
        if status != "RUNNING":
            client.set_terminated(run.info.run_id, status=status, end_time=START + 1000 * i + 500)
        ids[C] = run.info.run_id
    client.set_terminated(parent.info.run_id, end_time=START + 60_000)
    return ids


def describe(store, run_id):
    if run_id is None:
        return "None"
    try:
        run = store[1].get_run(run_id)
    except (MlflowException, TypeError):
        return repr(run_id)
    return (
        f"the run {run.info.run_name!r} (C={run.data.params.get('C')}, "
        f"val_loss={run.data.metrics.get('val_loss')}, {run.info.status})"
    )


def test_the_lowest_val_loss_among_finished_runs_wins_and_a_tie_goes_to_the_smaller_C(store):
    ids = make_sweep(
        store,
        "sweep-a",
        [
            ("0.5", 0.47, "FINISHED"),
            ("2.0", 0.40, "FINISHED"),
            ("50", 0.90, "FINISHED"),
            ("1.0", 0.30, "FAILED"),
            ("10", 0.40, "FINISHED"),
            ("0.1", 0.35, "RUNNING"),
        ],
    )
    got = best_run(store[0], "sweep-a")
    if got == ids["50"]:
        hint = "that is the highest val_loss: for a loss, lower is better"
    elif got in (ids["1.0"], ids["0.1"]):
        hint = "that run did not finish: keep only the runs whose status is FINISHED"
    elif got == ids["10"]:
        hint = (
            "C=2.0 and C=10 tie on val_loss=0.40, and 2.0 is the smaller C. Compare C as a number: "
            "MLflow stores parameters as strings, and as text '10' < '2.0'"
        )
    else:
        hint = "expected the finished run with the lowest val_loss, ties going to the smaller C"
    assert got == ids["2.0"], f"best_run returned {describe(store, got)}; expected the run C=2.0: {hint}"


def test_the_tie_break_does_not_depend_on_which_run_started_first(store):
    # The same rule with the tied runs started in the other order (and other values).
    ids = make_sweep(
        store,
        "sweep-b",
        [
            ("3", 0.25, "FINISHED"),
            ("30", 0.50, "FINISHED"),
            ("0.3", 0.25, "FINISHED"),
            ("300", 0.61, "KILLED"),
        ],
    )
    got = best_run(store[0], "sweep-b")
    assert got == ids["0.3"], (
        f"best_run returned {describe(store, got)}; expected the run C=0.3: C=3 and C=0.3 tie on "
        "val_loss=0.25, and the tie goes to the smaller C whichever run started first. Without an "
        "explicit tie-break, the order the store returns the rows in decides"
    )


def test_runs_without_val_loss_do_not_count_and_none_means_none(store):
    make_sweep(store, "sweep-crashed", [("1.0", 0.2, "FAILED")])
    got = best_run(store[0], "sweep-crashed")
    assert got is None, (
        f"the experiment holds only a parent run (no val_loss) and a FAILED trial, so no run qualifies "
        f"and best_run should return None; it returned {describe(store, got)}"
    )
