"""Subtracts `b` from `a` instead of adding them."""


def add(a, b):
    return a - b
