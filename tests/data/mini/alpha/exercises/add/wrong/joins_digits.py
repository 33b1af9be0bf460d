"""Joins the numbers as text, so `add(2, 3)` is 23."""


def add(a, b):
    return int(f"{a}{b}")
