"""One asset per mart, each running its ``sql/marts`` file on this run's build file, then publication.

A mart depends on the warehouse tables and marts its SQL reads, so the graph shows which tables feed which
mart. ``published_warehouse`` moves the finished build file over ``DIR/warehouse.duckdb`` (atomically) for
analysts; all of them hold the ``warehouse_writer`` pool.
"""

import dagster as dg

from pipelines.defs.common import SINGLE_RUN, WRITER_POOL
from pipelines.defs.resources import ZfxxgkSettings
from pipelines.defs.steps import exports
from pipelines.defs.steps import warehouse as steps
from pipelines.defs.warehouse.assets import OBJECTS, table_key

MARTS = steps.mart_objects()
_TABLES = {o.name for o in OBJECTS}


def _dep(name: str) -> dg.AssetKey:
    return table_key(name) if name in _TABLES else dg.AssetKey(name)


def mart_asset(mart: steps.SqlObject) -> dg.AssetsDefinition:
    """The asset of one mart: runs ``mart.path`` and reports its row count."""

    # every mart also waits for warehouse/reports, whose blocking check guards all of them
    deps = [_dep(n) for n in sorted({*mart.reads, "reports"})]

    @dg.asset(name=mart.name, group_name="marts", deps=deps, pool=WRITER_POOL, backfill_policy=SINGLE_RUN,
              kinds={"duckdb", mart.kind}, description=mart.description,
              metadata={"sql": dg.MetadataValue.path(str(mart.path))})
    def _mart(context: dg.AssetExecutionContext, zfxxgk: ZfxxgkSettings) -> dg.MaterializeResult:
        result = steps.build_mart(zfxxgk.data_path(), context.run.run_id, mart.name, version=steps.parser_version())
        metadata: dict[str, object] = {
            "dagster/row_count": result.rows.get(mart.name) or 0,
            "changed": result.changed,
            "path": dg.MetadataValue.path(str(result.path)),
            "seconds": round(result.seconds, 2),
        }
        if mart.name == "mart_region_comparison":
            metadata["top_provinces"] = dg.MetadataValue.md(exports.top_regions_markdown(result.path))
        return dg.MaterializeResult(metadata=metadata)

    return _mart


mart_assets = [mart_asset(m) for m in MARTS]


@dg.asset(group_name="exports", deps=[dg.AssetKey(m.name) for m in MARTS], pool=WRITER_POOL, kinds={"duckdb"},
          backfill_policy=SINGLE_RUN)
def published_warehouse(context: dg.AssetExecutionContext, zfxxgk: ZfxxgkSettings) -> dg.MaterializeResult:
    """``DIR/warehouse.duckdb``: this run's build, swapped in atomically; open it read-only (analysts' open
    connections keep the previous file until they close)."""
    result = steps.publish(zfxxgk.data_path(), context.run.run_id)
    context.log.info(("published " if result.changed else "unchanged: ") + str(result.path))
    return dg.MaterializeResult(metadata={
        "changed": result.changed,
        "path": dg.MetadataValue.path(str(result.path.resolve())),
        "built_at": steps.built_at(result.path) or "",
        "fingerprint": result.fingerprint[:16],
        "bytes": result.path.stat().st_size if result.path.is_file() else 0,
    })
