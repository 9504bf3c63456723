"""Crawling a set of registry sources for the ``raw_documents`` asset.

Sources that share a host are crawled together in one ``crawl_all`` (one robots cache, the process-wide
host gates), each such group in its own thread, so a run crawls different hosts at the same time. Before a
group starts it holds the pool of every host it touches (``hold``): across concurrent runs that pool, not
the in-process gates, is what keeps one crawl per host. A source whose crawl raises is reported and the
others go on: its bodies fetched so far are already safe in the raw store and the log.
"""

from __future__ import annotations

import contextlib
import re
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipelines.crawl import CrawlResult, HostCounts, Source, crawl_all, load_sources

#: ``hold(pools)`` is entered before a host group crawls and left after it.
Hold = Callable[[Sequence[str]], AbstractContextManager[Any]]


def load_registry(spec: str | None) -> list[Source]:
    """The sources to crawl: ``spec`` is a registry file or folder, or None for ``sources/*.toml``."""
    return load_sources(spec or None)


def pool_name(host: str) -> str:
    """The Dagster pool of one host, e.g. ``127.0.0.1:8001`` → ``host_127_0_0_1_8001``."""
    return "host_" + (re.sub(r"[^a-z0-9]+", "_", host.lower()).strip("_") or "unknown")


def source_pools(source: Source) -> tuple[str, ...]:
    return tuple(sorted({pool_name(h) for h in source.hosts}))


def host_groups(sources: Iterable[Source]) -> list[list[Source]]:
    """Sources joined when they share a host (transitively), in registry order."""
    sources = list(sources)
    parent = list(range(len(sources)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with: dict[str, int] = {}
    for i, source in enumerate(sources):
        for host in source.hosts:
            j = first_with.setdefault(host, i)
            parent[root(i)] = root(j)
    groups: dict[int, list[Source]] = {}
    for i, source in enumerate(sources):
        groups.setdefault(root(i), []).append(source)
    return list(groups.values())


def partition_changes(existing: Sequence[str], wanted: Sequence[str]) -> tuple[list[str], list[str]]:
    """Partition keys to add and to delete so the partitions are exactly the registry's source ids."""
    have, want = set(existing), set(wanted)
    return [k for k in wanted if k not in have], [k for k in existing if k not in want]


@dataclass
class SourceCrawl:
    """One source's outcome: its result, or the error its crawl raised."""

    source_id: str
    result: CrawlResult | None = None
    error: str | None = None


@contextlib.contextmanager
def _no_hold(pools: Sequence[str]) -> Iterator[None]:
    yield


def crawl_sources(
    sources: Sequence[Source],
    data_dir: str | Path,
    *,
    politeness: Mapping[str, Any] | None = None,
    hold: Hold | None = None,
    threads: int = 8,
    on_done: Callable[[SourceCrawl], None] | None = None,
) -> dict[str, SourceCrawl]:
    """Crawl ``sources`` into ``data_dir``, host groups in parallel; ``on_done`` is called in this thread."""
    hold = hold or _no_hold
    groups = host_groups(sources)

    def run(group: list[Source]) -> list[SourceCrawl]:
        pools = sorted({p for s in group for p in source_pools(s)})
        with hold(pools):
            try:
                results = crawl_all(group, data_dir, politeness=dict(politeness) if politeness else None)
            except Exception as exc:  # noqa: BLE001 - reported per source, the other groups go on
                detail = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=5)}"
                return [SourceCrawl(s.id, error=detail) for s in group]
        return [SourceCrawl(r.source_id, result=r) for r in results]

    outcomes: dict[str, SourceCrawl] = {}
    if not groups:
        return outcomes
    with ThreadPoolExecutor(max_workers=max(1, min(threads, len(groups))), thread_name_prefix="crawl") as pool:
        futures = [pool.submit(run, group) for group in groups]
        for future in as_completed(futures):
            for outcome in future.result():
                outcomes[outcome.source_id] = outcome
                if on_done is not None:
                    on_done(outcome)
    return {s.id: outcomes[s.id] for s in sources if s.id in outcomes}


def total_counts(result: CrawlResult) -> HostCounts:
    total = HostCounts()
    for counts in result.hosts.values():
        for name in vars(total):
            setattr(total, name, getattr(total, name) + getattr(counts, name))
    return total


def blocked_hosts(result: CrawlResult) -> list[str]:
    """Hosts that refused this crawl at least once (challenge, 403, throttling)."""
    return sorted(host for host, counts in result.hosts.items() if counts.blocked)


def crawl_metadata(result: CrawlResult) -> dict[str, Any]:
    """Plain values describing one source's crawl, for the partition's materialization."""
    total = total_counts(result)
    return {
        "reports_found": len(result.reports),
        "fetched": total.fetched,  # 200s, list pages included
        "not_modified": total.not_modified,
        "blocked": total.blocked,
        "errors": total.errors,
        "gone": len(result.gone),
        "disallowed": total.disallowed,
        "list_pages": result.list_pages,
        "blocked_hosts": ", ".join(blocked_hosts(result)) or "none",
        "truncated": result.truncated,
        "dialects": ", ".join(sorted(set(result.dialects.values()))) or "none",
        "crawl_log": result.log_path,
    }
