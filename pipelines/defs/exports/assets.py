"""``regional_exports``: the region marts as CSV (UTF-8 with BOM, for Excel) under ``DIR/exports/``."""

from pathlib import Path

import dagster as dg

from pipelines.defs.common import SINGLE_RUN
from pipelines.defs.marts.assets import published_warehouse
from pipelines.defs.resources import ZfxxgkSettings
from pipelines.defs.steps import exports
from pipelines.warehouse import warehouse_path


@dg.asset(group_name="exports", deps=[published_warehouse], kinds={"csv"}, backfill_policy=SINGLE_RUN)
def regional_exports(context: dg.AssetExecutionContext, zfxxgk: ZfxxgkSettings) -> dg.MaterializeResult:
    """One CSV per region mart and level, from the published warehouse; rewritten only when it changed."""
    result = exports.write_regional_exports(zfxxgk.data_path())
    context.log.info(("wrote " if result.changed else "unchanged: ") + f"{len(result.files)} CSVs in {result.folder}")
    metadata: dict[str, object] = {
        "changed": result.changed,
        "folder": dg.MetadataValue.path(str(result.folder.resolve())),
        "files": len(result.files),
        "rows": sum(result.files.values()),
        "top_provinces": dg.MetadataValue.md(exports.top_regions_markdown(warehouse_path(zfxxgk.data_path()))),
    }
    for path, rows in sorted(result.files.items()):
        metadata[f"export {Path(path).name} ({rows} rows)"] = dg.MetadataValue.path(path)
    return dg.MaterializeResult(metadata=metadata)
