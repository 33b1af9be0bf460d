"""Contributor tools: scaffolding, validate --run, stamps."""
