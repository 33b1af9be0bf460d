def add(a, b):
    print("x" * 50_000_000)
    return a + b
