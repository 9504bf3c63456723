"""Crawler benchmark against the demo portal (printed, not asserted).

1. Throughput: pages per second with politeness off for the loopback hosts (``min_delay = 0``, 4 requests
   per host), on the well-behaved hosts and on the whole portal (whose flaky host makes the crawler wait
   out Retry-After, and whose Hanweb host asks for ``Crawl-delay: 1`` in robots.txt, which is obeyed).
2. Concurrency with politeness on (defaults: 1 request per host, >= 1 s apart): how many hosts were being
   crawled at the same moment (first to last request), from the portal's own request log.

Usage: ``.venv/bin/python bench/crawl.py``
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipelines.crawl import crawl_all, load_sources  # noqa: E402
from pipelines.demo.portal import DemoPortal  # noqa: E402


def max_overlap(spans: list[tuple[float, float]]) -> int:
    """The most intervals open at one moment."""
    events = sorted([(a, 1) for a, _ in spans] + [(b, -1) for _, b in spans])
    best = current = 0
    for _, delta in events:
        current += delta
        best = max(best, current)
    return best


def crawl_figure(portal: DemoPortal, sources: list, politeness: dict | None) -> tuple[int, float, list]:  # noqa: ANN001
    with tempfile.TemporaryDirectory() as data:
        portal.clear_requests()
        began = time.perf_counter()
        results = crawl_all(sources, data, politeness=politeness)
        return len(portal.requests), time.perf_counter() - began, results


def main() -> None:
    off = {"min_delay": 0.0, "concurrency": 4, "backoff_base": 0.05}
    with DemoPortal() as portal:
        sources = load_sources(portal.sources_toml())
        clean = [s for s in sources if s.id in CLEAN]
        n, elapsed, results = crawl_figure(portal, clean, off)
        reports = sum(len(r.reports) for r in results)
        print(f"politeness off, {len(clean)} well-behaved hosts: {n} requests ({reports} reports) in {elapsed:.2f} s"
              f" = {n / elapsed:.1f} pages/s")
        portal.reset_faults()
        n, elapsed, _ = crawl_figure(portal, sources, off)
        print(f"politeness off, whole portal ({len(sources)} sources, incl. Retry-After waits and the Hanweb host's "
              f"robots.txt Crawl-delay: 1): {n} requests in {elapsed:.2f} s = {n / elapsed:.1f} pages/s")
    with DemoPortal() as portal:
        n, elapsed, _ = crawl_figure(portal, load_sources(portal.sources_toml()), None)
        records = portal.requests
        by_host: dict[str, list] = {}
        for record in records:
            by_host.setdefault(record.host, []).append(record)
        spans = [(min(r.started_at for r in rs), max(r.finished_at for r in rs)) for rs in by_host.values()]
        in_flight = [(r.started_at, r.finished_at) for r in records]
        print(f"politeness on (defaults: 1 per host, >= 1 s apart): {n} requests to {len(by_host)} hosts in "
              f"{elapsed:.1f} s; {max_overlap(spans)} hosts being crawled at once, "
              f"{max_overlap(in_flight)} requests in flight at once at most")


CLEAN = ("demo-trs-ministry", "demo-trs-county", "demo-gkmlpt-city", "demo-township")


if __name__ == "__main__":
    main()
