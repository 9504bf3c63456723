"""``zfxxgk build``: parse what is new, then rebuild ``DIR/warehouse.duckdb`` from the raw store and the cache.

The warehouse is always built whole into a new file ``DIR/.warehouse-<pid>.duckdb.tmp`` and moved over
``DIR/warehouse.duckdb`` with one ``os.replace``: nobody ever opens a half-built warehouse, and an analyst's
read-only connection to the previous file stays valid through a rebuild (the old inode lives on until it
is closed). A build whose inputs (logs, parse cache, SQL, this package's code) have not changed since the
last one is skipped, so ``build`` twice changes nothing.

Stages, each callable on its own (the Dagster layer calls them as assets):
``parse_pending`` (pipelines.warehouse.parsing) → ``load_warehouse`` (sql/warehouse/*.sql) →
``build_marts`` (sql/marts/*.sql); ``build_warehouse`` runs all three.

A build starts from a copy of the schema template (``schema_template``): the same SQL run once on no documents,
so every table, view and comment is there and the division list loaded, and the build only fills the tables
(``models.fill_statements``). That is the same warehouse as running every file whole
(tests/test_warehouse.py compares the two), at a fraction of the fixed cost.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipelines import contract
from pipelines.crawl.log import read_crawl_log
from pipelines.warehouse import models, parsing
from pipelines.warehouse.parsing import ParseResult, ParserSpec

WAREHOUSE_FILE = "warehouse.duckdb"
#: Rows per row group of the warehouse file. DuckDB scans (and compresses) a table in parallel by row group;
#: at its default of 122,880 rows every table of one row per report or agency is a single row group, so
#: building or querying it uses one core. 16,384 lets both cores work on them and costs no space.
ROW_GROUP_SIZE = 16_384
Progress = Callable[[str, int, int], None]


@dataclass
class BuildResult:
    """What a build did, for the CLI and the Dagster layer's metadata."""

    path: Path
    skipped: bool = False  # inputs unchanged since the last build: the warehouse was left as it was
    documents: int = 0
    parsed_now: int = 0
    failed_now: int = 0
    reused: int = 0  # outcomes taken from the parse cache
    failed: int = 0  # documents whose parse failed (all, not only this build's)
    pending: int = 0  # documents still without an outcome (parser unavailable)
    reports: int = 0  # parsed documents
    current_reports: int = 0
    agencies: int = 0
    unresolved_agencies: int = 0
    timings: dict[str, float] = field(default_factory=dict)  # parse, load, marts, finish, total
    model_seconds: dict[str, float] = field(default_factory=dict)  # per SQL model file


def warehouse_path(data_dir: str | os.PathLike[str]) -> Path:
    return Path(data_dir) / WAREHOUSE_FILE


def code_digest() -> str:
    """SQL files, this package's code and the cell contract (dim_cell, the cell_code ENUM): a change to any of
    them makes the next build rebuild, and makes a new schema template."""
    digest = hashlib.sha256()
    files = sorted(models.SQL_DIR.rglob("*.sql")) + sorted(Path(__file__).parent.glob("*.py"))
    files.append(Path(contract.__file__))
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def inputs_fingerprint(data_dir: str | os.PathLike[str], version: str | None) -> str:
    """What the warehouse is built from — the latest state of every ingested or crawled document, the parse
    cache, the SQL and code, the parser version — ignoring re-confirmations (304s, the same bytes again), so a
    crawl that found nothing new leaves the warehouse as it is."""
    data_dir = Path(data_dir)
    digest = hashlib.sha256()
    digest.update(f"parser={version}\ncode={code_digest()}\n".encode())
    ingest = data_dir / "ingest_log.jsonl"
    if ingest.is_file():
        digest.update(ingest.read_bytes())
    latest: dict[tuple[str, str], list[str | None]] = {}
    for entry in read_crawl_log(data_dir):
        cls = entry.get("classification")
        if entry.get("kind") not in ("report", "attachment") or not entry.get("url"):
            continue
        if (cls == "ok" and entry.get("sha256")) or cls == "gone":
            latest[(str(entry.get("source")), str(entry["url"]))] = [
                cls, entry.get("sha256"), entry.get("final_url"), entry.get("report_url"),
                entry.get("region"), entry.get("agency"), entry.get("content_type"),
            ]
    for key in sorted(latest):
        digest.update(json.dumps([*key, *latest[key]], ensure_ascii=False).encode())
        digest.update(b"\n")
    if version is not None:
        for segment in parsing.outcome_files(data_dir, version):
            digest.update(f"{segment.name}\n".encode())
    return digest.hexdigest()


@contextlib.contextmanager
def read_only(path: str | os.PathLike[str]) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the DuckDB file at ``path`` as it is on disk now.

    An in-memory connection ATTACHes the file: DuckDB shares one database instance per path within a
    process, so ``duckdb.connect(path)`` could hand back a file that a rebuild has since replaced.
    """
    con = duckdb.connect(":memory:")
    try:
        quoted = str(Path(path).resolve()).replace("'", "''")
        con.execute(f"ATTACH '{quoted}' AS w (READ_ONLY)")
        con.execute("USE w")
        yield con
    finally:
        con.close()


def relation_names(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The tables and views of the connection's current database (a warehouse file has its marts as either)."""
    return {name for (name,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
        "UNION SELECT view_name FROM duckdb_views() WHERE database_name = current_database()"
    ).fetchall()}


def stored_fingerprint(path: str | os.PathLike[str]) -> str | None:
    """The inputs fingerprint a built warehouse file records (None when absent or unreadable)."""
    if not Path(path).is_file():
        return None
    try:
        with read_only(path) as con:
            row = con.execute("SELECT value FROM build_info WHERE key = 'fingerprint'").fetchone()
    except duckdb.Error:
        return None
    return row[0] if row else None


def create_schema(
    con: duckdb.DuckDBPyConnection, data_dir: Path | None, parser_version: str | None, *, documents: bool = True,
) -> None:
    """Run every model on ``con``: from ``data_dir``'s logs and cache, or on empty inputs when None (or when not
    ``documents``: the schema template, whose division list is still ``data_dir``'s cached one)."""
    _stage_documents(con, data_dir if documents else None, parser_version)
    models.stage_reference(con, data_dir)
    for path in models.warehouse_models():
        models.run_model(con, path)


def _stage_documents(con: duckdb.DuckDBPyConnection, data_dir: Path | None, parser_version: str | None) -> None:
    """The session's settings, and the document logs and parse cache of ``data_dir`` (empty when None)."""
    con.execute("SET TimeZone = 'UTC'")
    # row order within a table carries no meaning here; letting DuckDB insert in parallel halves the big loads
    con.execute("SET preserve_insertion_order = false")
    if data_dir is None:
        models.stage_logs(con, Path("/nonexistent"))
        models.stage_parse_cache(con, [])
    else:
        models.stage_logs(con, data_dir)
        files = parsing.outcome_files(data_dir, parser_version) if parser_version else []
        models.stage_parse_cache(con, files)


def fill_schema(
    con: duckdb.DuckDBPyConnection, data_dir: Path, parser_version: str | None,
    seconds: dict[str, float] | None = None,
) -> None:
    """Fill the tables of a copy of the schema template on ``con`` from ``data_dir``'s logs and cache: the same
    models as ``create_schema`` but the reference ones, each as its ``INSERT`` statements alone."""
    _stage_documents(con, data_dir, parser_version)
    for path in models.warehouse_models():
        if path.stem not in models.REFERENCE_MODELS:
            models.run_model(con, path, seconds, fill=True)


#: Where a process last built or found the schema template of each digest: a new data folder copies it.
_TEMPLATES: dict[str, Path] = {}
TEMPLATE_PREFIX = "warehouse-schema-"


def _attach(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    quoted = str(path).replace("'", "''")
    con.execute(f"ATTACH '{quoted}' AS warehouse (ROW_GROUP_SIZE {ROW_GROUP_SIZE})")
    con.execute("USE warehouse")


def schema_template(data_dir: str | os.PathLike[str], timings: dict[str, float] | None = None) -> Path:
    """The warehouse built from no documents — every table, view, macro and type with all its comments, the
    marts, and the reference tables (``models.REFERENCE_MODELS``) filled — kept as
    ``DIR/parsed/warehouse-schema-<digest>.duckdb``. A build copies it and only fills its tables: the schema and
    its ~500 comments, and the division list, change only with the SQL, this package's code, the division
    list or DuckDB, never with the documents. Made when missing (its seconds go into ``timings["schema"]``)."""
    data_dir = Path(data_dir)
    key = f"{code_digest()}\n{models.regions_digest()}\n{duckdb.__version__}\n{ROW_GROUP_SIZE}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    folder = data_dir / "parsed"
    path = folder / f"{TEMPLATE_PREFIX}{digest}.duckdb"
    if path.is_file():
        _TEMPLATES[digest] = path
        return path
    started = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{path.name}.{os.getpid()}.tmp"
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    try:
        known = _TEMPLATES.get(digest)
        if known is not None and known.is_file():
            shutil.copyfile(known, tmp)
        else:
            con = duckdb.connect(":memory:")
            try:
                _attach(con, tmp)
                with models.transaction(con):
                    create_schema(con, data_dir, None, documents=False)
                    build_marts(con)
                    models.drop_staging(con)
                    # a table of no documents may still hold a row (an aggregate over nothing): only the
                    # reference tables keep theirs
                    keep = models.reference_tables()
                    for (table,) in con.execute(
                        "SELECT table_name FROM duckdb_tables() WHERE database_name = 'warehouse'"
                    ).fetchall():
                        if table not in keep:
                            con.execute(f'DELETE FROM "{table}"')
                con.execute("CHECKPOINT warehouse")
            finally:
                con.close()
        with tmp.open("rb") as handle:  # every later build copies it: it must be whole before it has its name
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    for stale in folder.glob(f"{TEMPLATE_PREFIX}*.duckdb"):
        if stale != path:
            stale.unlink(missing_ok=True)
    _TEMPLATES[digest] = path
    if timings is not None:
        timings["schema"] = time.perf_counter() - started
    return path


#: The table whose region key columns (level, region_code, … county) every regional mart repeats.
REGION_KEYS_TABLE = "agency_region_rollup"


def build_marts(
    con: duckdb.DuckDBPyConnection, seconds: dict[str, float] | None = None, *, fill: bool = False,
) -> None:
    """(Re)build every mart from the warehouse tables on ``con``; ``fill``: fill the empty marts of a copy of
    the schema template, which already carry their comments."""
    paths = models.mart_models()
    for path in paths:
        models.run_model(con, path, seconds, fill=fill)
    if not fill:
        inherit_column_comments(con, [path.stem for path in paths], REGION_KEYS_TABLE)


def run_mart(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """(Re)build one mart (the Dagster layer materializes each as an asset of its own)."""
    models.run_model(con, path)
    inherit_column_comments(con, [path.stem], REGION_KEYS_TABLE)


def inherit_column_comments(con: duckdb.DuckDBPyConnection, tables: list[str], source: str) -> None:
    """Give the uncommented columns of ``tables`` the comment of the same-named column of ``source``.

    The regional marts select the region keys of ``agency_region_rollup``; their meaning is written once
    there instead of in every mart file. One look at the catalog for all the tables: each costs a few
    milliseconds, a fixed cost of every build.
    """
    rows = con.execute(
        """
        SELECT t.table_name, t.column_name, s.comment
        FROM duckdb_columns() t
        JOIN duckdb_columns() s ON s.column_name = t.column_name AND s.table_name = $2 AND s.comment IS NOT NULL
        WHERE list_contains($1, t.table_name) AND t.comment IS NULL AND t.table_name <> $2
        """,
        [tables, source],
    ).fetchall()
    for table, column, comment in rows:
        literal = comment.replace("'", "''")
        con.execute(f'COMMENT ON COLUMN "{table}"."{column}" IS \'{literal}\'')


def _write_build_info(con: duckdb.DuckDBPyConnection, fingerprint: str, parser_version: str | None) -> None:
    con.execute(
        "CREATE OR REPLACE TABLE build_info AS SELECT * FROM (VALUES ('fingerprint', $1), ('parser_version', $2), "
        "('built_at', $3)) AS t(key, value)",
        [fingerprint, parser_version, datetime.now(UTC).isoformat(timespec="seconds")],
    )
    con.execute(
        """
        COMMENT ON TABLE build_info IS '构建信息：本仓库文件的构建指纹、解析器版本与构建时间';
        COMMENT ON COLUMN build_info.key IS '键：fingerprint（输入指纹，未变则不重建）、parser_version、built_at';
        COMMENT ON COLUMN build_info.value IS '值';
        """
    )


def _open_template_copy(
    template: Path, data_dir: Path, tmp: Path, timings: dict[str, float],
) -> duckdb.DuckDBPyConnection:
    """A connection with a fresh copy of ``template`` at ``tmp`` attached as ``warehouse``. A template DuckDB
    cannot open (damaged on disk) is made again, once."""
    try:
        return _attach_copy(template, tmp)
    except duckdb.Error:
        for digest, known in list(_TEMPLATES.items()):
            if known == template:
                del _TEMPLATES[digest]
        template.unlink(missing_ok=True)
        return _attach_copy(schema_template(data_dir, timings), tmp)


def _attach_copy(template: Path, tmp: Path) -> duckdb.DuckDBPyConnection:
    shutil.copyfile(template, tmp)
    con = duckdb.connect(":memory:")
    try:
        _attach(con, tmp)
    except duckdb.Error:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    return con


def load_warehouse(
    data_dir: str | os.PathLike[str],
    *,
    parser_version: str | None = None,
    marts: bool = True,
    fingerprint: str | None = None,
    timings: dict[str, float] | None = None,
    model_seconds: dict[str, float] | None = None,
    target: str | os.PathLike[str] | None = None,
) -> Path:
    """Build the warehouse (and its marts) into a new file and move it over ``DIR/warehouse.duckdb``
    (or ``target``: the Dagster layer builds into a file of its own per run and publishes it later).

    Reads the parse cache of ``parser_version`` (default: the installed parser's version).
    """
    data_dir = Path(data_dir)
    if parser_version is None:
        try:
            parser_version = parsing.default_parser().version
        except parsing.ParserUnavailable:
            parser_version = None
    data_dir.mkdir(parents=True, exist_ok=True)
    target = Path(target) if target is not None else warehouse_path(data_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{target.stem}-{os.getpid()}.duckdb.tmp"
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    timings = timings if timings is not None else {}
    fingerprint = fingerprint or inputs_fingerprint(data_dir, parser_version)
    template = schema_template(data_dir, timings)  # made first when missing: not part of this build's load
    try:
        started = time.perf_counter()
        con = _open_template_copy(template, data_dir, tmp, timings)
        try:
            with models.transaction(con):  # the whole build commits once
                fill_schema(con, data_dir, parser_version, model_seconds)
                timings["load"] = time.perf_counter() - started
                if marts:  # else the marts stay empty until run_mart (the Dagster layer) rebuilds each
                    started = time.perf_counter()
                    build_marts(con, model_seconds, fill=True)
                    timings["marts"] = time.perf_counter() - started
                started = time.perf_counter()  # what is left to write lands on disk here: part of the build's cost
                models.drop_staging(con)
                _write_build_info(con, fingerprint, parser_version)
            con.execute("CHECKPOINT warehouse")
            timings["finish"] = time.perf_counter() - started
        finally:
            con.close()
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def _counts(path: Path, result: BuildResult) -> None:
    with read_only(path) as con:
        row = con.execute(
            """
            SELECT
                (SELECT count(*) FROM documents),
                (SELECT count(*) FROM reports WHERE status = 'failed'),
                (SELECT count(*) FROM reports WHERE status = 'pending'),
                (SELECT count(*) FROM reports WHERE status = 'parsed'),
                (SELECT count(*) FROM reports WHERE is_current),
                (SELECT count(*) FROM dim_agency),
                (SELECT count(*) FROM dim_agency WHERE region_code IS NULL)
            """
        ).fetchone()
    assert row is not None
    (result.documents, result.failed, result.pending, result.reports, result.current_reports,
     result.agencies, result.unresolved_agencies) = row


def build_warehouse(
    data_dir: str | os.PathLike[str],
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    parser: ParserSpec | None = None,
    force: bool = False,
) -> BuildResult:
    """Parse every document not yet parsed with the current parser version, then rebuild the warehouse.

    Skipped (``skipped=True``) when nothing it is built from changed since the last build, unless ``force``.
    """
    started = time.perf_counter()
    data_dir = Path(data_dir)
    result = BuildResult(path=warehouse_path(data_dir))
    if parser is None:
        try:
            parser = parsing.default_parser()
        except parsing.ParserUnavailable:
            if parsing.has_documents(data_dir):
                raise
    parsed: ParseResult = parsing.parse_pending(data_dir, workers=workers, progress=progress, parser=parser)
    result.parsed_now, result.failed_now, result.reused = parsed.parsed, parsed.failed, parsed.reused
    result.timings["parse"] = parsed.seconds
    version = parser.version if parser else None
    fingerprint = inputs_fingerprint(data_dir, version)
    if not force and stored_fingerprint(result.path) == fingerprint:
        result.skipped = True
    else:
        if progress:
            progress("load", 0, 1)
        load_warehouse(data_dir, parser_version=version, fingerprint=fingerprint, timings=result.timings,
                       model_seconds=result.model_seconds)
        if progress:
            progress("load", 1, 1)
    _counts(result.path, result)
    result.timings["total"] = time.perf_counter() - started
    return result
