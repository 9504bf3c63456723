"""The warehouse as separate assets: tables, one mart at a time, then publication for analysts.

Each run builds into a file of its own, ``DIR/build/<run id>.duckdb`` (the only file a writer ever opens),
never into the published ``DIR/warehouse.duckdb``: the tables asset builds it whole, each mart asset runs
its ``sql/marts`` file on it, and ``publish`` moves it over ``DIR/warehouse.duckdb`` with one
``os.replace``. An analyst's read-only connection keeps the previous file (its inode) until it closes; the
next connection opens the new one. A run that stops before publishing (a blocking check failed) leaves the
published file as it was and its build file for inspection; build files older than a day are removed.

A night with nothing new is a no-op: ``inputs_fingerprint`` of ``pipelines.warehouse.build`` hashes what the
warehouse says (the latest state of every crawled or ingested document, the parse cache, the SQL and code,
the parser version) but not the crawl log's 304 lines. When the published file carries the same
fingerprint, tables, marts and publication are all skipped.

The published file is read with ``pipelines.warehouse.build.read_only`` (an in-memory connection that
ATTACHes it), never ``duckdb.connect(path)``, which could hand back a file a publish has since replaced.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipelines.warehouse import models, parsing, warehouse_path
from pipelines.warehouse.build import (
    inputs_fingerprint,
    load_warehouse,
    read_only,
    relation_names,
    run_mart,
    stored_fingerprint,
)

BUILD_DIR = "build"
BUILD_MAX_AGE = 86400.0

_CREATE = re.compile(
    r"CREATE\s+(?:OR\s+REPLACE\s+)?(TEMP\s+|TEMPORARY\s+)?(TABLE|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?([a-z_][a-z0-9_]*)",
    re.IGNORECASE,
)
_COMMENT_ON = re.compile(r"COMMENT\s+ON\s+.*?;\s*$", re.IGNORECASE | re.DOTALL | re.MULTILINE)
_LINE_COMMENT = re.compile(r"--[^\n]*")
_STRING = re.compile(r"'(?:[^']|'')*'")


class WarehouseError(RuntimeError):
    """A step that cannot run as asked (the message says what to materialize instead)."""


@dataclass(frozen=True)
class SqlObject:
    """A table or view one SQL file builds: its name, kind, file, header comment and what it reads."""

    name: str
    kind: str  # table | view
    path: Path
    description: str
    reads: tuple[str, ...] = ()


def _header(text: str) -> str:
    lines = []
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        lines.append(line[2:].strip())
    return " ".join(lines).strip()


def _body(text: str) -> str:
    """The SQL without comments, COMMENT ON statements and string literals (for finding what it reads)."""
    return _STRING.sub("''", _COMMENT_ON.sub("", _LINE_COMMENT.sub("", text)))


def _objects(paths: list[Path]) -> list[SqlObject]:
    found: list[tuple[str, str, Path, str, str]] = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        creates = [(m.group(2).lower(), m.group(3)) for m in _CREATE.finditer(text) if not m.group(1)]
        if creates:
            kind, name = creates[0]
            found.append((name, kind, path, _header(text), _body(text)))
    names = {name for name, *_ in found}
    return [
        SqlObject(name, kind, path, description,
                  tuple(sorted(n for n in names if n != name and re.search(rf"\b{n}\b", body))))
        for name, kind, path, description, body in found
    ]


def warehouse_objects() -> list[SqlObject]:
    """The tables and views of ``sql/warehouse`` (macros and temporary tables are not assets)."""
    return _objects(models.warehouse_models())


def mart_objects() -> list[SqlObject]:
    """The marts of ``sql/marts`` in build order, each with the warehouse tables and marts it reads."""
    tables = {o.name for o in warehouse_objects()}
    marts = _objects(models.mart_models())
    mart_names = {m.name for m in marts}
    out = []
    for mart in marts:
        body = _body(mart.path.read_text(encoding="utf-8"))
        reads = sorted(n for n in tables | mart_names if n != mart.name and re.search(rf"\b{n}\b", body))
        out.append(SqlObject(mart.name, mart.kind, mart.path, mart.description, tuple(reads)))
    return out


# -- fingerprint --------------------------------------------------------------------------------------


def parser_version() -> str | None:
    """The current parser's version, or None when the parser cannot be imported."""
    try:
        return parsing.default_parser().version
    except parsing.ParserUnavailable:
        return None


# -- files ----------------------------------------------------------------------------------------------


def build_path(data_dir: str | Path, run_id: str) -> Path:
    """This run's own build file."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", run_id)[:120] or "run"
    return Path(data_dir) / BUILD_DIR / f"{safe}.duckdb"


def row_counts(path: str | Path, names: list[str]) -> dict[str, int | None]:
    """Rows of each table or view in ``names`` (None where it is missing)."""
    counts: dict[str, int | None] = {}
    with read_only(path) as con:
        present = relation_names(con)
        for name in names:
            counts[name] = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0] if name in present else None
    return counts


def remove_old_builds(data_dir: str | Path, *, keep: Path | None = None, max_age: float = BUILD_MAX_AGE) -> list[Path]:
    """Build files left by runs that stopped before publishing, once older than ``max_age`` seconds."""
    folder = Path(data_dir) / BUILD_DIR
    removed = []
    if not folder.is_dir():
        return removed
    cutoff = time.time() - max_age
    for path in folder.iterdir():
        if path == keep or not path.is_file():
            continue
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed.append(path)
    return removed


# -- the steps --------------------------------------------------------------------------------------------


@dataclass
class StepResult:
    """What a step did: ``changed`` False when it found the published warehouse already current."""

    changed: bool
    path: Path  # the file the step's tables now live in (this run's build file, or the published one)
    fingerprint: str
    rows: dict[str, int | None] = field(default_factory=dict)
    seconds: float = 0.0


def build_tables(data_dir: str | Path, run_id: str, *, version: str | None, force: bool = False) -> StepResult:
    """Build every ``sql/warehouse`` model into this run's build file; skipped when the published file is current."""
    started = time.perf_counter()
    data_dir = Path(data_dir)
    fingerprint = inputs_fingerprint(data_dir, version)
    names = [o.name for o in warehouse_objects()]
    target = build_path(data_dir, run_id)
    published = warehouse_path(data_dir)
    remove_old_builds(data_dir, keep=target)
    if not force and not target.exists() and stored_fingerprint(published) == fingerprint:
        return StepResult(False, published, fingerprint, row_counts(published, names), time.perf_counter() - started)
    load_warehouse(data_dir, parser_version=version, marts=False, fingerprint=fingerprint, target=target)
    return StepResult(True, target, fingerprint, row_counts(target, names), time.perf_counter() - started)


def current_path(data_dir: str | Path, run_id: str) -> Path:
    """Where this run's warehouse is: its build file when it built one, else the published file."""
    target = build_path(data_dir, run_id)
    return target if target.is_file() else warehouse_path(data_dir)


def build_mart(data_dir: str | Path, run_id: str, name: str, *, version: str | None) -> StepResult:
    """Run ``sql/marts/<name>.sql`` on this run's build file; skipped when the published file is current."""
    started = time.perf_counter()
    data_dir = Path(data_dir)
    target = build_path(data_dir, run_id)
    if not target.is_file():
        published = warehouse_path(data_dir)
        fingerprint = inputs_fingerprint(data_dir, version)
        if stored_fingerprint(published) == fingerprint:
            return StepResult(False, published, fingerprint, row_counts(published, [name]), time.perf_counter() - started)
        raise WarehouseError(
            f"the warehouse is out of date and this run did not build it: materialize {name} together with "
            "the warehouse tables (select the asset with its upstream, e.g. `+" + name + "`)"
        )
    path = models.MARTS_SQL / f"{name}.sql"
    con = duckdb.connect(str(target))
    try:
        run_mart(con, path)
        con.execute("CHECKPOINT")
        row = con.execute("SELECT value FROM build_info WHERE key = 'fingerprint'").fetchone()
    finally:
        con.close()
    return StepResult(True, target, row[0] if row else "", row_counts(target, [name]), time.perf_counter() - started)


def publish(data_dir: str | Path, run_id: str) -> StepResult:
    """Move this run's build file over ``DIR/warehouse.duckdb`` (atomically); nothing to do when none was built."""
    started = time.perf_counter()
    data_dir = Path(data_dir)
    target = build_path(data_dir, run_id)
    published = warehouse_path(data_dir)
    if not target.is_file():
        return StepResult(False, published, stored_fingerprint(published) or "", seconds=time.perf_counter() - started)
    wal = target.with_name(target.name + ".wal")
    if wal.exists():
        raise WarehouseError(f"{target} still has a write-ahead log: a writer did not close it")
    fingerprint = stored_fingerprint(target) or ""
    with open(target, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(target, published)
    return StepResult(True, published, fingerprint, seconds=time.perf_counter() - started)


def built_at(path: str | Path) -> str | None:
    if not Path(path).is_file():
        return None
    with read_only(path) as con:
        row = con.execute("SELECT value FROM build_info WHERE key = 'built_at'").fetchone()
    return row[0] if row else None
