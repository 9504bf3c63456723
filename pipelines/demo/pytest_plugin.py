"""pytest fixtures for the demo portal (registered in ``tests/conftest.py``).

``demo_portal`` is started once per session: tests that only read share it (its request log grows; call
``clear_requests()`` or filter by time). Tests that change it (``republish``, ``remove``,
``restore_robots``) or need its one-time faults fresh (503 twice, 429 once, a body cut once) take
``fresh_demo_portal``; rendering is cached per process, so a fresh portal starts in well under a second.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pipelines.demo.portal import DemoPortal


@pytest.fixture(scope="session")
def demo_portal() -> Iterator[DemoPortal]:
    with DemoPortal() as portal:
        yield portal


@pytest.fixture
def fresh_demo_portal() -> Iterator[DemoPortal]:
    with DemoPortal() as portal:
        yield portal
