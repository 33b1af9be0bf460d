import exercise


def test_product():
    assert exercise.product(1000)[0, 0] == 1000.0
