"""Doing an exercise: checking code, grading quizzes, the workspace, attempts."""
