"""The team's shared summaries: files in team/ and the shared progress store."""
