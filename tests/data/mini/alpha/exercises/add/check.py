import exercise


def test_small_numbers():
    assert exercise.add(2, 3) == 5, "add(2, 3) should be 5"


def test_negative():
    assert exercise.add(-1, 1) == 0
