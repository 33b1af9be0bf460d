"""A solution whose error is on line 7."""


def mean(values):
    total = 0.0
    for value in values:
        total += value.weight
    return total / len(values)
