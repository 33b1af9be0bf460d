import numpy


def product(n):
    return numpy.ones((n, n)) @ numpy.ones((n, n))
