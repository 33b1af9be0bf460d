import traceback

import exercise


def test_mean():
    assert exercise.mean([1.0, 2.0]) == 1.5


def test_mean_prints_its_traceback():
    try:
        exercise.mean([1.0])
    except AttributeError:
        traceback.print_exc()
        raise
