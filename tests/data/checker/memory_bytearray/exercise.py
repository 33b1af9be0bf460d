def add(a, b):
    return len(bytearray(10**11))
