"""The bottom layer: the clock, learning days, user folders, files, hashing, errors."""
