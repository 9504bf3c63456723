"""Shared test set-up: where the read-only shared inputs live, and the demo portal fixture."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

pytest_plugins = ["pipelines.demo.pytest_plugin"]


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` (read-only input, never copied into the repository)."""
    if not SHARED.is_dir():
        pytest.skip(f"shared inputs not found at {SHARED}")
    return SHARED
