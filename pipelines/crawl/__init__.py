"""The crawler: from a portal column URL to every annual report on it, in the raw store and the crawl log.

Public API (plain functions; the Dagster layer wraps them):

- ``load_sources(paths_or_text=None) -> list[Source]``
- ``crawl_source(source, data_dir, *, politeness=None, progress=None) -> CrawlResult``
- ``crawl_start_url(url, data_dir, ...)`` and ``crawl_all(sources, data_dir, ...)``
- ``read_crawl_log(data_dir) -> list[dict]``
"""

from pipelines.crawl.crawler import (
    CrawlResult,
    FoundFile,
    FoundReport,
    HostCounts,
    ProgressEvent,
    acrawl_all,
    crawl_all,
    crawl_source,
    crawl_start_url,
)
from pipelines.crawl.log import read_crawl_log
from pipelines.crawl.sources import Politeness, Source, SourceError, load_sources, source_for_url

__all__ = [
    "CrawlResult",
    "FoundFile",
    "FoundReport",
    "HostCounts",
    "Politeness",
    "ProgressEvent",
    "Source",
    "SourceError",
    "acrawl_all",
    "crawl_all",
    "crawl_source",
    "crawl_start_url",
    "load_sources",
    "read_crawl_log",
    "source_for_url",
]
