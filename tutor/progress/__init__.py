"""Pure derived state from the attempt log: history, reviews, mastery, streaks, plan."""
