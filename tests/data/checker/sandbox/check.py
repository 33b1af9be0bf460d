import os
import sys

import exercise


def test_only_the_two_files():
    assert sorted(os.listdir(".")) == ["check.py", "exercise.py"]


def test_no_runner_secrets():
    leaked = [key for key in exercise.environment() if key.startswith(("TUTOR_CHECK", "PYTEST_ADDOPTS"))]
    assert leaked == []


def test_no_runner_dir_on_path():
    assert not [p for p in sys.path if "tutor-run-" in p]
    assert "tutor-run-" not in os.environ.get("PYTHONPATH", "")
