import operator


def add(a, b):
    return operator.add(a, b)
