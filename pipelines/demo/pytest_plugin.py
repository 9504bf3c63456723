"""pytest fixtures for the demo portal (filled in by the demo portal work)."""
