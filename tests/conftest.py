"""Shared test set-up: where the read-only shared inputs live, and the demo portal fixture."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

#: CI runs the property tests on a fixed set of generated examples (HYPOTHESIS_PROFILE=ci, set by .ci/run), so a
#: landing is never failed by an input first drawn there; a developer's run draws new ones each time, and an
#: input that fails becomes an @example of its test.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

pytest_plugins = ["pipelines.demo.pytest_plugin"]


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` (read-only input, never copied into the repository)."""
    if not SHARED.is_dir():
        pytest.skip(f"shared inputs not found at {SHARED}")
    return SHARED
