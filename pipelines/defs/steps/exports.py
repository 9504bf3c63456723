"""The regional CSV exports under ``DIR/exports/``, written from the published warehouse.

One CSV per region mart and level (``mart_region_comparison_province.csv`` …), UTF-8 with BOM for Excel,
through ``pipelines.export.export_mart``. ``manifest.json`` records the warehouse fingerprint they were
written from, so an unchanged night rewrites nothing.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from pipelines.defs.steps.checks import markdown_table
from pipelines.export import export_mart
from pipelines.warehouse import warehouse_path
from pipelines.warehouse.build import read_only, stored_fingerprint

REGION_MARTS = ("mart_region_comparison", "mart_region_applications", "mart_region_fees", "mart_region_litigation")
LEVELS = ("province", "city", "county")
MANIFEST = "manifest.json"


@dataclass
class ExportsResult:
    changed: bool
    folder: Path
    files: dict[str, int] = field(default_factory=dict)  # path → rows
    fingerprint: str = ""


def exports_dir(data_dir: str | Path) -> Path:
    return Path(data_dir) / "exports"


def write_regional_exports(data_dir: str | Path, *, force: bool = False) -> ExportsResult:
    """Export every region mart at every level from ``DIR/warehouse.duckdb``; skipped when already current."""
    data_dir = Path(data_dir)
    published = warehouse_path(data_dir)
    folder = exports_dir(data_dir)
    fingerprint = stored_fingerprint(published)
    if fingerprint is None:
        raise FileNotFoundError(f"no published warehouse at {published}: materialize published_warehouse first")
    manifest_path = folder / MANIFEST
    manifest = _read_manifest(manifest_path)
    if (not force and manifest.get("fingerprint") == fingerprint
            and all((folder / name).is_file() for name in manifest.get("files", {}))):
        return ExportsResult(False, folder, {str(folder / n): rows for n, rows in manifest["files"].items()},
                             fingerprint)
    files: dict[str, int] = {}
    for mart in REGION_MARTS:
        for level in LEVELS:
            result = export_mart(published, mart, folder / f"{mart}_{level}.csv", level=level)
            files[result.path.name] = result.rows
    tmp = manifest_path.with_name(f".{MANIFEST}.part")
    tmp.write_text(json.dumps({"fingerprint": fingerprint, "files": files}, indent=1), encoding="utf-8")
    os.replace(tmp, manifest_path)
    return ExportsResult(True, folder, {str(folder / n): rows for n, rows in files.items()}, fingerprint)


def _read_manifest(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


TOP_COLUMNS = ("region_name", "year", "agencies_reporting", "applications", "disclosure_rate", "rank_applications",
               "applications_change_pct")


def top_regions(con: duckdb.DuckDBPyConnection, *, level: str = "province", limit: int = 10) -> list[tuple[Any, ...]]:
    """The comparison mart's regions of ``level`` in its best-covered year (the most regions with
    applications; the latest of equals), most applications first: the newest year is often still arriving."""
    return con.execute(
        f"""
        WITH coverage AS (
            SELECT year FROM mart_region_comparison WHERE level = $level AND applications > 0
            GROUP BY year ORDER BY count(*) DESC, year DESC LIMIT 1
        )
        SELECT {", ".join(TOP_COLUMNS)}
        FROM mart_region_comparison
        WHERE level = $level AND year = (SELECT year FROM coverage)
        ORDER BY applications DESC NULLS LAST, region_name
        LIMIT $limit
        """,
        {"level": level, "limit": limit},
    ).fetchall()


def top_regions_markdown(path: str | Path, *, level: str = "province", limit: int = 10) -> str:
    """A markdown table of ``top_regions`` read from the warehouse file at ``path``."""
    with read_only(path) as con:
        rows = top_regions(con, level=level, limit=limit)
    shown = [(name, year, agencies, apps, f"{rate:.1%}" if rate is not None else "", rank or "", change or "")
             for name, year, agencies, apps, rate, rank, change in rows]
    header = ("region", "year", "agencies", "applications", "disclosure rate", "rank", "change %")
    return markdown_table(header, shown, limit=limit) if shown else "(no regions with applications yet)"
