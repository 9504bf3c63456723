"""The parse stage: every stored document parsed once per parser version (and hint), in parallel.

Outcomes are cached as Parquet segments under ``DIR/parsed/<parser version>/``: ``outcomes-<id>.parquet``
(one row per document: identity, the counts of its checks, warnings, region resolution, the figures the marts
read as one wide row, or the failure reason), ``cells-<id>.parquet`` (one row per contract cell: code, value —
NULL where the document gives none) and ``checks-<id>.parquet`` (one row per accounting identity checked:
rule, ok, detail). The outcomes file is written last, each file atomically, so a segment exists only when
complete; a build killed mid-way keeps every segment written before. Parquet rather than a JSON file per
document because loading the warehouse then is DuckDB reading Parquet — the speed floor the benchmark
measures against.

The cache key is (sha256, parser version, hint): the region/agency hints from ingest or crawl can change how
a document resolves, so a new hint re-parses, the same one never does. A document that fails to parse
(``ReadError`` and its kinds, or any parser bug) is recorded ``failed`` with its one-line reason and is not
retried until the parser version changes. Workers read bodies from the raw store themselves, so only paths
and small results cross process boundaries.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from pipelines import contract
from pipelines.extract.model import ReadError
from pipelines.parse.report import ParsedReport
from pipelines.store.raw import RawStore
from pipelines.warehouse import divisions, models

#: Version of the segment files and columns (models.OUTCOME_SCHEMA, CELL_SCHEMA, CHECK_SCHEMA); bumped when they
#: change (5: the checks moved from a list in each outcome row to a file of their own).
CACHE_LAYOUT = "5"
#: Flush a segment after this many outcomes, so progress survives an interrupted build.
SEGMENT_SIZE = 5000

Progress = Callable[[str, int, int], None]


class ParserUnavailable(RuntimeError):
    """``pipelines.parse`` cannot be imported, and there are documents to parse."""


@dataclass(frozen=True)
class ParserSpec:
    """The function that turns bytes into a ParsedReport, and the version its output is cached under."""

    parse: Callable[..., ParsedReport]
    version: str


@dataclass
class ParseResult:
    pending: int = 0
    parsed: int = 0
    failed: int = 0
    reused: int = 0
    seconds: float = 0.0


def default_parser() -> ParserSpec:
    try:
        from pipelines.parse import PARSER_VERSION, parse_document
    except ImportError as exc:
        raise ParserUnavailable(f"the parser (pipelines.parse) is not available: {exc}") from exc
    return ParserSpec(parse_document, str(PARSER_VERSION))


def cache_dir(data_dir: Path, version: str) -> Path:
    """``DIR/parsed/<parser version>~<cache layout>``: a new layout of the segments starts a fresh cache."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", version) or "_"
    return data_dir / "parsed" / f"{slug}~{CACHE_LAYOUT}"


def outcome_files(data_dir: Path, version: str) -> list[Path]:
    """The complete segments of ``version`` (an outcomes file is written only after its cells file)."""
    folder = cache_dir(data_dir, version)
    return sorted(folder.glob("outcomes-*.parquet")) if folder.is_dir() else []


# --- one document ----------------------------------------------------------------------------------------


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _outcome(task: dict[str, Any], version: str) -> dict[str, Any]:
    row = dict.fromkeys(models.OUTCOME_SCHEMA)
    row.update({
        "parse_id": uuid.uuid4().hex, "sha256": task["sha256"], "hint_key": task["hint_key"],
        "region_hint": task["region_hint"], "agency_hint": task["agency_hint"],
        "parser_version": version, "parsed_at": _now(), "warnings": [], "checks": [], "region_candidates": [],
        "invalid_codes": [], "checks_passed": 0, "checks_failed": 0, "checks_unknown": 0,
    })
    return row


def _failed(task: dict[str, Any], version: str, reason: str) -> tuple[dict[str, Any], list[tuple[str, Any]]]:
    row = _outcome(task, version)
    row.update({"status": "failed", "reason": " ".join(reason.split())[:500] or "failed (no message)"})
    return row, []


def parse_one(task: dict[str, Any], spec: ParserSpec) -> tuple[dict[str, Any], list[tuple[str, Any]]]:
    """Parse one stored document; never raises for a bad document (its failure is the outcome)."""
    path = Path(task["raw_path"])
    if not path.is_file():
        return _failed(task, spec.version, f"{task['origin']}: body {task['sha256'][:12]} missing from the raw store")
    try:
        data = path.read_bytes()
        with _time_limit(parse_timeout()):
            report = spec.parse(data, task["origin"], task["region_hint"])
    except ParseTimeout:
        return _failed(task, spec.version, f"{task['origin']}: parsing took longer than {parse_timeout():g} s; given up")
    except ReadError as exc:
        return _failed(task, spec.version, str(exc) or type(exc).__name__)
    except Exception as exc:  # a parser bug must not stop the build: record it against this document
        return _failed(task, spec.version, f"{task['origin']}: parser error {type(exc).__name__}: {exc}")
    row = _outcome(task, spec.version)
    agency = report.agency or task["agency_hint"]
    source = "document" if report.agency else ("hint" if task["agency_hint"] else None)
    region = report.region or {}
    if region.get("code"):
        match = divisions.Match(str(region["code"]), None, "resolved", [], "parser")
    else:
        # the parser found no division (or it is central): ask the resolver for the status and candidates
        match = divisions.resolve_agency(agency, "", task["region_hint"])
    row.update({
        "status": "parsed", "agency": agency, "agency_source": source,
        "agency_normalized": divisions.normalize_agency_name(agency) if agency else None,
        "agency_kind": divisions.agency_kind(agency) if agency else None,
        "year": report.year, "format": report.format, "title": report.title,
        "media_type": report.media_type or task.get("media_type"), "publication_year": report.publication_year,
        "published_on": report.published_on, "revision_mark": report.revision_mark,
        "warnings": [str(w) for w in report.warnings],
        "checks": [{"rule": c.rule, "ok": c.ok, "detail": c.detail} for c in report.checks],
        # counted here once, not by filtering the checks list of every report at each load
        "checks_passed": sum(c.ok is not None and bool(c.ok) for c in report.checks),
        "checks_failed": sum(c.ok is not None and not c.ok for c in report.checks),
        "checks_unknown": sum(c.ok is None for c in report.checks),
        "region_code": match.code, "region_level": match.level, "region_status": match.status,
        "region_candidates": [str(c) for c in match.candidates], "region_reason": match.reason,
    })
    cells = _complete_cells(report)
    values = [value for _, value in cells]
    invalid = [code for code, value in cells if _invalid(code, value)]
    given = dict(cells)
    row.update({
        "n_cells": len(cells), "n_values": sum(v is not None for v in values),
        "n_values_active": _given(cells, "active."), "n_values_apply": _given(cells, "apply."),
        "n_values_litigation": _given(cells, "litigation."),
        "invalid_codes": invalid,
    })
    # the figures as report_cell_values.fact_value has them: an invalid value is left out (NULL)
    left_out = set(invalid)
    row.update({code: None if code in left_out else given.get(code) for code in models.FIGURE_CODES})
    return row, cells


class ParseTimeout(Exception):
    """One document took longer than the per-document limit (a reader stuck on a pathological file)."""


def parse_timeout() -> float:
    """Seconds one document may take: ``ZFXXGK_PARSE_TIMEOUT`` or 180 (LibreOffice has its own 60 s)."""
    try:
        return float(os.environ.get("ZFXXGK_PARSE_TIMEOUT", "180"))
    except ValueError:
        return 180.0


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (SIGALRM: workers parse in their main thread), so one hanging
    document is recorded as failed instead of hanging the build. A no-op off the main thread."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise ParseTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _complete_cells(report: ParsedReport) -> list[tuple[str, float | None]]:
    """Every contract code of the report's format (NULL where the parser gave nothing), then any others."""
    cells: dict[str, float | int | None] = contract.empty_cells(report.format)
    cells.update(report.cells)
    return [(code, None if value is None else float(value)) for code, value in cells.items()]


def _given(cells: list[tuple[str, float | None]], prefix: str) -> int:
    return sum(1 for code, value in cells if value is not None and code.startswith(prefix))


def _invalid(code: str, value: float | None) -> bool:
    """A count that is not whole, or a negative value other than 本年增/减: kept as printed, kept out of facts."""
    spec = contract.cells_by_code().get(code)
    if value is None or spec is None:
        return False
    return (spec.unit == "count" and value != round(value)) or (value < 0 and spec.column != "change")


def _warm_up() -> None:
    """Load the division index once in this process, before workers fork from it (else each loads it)."""
    divisions.resolve_agency("国务院办公厅")
    divisions.normalize_agency_name("国务院办公厅")
    divisions.agency_kind("国务院办公厅")


def _parse_batch(tasks: list[dict[str, Any]], spec: ParserSpec) -> list[tuple[dict[str, Any], list]]:
    return [parse_one(task, spec) for task in tasks]


# --- the stage -------------------------------------------------------------------------------------------


def pending_tasks(data_dir: Path, version: str) -> tuple[list[dict[str, Any]], int]:
    """Documents without an outcome for (sha256, version, hint), and how many are already cached."""
    store = RawStore(data_dir)
    con = duckdb.connect()
    try:
        models.stage_logs(con, data_dir)
        models.stage_parse_cache(con, outcome_files(data_dir, version))
        for name in models.DOCUMENT_MODELS:
            models.run_model(con, models.WAREHOUSE_SQL / f"{name}.sql")
        rows = con.execute(
            """
            SELECT d.sha256, d.hint_key, d.region_hint, d.agency_hint, d.origin, d.media_type,
                   EXISTS (SELECT 1 FROM stg_outcomes o WHERE o.sha256 = d.sha256 AND o.hint_key = d.hint_key)
            FROM documents d ORDER BY d.first_seen, d.sha256
            """
        ).fetchall()
    finally:
        con.close()
    tasks, reused = [], 0
    for sha, hint_key, region_hint, agency_hint, origin, media_type, cached in rows:
        if cached:
            reused += 1
            continue
        tasks.append({
            "sha256": sha, "hint_key": hint_key, "region_hint": region_hint, "agency_hint": agency_hint,
            "origin": origin, "media_type": media_type, "raw_path": str(store.path_for(sha)),
        })
    return tasks, reused


def _write_segment(folder: Path, results: list[tuple[dict[str, Any], list]]) -> None:
    """Cells and checks first, outcomes last, each by atomic rename: a segment is visible only when whole."""
    if not results:
        return
    folder.mkdir(parents=True, exist_ok=True)
    stamp = f"{datetime.now(UTC).strftime('%Y%m%dT%H%M%S%f')}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    checks: dict[str, list[Any]] = {name: [] for name in models.CHECK_SCHEMA}
    for row, _ in results:  # a row's "checks" list goes to the checks file, not into OUTCOME_SCHEMA's columns
        for check in row["checks"]:
            checks["parse_id"].append(row["parse_id"])
            for name in ("rule", "ok", "detail"):
                checks[name].append(check[name])
    outcomes = pl.DataFrame([row for row, _ in results], schema=models.OUTCOME_SCHEMA, orient="row")
    pids, codes, values = [], [], []
    for row, cells in results:
        pid = row["parse_id"]
        for code, value in cells:
            pids.append(pid)
            codes.append(code)
            values.append(value)
    cells_frame = pl.DataFrame({"parse_id": pids, "code": codes, "value": values}, schema=models.CELL_SCHEMA)
    checks_frame = pl.DataFrame(checks, schema=models.CHECK_SCHEMA)
    for frame, name in ((cells_frame, f"cells-{stamp}.parquet"), (checks_frame, f"checks-{stamp}.parquet"),
                        (outcomes, f"outcomes-{stamp}.parquet")):
        tmp = folder / f".{name}.tmp"
        frame.write_parquet(tmp, compression="zstd", statistics=False)
        with tmp.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, folder / name)


def _chunks(tasks: list[dict[str, Any]], workers: int) -> list[list[dict[str, Any]]]:
    size = max(1, min(64, len(tasks) // (workers * 4) or 1))
    return [tasks[i : i + size] for i in range(0, len(tasks), size)]


def _run_pool(
    chunks: list[list[dict[str, Any]]], spec: ParserSpec, workers: int,
    sink: Callable[[list[tuple[dict[str, Any], list]]], None],
) -> None:
    """Parse chunks in worker processes. A worker that dies (a crash in a native reader) takes its pool down;
    the unfinished documents are then retried one per task in a fresh single-worker pool, where the one
    that kills it again is identified and recorded failed instead of stopping the build."""
    context = multiprocessing.get_context("fork")
    remaining = list(chunks)
    isolate = False
    while remaining:
        done: set[int] = set()
        pool_workers = 1 if isolate else workers
        try:
            with ProcessPoolExecutor(max_workers=pool_workers, mp_context=context) as pool:
                futures = {pool.submit(_parse_batch, chunk, spec): i for i, chunk in enumerate(remaining)}
                for future in as_completed(futures):
                    index = futures[future]
                    try:
                        results = future.result()
                    except BrokenProcessPool:
                        if isolate and len(remaining[index]) == 1:
                            task = remaining[index][0]
                            sink([_failed(task, spec.version, f"{task['origin']}: the parser process crashed")])
                            done.add(index)
                        raise
                    except Exception as exc:  # unpicklable result and the like: this chunk only
                        results = [_failed(t, spec.version, f"{t['origin']}: worker error {exc}") for t in remaining[index]]
                    sink(results)
                    done.add(index)
            remaining = []
        except BrokenProcessPool:
            left = [task for i, chunk in enumerate(remaining) if i not in done for task in chunk]
            remaining = [[task] for task in left]
            isolate = True


def parse_pending(
    data_dir: str | os.PathLike[str],
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    parser: ParserSpec | None = None,
) -> ParseResult:
    """Parse every stored document not yet parsed with the current parser version, caching the outcomes."""
    started = time.perf_counter()
    data_dir = Path(data_dir)
    spec = parser
    if spec is None:
        try:
            spec = default_parser()
        except ParserUnavailable:
            if not has_documents(data_dir):
                return ParseResult(seconds=time.perf_counter() - started)
            raise
    tasks, reused = pending_tasks(data_dir, spec.version)
    result = ParseResult(pending=len(tasks), reused=reused)
    folder = cache_dir(data_dir, spec.version)
    buffer: list[tuple[dict[str, Any], list]] = []

    def sink(results: list[tuple[dict[str, Any], list]]) -> None:
        buffer.extend(results)
        for row, _ in results:
            if row["status"] == "failed":
                result.failed += 1
            else:
                result.parsed += 1
        if progress:
            progress("parse", result.parsed + result.failed, len(tasks))
        if len(buffer) >= SEGMENT_SIZE:
            _write_segment(folder, buffer)
            buffer.clear()

    try:
        workers = max(1, workers or os.cpu_count() or 1)
        if tasks:
            _warm_up()
        if tasks:  # always in worker processes, even one: a reader that crashes must not take the build down
            _run_pool(_chunks(tasks, workers), spec, min(workers, len(tasks)), sink)
    finally:
        _write_segment(folder, buffer)
    result.seconds = time.perf_counter() - started
    return result


def has_documents(data_dir: Path) -> bool:
    return (data_dir / "ingest_log.jsonl").is_file() or any((data_dir / "crawl_log").glob("*.jsonl"))

