import exercise


def test_add():
    assert exercise.add(1, 2) == 3


def test_zero():
    assert exercise.add(0, 0) == 0
