import exercise

ADDED = exercise.add(1, 2)
