"""``zfxxgk sources`` and ``zfxxgk crawl``: list the registry, crawl sources or a bare column URL."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipelines.crawl import (
    CrawlResult,
    HostCounts,
    ProgressEvent,
    Source,
    SourceError,
    crawl_all,
    load_sources,
    source_for_url,
)
from pipelines.crawl.sources import DIALECTS

DEFAULT_DATA_DIR = Path("data")


def register(subparsers: argparse._SubParsersAction) -> None:
    sources = subparsers.add_parser("sources", help="list the sources registry (sources/*.toml)")
    sources.add_argument("--sources", nargs="+", metavar="PATH", help="registry files or folders (default: sources/)")
    sources.add_argument("--data-dir", default=DEFAULT_DATA_DIR, type=Path, help="data folder (unused; for symmetry)")
    sources.set_defaults(handler=_sources)

    crawl = subparsers.add_parser("crawl", help="crawl portal columns into the raw store and the crawl log")
    crawl.add_argument("--source", nargs="+", default=[], metavar="ID", help="source ids to crawl (default: all)")
    crawl.add_argument("--start-url", nargs="+", default=[], metavar="URL", help="column URLs, no configuration needed")
    crawl.add_argument("--sources", nargs="+", metavar="PATH", help="registry files or folders (default: sources/)")
    crawl.add_argument("--data-dir", default=DEFAULT_DATA_DIR, type=Path, help="data folder (default: data)")
    crawl.add_argument("--dialect", choices=DIALECTS, help="dialect for --start-url columns (default: detected)")
    crawl.add_argument("--min-delay", type=float, help="seconds between requests to one host (default 1)")
    crawl.add_argument("--concurrency", type=int, help="requests in flight per host (default 1)")
    crawl.add_argument("--time-budget", type=float, help="seconds per source (default 600)")
    crawl.add_argument("--global-concurrency", type=int, default=8, help="requests in flight in all (default 8)")
    crawl.set_defaults(handler=_crawl)


def _load(paths: list[str] | None) -> list[Source]:
    from pipelines.cli import UserError

    try:
        return load_sources(paths if paths else None)
    except SourceError as exc:
        raise UserError(str(exc)) from None


def _sources(args: argparse.Namespace) -> int:
    sources = _load(args.sources)
    table = Table(title=f"{len(sources)} sources")
    for column in ("id", "dialect", "region", "agency", "urls"):
        table.add_column(column, overflow="fold")
    for source in sources:
        table.add_row(source.id, source.dialect or "(detect)", source.region or "", source.agency or "", "\n".join(source.urls))
    Console().print(table)
    return 0


def _crawl(args: argparse.Namespace) -> int:
    from pipelines.cli import UserError

    chosen: list[Source] = []
    try:
        chosen += [source_for_url(url, dialect=args.dialect) for url in args.start_url]
    except SourceError as exc:
        raise UserError(str(exc)) from None
    if args.source or not args.start_url:
        registry = {s.id: s for s in _load(args.sources)}
        unknown = [i for i in args.source if i not in registry]
        if unknown:
            raise UserError(f"unknown source id(s): {', '.join(unknown)} (see `zfxxgk sources`)")
        chosen += [registry[i] for i in args.source] if args.source else list(registry.values())
    if not chosen:
        raise UserError("no sources to crawl")
    overrides: dict[str, Any] = {
        "min_delay": args.min_delay,
        "concurrency": args.concurrency,
        "time_budget": args.time_budget,
    }
    overrides = {k: v for k, v in overrides.items() if v is not None}
    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[stage]}"),
        TimeElapsedColumn(),
        console=console,
        transient=not console.is_terminal,
    ) as progress:
        tasks = {s.id: progress.add_task(s.id, total=None, stage="waiting") for s in chosen}

        def on_event(event: ProgressEvent) -> None:
            task = tasks[event.source_id]
            if event.stage == "list":
                progress.update(task, stage=f"{event.done} list pages")
            elif event.stage == "report":
                progress.update(task, total=event.total, completed=event.done, stage="reports")
            else:
                progress.update(task, total=event.total or 1, completed=event.total or 1, stage="done")

        results = crawl_all(
            chosen,
            args.data_dir,
            politeness=overrides or None,
            progress=on_event,
            global_concurrency=args.global_concurrency,
        )
    _summary(results)
    return 0


def _summary(results: list[CrawlResult]) -> None:
    totals: dict[str, HostCounts] = {}
    for result in results:
        for host, counts in result.hosts.items():
            into = totals.setdefault(host, HostCounts())
            for name in vars(counts):
                setattr(into, name, getattr(into, name) + getattr(counts, name))
    table = Table(title="crawl summary per host")
    for column in ("host", "found", "fetched", "304", "blocked", "errors", "gone", "disallowed"):
        table.add_column(column, justify="left" if column == "host" else "right", no_wrap=column == "host")
    for host, c in sorted(totals.items()):
        table.add_row(host, *(str(v) for v in (c.found, c.fetched, c.not_modified, c.blocked, c.errors, c.gone, c.disallowed)))
    console = Console(file=sys.stdout, width=None if sys.stdout.isatty() else 120)
    console.print(table)
    reports = sum(len(r.reports) for r in results)
    truncated = [r.source_id for r in results if r.truncated]
    console.print(f"{reports} reports from {len(results)} sources; logs in {Path(results[0].log_path).parent}")
    if truncated:
        console.print(f"time budget ran out for: {', '.join(truncated)}")
