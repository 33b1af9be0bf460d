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
import mlflow.sklearn
import numpy as np
import pytest
import skops.io  # noqa: F401  (mlflow.sklearn saves models with it: imported here for the same reason)
import sklearn
from mlflow import MlflowClient
from mlflow.exceptions import MlflowException
from sklearn.linear_model import LogisticRegression


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


from exercise import promote

RNG = np.random.default_rng(0)
X = RNG.normal(size=(60, 3))
y = (X[:, 0] + 0.5 * X[:, 1] > 0).astype(int)
PROBE = RNG.normal(size=(40, 3))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A SQLite store of this check's own with three runs, each of which logged a model the way
    the prompt says: mlflow.sklearn.log_model(model, name="model")."""
    folder = tmp_path_factory.mktemp("store")
    uri = new_store(folder)
    client = MlflowClient(tracking_uri=uri, registry_uri=uri)
    experiment_id = client.create_experiment("churn", artifact_location=str(folder / "artifacts"))
    previous = mlflow.get_tracking_uri()
    mlflow.set_tracking_uri(uri)
    try:
        runs = {}
        for name, C, flip in [("a", 0.01, False), ("b", 1.0, True), ("c", 100.0, False)]:
            # Different models, so that each one's predictions tell it apart.
            model = LogisticRegression(C=C).fit(X, 1 - y if flip else y)
            with mlflow.start_run(experiment_id=experiment_id, run_name=f"run-{name}") as run:
                mlflow.sklearn.log_model(
                    model, name="model", pip_requirements=[f"scikit-learn=={sklearn.__version__}"]
                )
            runs[name] = (run.info.run_id, model.predict_proba(PROBE))
    finally:
        mlflow.set_tracking_uri(previous)  # the learner's code must set the URI itself
    return uri, client, runs


def promoted(store, model_name, run, alias="champion"):
    uri, _, runs = store
    version = promote(uri, model_name, runs[run][0], alias)
    assert isinstance(version, int) and not isinstance(version, bool), (
        f"promote returned {version!r} ({type(version).__name__}), expected the version number as an int"
    )
    return version


def versions(store, model_name):
    try:
        found = store[1].search_model_versions(f"name = '{model_name}'")
    except MlflowException:
        return {}
    return {int(v.version): v.run_id for v in found}


def alias_target(store, model_name, alias):
    try:
        return int(store[1].get_model_version_by_alias(model_name, alias).version)
    except MlflowException:
        return None


def run_name(store, run_id):
    for name, (known, _) in store[2].items():
        if known == run_id:
            return f"run-{name}"
    return run_id


def test_the_first_promotion_registers_version_1_and_the_alias_loads_the_runs_model(store):
    version = promoted(store, "churn-first", "a")
    registered = versions(store, "churn-first")
    assert registered, (
        "after promote, the registry of the store at tracking_uri has no versions of 'churn-first': "
        "register the run's model under model_name (mlflow.register_model creates the name if needed)"
    )
    assert version == 1 and registered == {1: store[2]["a"][0]}, (
        f"after one promote, the versions of 'churn-first' are {registered} (version: run id) and promote "
        f"returned {version}; expected version 1 from run-a's run"
    )
    target = alias_target(store, "churn-first", "champion")
    assert target == 1, f"the alias 'champion' points to {target}, expected version 1"
    try:  # what models:/churn-first@champion loads, read from this store whatever the global URI
        model = mlflow.sklearn.load_model(store[1].get_model_version_download_uri("churn-first", target))
    except (MlflowException, OSError) as error:
        raise AssertionError(
            "version 1 of 'churn-first' does not load: its source must be the model the run logged. "
            "mlflow.register_model(f'runs:/{run_id}/model', name) looks it up; MlflowClient."
            "create_model_version stores the source as given, and since MLflow 3 the run's artifacts "
            f"hold no model. MLflow said: {str(error)[:200]}"
        ) from None
    assert np.allclose(model.predict_proba(PROBE), store[2]["a"][1]), (
        "the model behind models:/churn-first@champion is not the one run-a logged"
    )


def test_promoting_the_same_run_again_adds_no_version(store):
    first = promoted(store, "churn-again", "a")
    second = promoted(store, "churn-again", "a")
    registered = versions(store, "churn-again")
    assert len(registered) == 1, (
        f"promoting run-a twice left {len(registered)} versions of 'churn-again', expected 1: "
        "mlflow.register_model adds a version on every call, so look for a version of this model "
        "that came from this run first (client.search_model_versions)"
    )
    assert first == second == 1, f"promote returned {first}, then {second}; expected 1 both times"


def test_a_new_run_gets_the_next_version_and_the_alias_moves_to_it(store):
    promoted(store, "churn-next", "a")
    version = promoted(store, "churn-next", "b")
    registered = versions(store, "churn-next")
    assert registered == {1: store[2]["a"][0], 2: store[2]["b"][0]}, (
        f"after promoting run-a then run-b, the versions are "
        f"{ {v: run_name(store, r) for v, r in registered.items()} }, expected {{1: 'run-a', 2: 'run-b'}}"
    )
    assert version == 2, f"promote returned {version} for run-b, expected 2"
    target = alias_target(store, "churn-next", "champion")
    assert target == 2, f"after promoting run-b, 'champion' points to version {target}, expected 2"


def test_promoting_an_older_run_again_moves_the_alias_back_to_its_version(store):
    promoted(store, "churn-rollback", "a")
    promoted(store, "churn-rollback", "b")
    version = promoted(store, "churn-rollback", "a")  # a rollback
    registered = versions(store, "churn-rollback")
    assert len(registered) == 2, (
        f"promoting run-a, run-b, then run-a again left {len(registered)} versions, expected 2: "
        "run-a already has version 1, so reuse it"
    )
    target = alias_target(store, "churn-rollback", "champion")
    assert version == 1 and target == 1, (
        f"rolling back to run-a returned version {version} and 'champion' points to {target}; expected "
        "version 1 for both: point the alias at the version that came from the run, not at the newest"
    )


def test_the_alias_is_the_one_asked_for_and_others_stay(store):
    promoted(store, "churn-aliases", "a")
    version = promoted(store, "churn-aliases", "b", alias="challenger")
    champion = alias_target(store, "churn-aliases", "champion")
    challenger = alias_target(store, "churn-aliases", "challenger")
    assert (champion, challenger) == (1, 2) and version == 2, (
        f"after promote(run-a) and promote(run-b, alias='challenger'), 'champion' points to {champion} "
        f"and 'challenger' to {challenger}; expected 1 and 2: set the alias named by `alias` only"
    )


def test_a_version_of_another_model_from_the_same_run_is_not_reused(store):
    uri, client, runs = store
    other = client.create_registered_model("fraud-detector").name
    client.create_model_version(other, source=f"runs:/{runs['c'][0]}/model", run_id=runs["c"][0])
    version = promoted(store, "churn-other", "c")
    registered = versions(store, "churn-other")
    assert registered == {1: runs["c"][0]} and version == 1, (
        f"run-c already has a version of the model 'fraud-detector'; promoting it as 'churn-other' must "
        f"register it there: the versions of 'churn-other' are {registered}, promote returned {version}. "
        "Filter the search on the model's name as well as the run id"
    )
