import os


def environment():
    return dict(os.environ)
