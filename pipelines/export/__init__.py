"""``zfxxgk export``: one mart, filtered, as a CSV that Excel opens correctly (or Parquet).

CSV is UTF-8 with a byte-order mark — without it Excel reads the Chinese as mojibake — with CRLF line ends,
numbers written plainly (no scientific notation; 万元 amounts keep their 4 decimals) and an empty field for
NULL. ``--zh`` writes the Chinese label of each column (the part of its ``COMMENT ON`` before the first
``：``) as the header. A ``.parquet`` file name writes Parquet instead. The mart name is checked against the
list of marts (identifiers cannot be bound); the level, year and region filters are bound parameters.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from pipelines.warehouse import divisions, models
from pipelines.warehouse.build import read_only

LEVELS = ("province", "city", "county", "national", "unresolved")


class ExportError(ValueError):
    """A request the warehouse cannot answer (unknown mart, region, missing warehouse)."""


@dataclass
class ExportResult:
    path: Path
    rows: int
    columns: list[str]


def column_labels(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    """Column → Chinese label, read back from the comments."""
    rows = con.execute(
        "SELECT column_name, comment FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index", [table]
    ).fetchall()
    return {name: (comment or name).split("：", 1)[0].strip() or name for name, comment in rows}


def export_mart(
    warehouse: str | os.PathLike[str],
    mart: str,
    out: str | os.PathLike[str],
    *,
    level: str | None = None,
    year: int | None = None,
    within: str | None = None,
    zh: bool = False,
) -> ExportResult:
    """Write ``mart`` (rows of ``level``, ``year``, inside region ``within``) to ``out`` (.csv or .parquet)."""
    if mart not in models.EXPORTABLE:
        raise ExportError(f"unknown mart {mart!r}; one of: {', '.join(models.EXPORTABLE)}")
    warehouse = Path(warehouse)
    if not warehouse.is_file():
        raise ExportError(f"no warehouse at {warehouse}: run `zfxxgk build` first")
    within_code = None
    if within:
        match = divisions.lookup_region(within)
        if not match.code:
            detail = f" (candidates: {', '.join(match.candidates[:10])})" if match.candidates else ""
            raise ExportError(f"--within {within!r} does not name one region: {match.reason or match.status}{detail}")
        within_code = match.code
    out = Path(out)
    with read_only(warehouse) as con:
        columns = [name for (name,) in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index", [mart]
        ).fetchall()]
        if not columns:
            raise ExportError(f"{warehouse} has no table {mart}: rebuild it with `zfxxgk build`")
        where, params = [], []
        if "level" in columns:
            if level is None:
                raise ExportError(f"{mart} has rows at several levels: give --level ({', '.join(LEVELS[:3])})")
            where.append("level = ?")
            params.append(level)
        if year is not None and "year" in columns:
            where.append("year = ?")
            params.append(year)
        if within_code is not None:
            scope = [c for c in ("region_code", "province_code", "city_code", "county_code") if c in columns]
            if not scope:
                raise ExportError(f"{mart} has no region columns to filter with --within")
            where.append(f"? IN ({', '.join(scope)})")
            params.append(within_code)
        query = f"SELECT * FROM {mart}" + (f" WHERE {' AND '.join(where)}" if where else "")
        frame = con.sql(query, params=params).pl()
        labels = column_labels(con, mart) if zh else {}
    if zh:
        frame = frame.rename(labels)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.part")
    if out.suffix.lower() == ".parquet":
        frame.write_parquet(tmp)
    else:
        # a list (dq tables: origins, candidates) has no CSV form: write it as one field, items joined by "; "
        lists = [name for name, dtype in frame.schema.items() if isinstance(dtype, pl.List)]
        frame = frame.with_columns(pl.col(name).cast(pl.List(pl.String)).list.join("; ") for name in lists)
        frame.write_csv(tmp, include_bom=True, line_terminator="\r\n", float_scientific=False, null_value="")
    os.replace(tmp, out)
    return ExportResult(out, frame.height, list(frame.columns))
