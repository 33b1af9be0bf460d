"""The terminal edge, the only importer of Rich: rendering, prompts, the session loop."""
