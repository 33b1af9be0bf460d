"""ML Daily Tutor: a team's daily learning system for machine-learning engineers."""

__version__ = "0.1.0"
