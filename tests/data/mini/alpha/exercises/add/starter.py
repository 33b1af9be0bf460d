def add(a, b):
    # TODO: return the sum of a and b
    return None
