"""Where the registry and the data live, and the few knobs a deployment (or a test) turns.

Empty strings mean "from the environment": ``ZFXXGK_DATA_DIR`` (default ``data``) and ``ZFXXGK_SOURCES``
(a registry file or folder; default every ``sources/*.toml``). ``make demo`` / ``make dev`` point
``ZFXXGK_SOURCES`` at the filled-in demo registry ``data/demo-sources.toml``.
"""

import os
from pathlib import Path
from typing import Any

import dagster as dg

from pipelines.crawl import Source
from pipelines.defs.steps.crawl import load_registry


class ZfxxgkSettings(dg.ConfigurableResource):
    """The data folder, the sources registry, and politeness overrides (for loopback tests only)."""

    data_dir: str = ""
    sources: str = ""
    min_delay: float | None = None
    backoff_base: float | None = None
    time_budget: float | None = None
    crawl_threads: int = 8
    parse_workers: int = 0  # 0: one per core
    freshness_hours: float = 36.0
    max_blocked_share: float = 0.5

    def data_path(self) -> Path:
        return Path(self.data_dir or os.environ.get("ZFXXGK_DATA_DIR") or "data")

    def sources_spec(self) -> str | None:
        return self.sources or os.environ.get("ZFXXGK_SOURCES") or None

    def registry(self) -> list[Source]:
        return load_registry(self.sources_spec())

    def politeness(self) -> dict[str, Any] | None:
        overrides = {"min_delay": self.min_delay, "backoff_base": self.backoff_base, "time_budget": self.time_budget}
        overrides = {k: v for k, v in overrides.items() if v is not None}
        return overrides or None


defs = dg.Definitions(resources={"zfxxgk": ZfxxgkSettings()})
