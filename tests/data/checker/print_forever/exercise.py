def add(a, b):
    while True:
        print("all work and no play " * 4)
